// SPDX-License-Identifier: GPL-2.0
#include <byteswap.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "lib/sample.h"
#include "lib/swap.h"

static void sw16(void *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	v = bswap_16(v);
	memcpy(p, &v, 2);
}

static void sw32(void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	v = bswap_32(v);
	memcpy(p, &v, 4);
}

static void sw64(void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	v = bswap_64(v);
	memcpy(p, &v, 8);
}

static void sw64n(void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sw64((uint8_t *)p + 8 * i);
}

void kp_swap_header(struct perf_event_header *h)
{
	h->type = bswap_32(h->type);
	h->misc = bswap_16(h->misc);
	h->size = bswap_16(h->size);
}

static uint8_t revbits(uint8_t b)
{
	b = (b & 0xf0) >> 4 | (b & 0x0f) << 4;
	b = (b & 0xcc) >> 2 | (b & 0x33) << 2;
	return (b & 0xaa) >> 1 | (b & 0x55) << 1;
}

/* Field layout of perf_event_attr: size of each field in order ('b': the bitfield word). */
static const char attr_layout[] = "448888b448888448422448";

void kp_swap_attr(struct perf_event_attr *attr, size_t size)
{
	uint8_t *p = (uint8_t *)attr;
	size_t off = 0;

	if (size > sizeof(*attr))
		size = sizeof(*attr);
	for (const char *f = attr_layout; *f; f++) {
		size_t n = *f == 'b' ? 8 : (size_t)(*f - '0');

		if (off + n > size)
			break;
		if (*f == 'b')
			for (size_t i = 0; i < 8; i++)
				p[off + i] = revbits(p[off + i]);
		else if (n == 8)
			sw64(p + off);
		else if (n == 4)
			sw32(p + off);
		else if (n == 2)
			sw16(p + off);
		off += n;
	}
}

/* Swap a fixed prefix described by @fmt ('2', '4', '8': field sizes; '1': a byte) at @p. */
static size_t swap_fmt(uint8_t *p, size_t avail, const char *fmt)
{
	size_t off = 0;

	for (; *fmt; fmt++) {
		size_t n = *fmt - '0';

		if (off + n > avail)
			break;
		if (n == 8)
			sw64(p + off);
		else if (n == 4)
			sw32(p + off);
		else if (n == 2)
			sw16(p + off);
		off += n;
	}
	return off;
}

struct wcur {
	uint8_t *p, *end;
};

static int w64(struct wcur *c, uint64_t *v)
{
	if (c->end - c->p < 8)
		return -EINVAL;
	sw64(c->p);
	if (v)
		memcpy(v, c->p, 8);
	c->p += 8;
	return 0;
}

static int w64n(struct wcur *c, uint64_t n)
{
	if (n > (uint64_t)(c->end - c->p) / 8)
		return -EINVAL;
	sw64n(c->p, n);
	c->p += n * 8;
	return 0;
}

static int w32x2(struct wcur *c)
{
	if (c->end - c->p < 8)
		return -EINVAL;
	sw32(c->p), sw32(c->p + 4);
	c->p += 8;
	return 0;
}

static int wskip(struct wcur *c, uint64_t n)
{
	if (n > (uint64_t)(c->end - c->p))
		return -EINVAL;
	c->p += n;
	return 0;
}

/* The fixed-size fields of @fields that @type has, in order: u32 pairs (tid, cpu) and u64s. */
static int wfixed(struct wcur *c, uint64_t type, const uint64_t *fields, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (!(type & fields[i]))
			continue;
		if (fields[i] & (PERF_SAMPLE_TID | PERF_SAMPLE_CPU) ? w32x2(c) : w64(c, NULL))
			return -EINVAL;
	}
	return 0;
}

#define NR(a) (sizeof(a) / sizeof((a)[0]))

static const uint64_t id_fields[] = {
	PERF_SAMPLE_TID, PERF_SAMPLE_TIME, PERF_SAMPLE_ID, PERF_SAMPLE_STREAM_ID, PERF_SAMPLE_CPU,
	PERF_SAMPLE_IDENTIFIER,
};
static const uint64_t sample_head[] = {
	PERF_SAMPLE_IDENTIFIER, PERF_SAMPLE_IP, PERF_SAMPLE_TID, PERF_SAMPLE_TIME,
	PERF_SAMPLE_ADDR, PERF_SAMPLE_ID, PERF_SAMPLE_STREAM_ID, PERF_SAMPLE_CPU,
	PERF_SAMPLE_PERIOD,
};
static const uint64_t sample_mid[] = {
	PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT, PERF_SAMPLE_DATA_SRC,
	PERF_SAMPLE_TRANSACTION,
};
static const uint64_t sample_tail[] = {
	PERF_SAMPLE_PHYS_ADDR, PERF_SAMPLE_CGROUP, PERF_SAMPLE_DATA_PAGE_SIZE,
	PERF_SAMPLE_CODE_PAGE_SIZE,
};

/* The sample_id_all trailer of a non-sample record ending at @end; returns its size. */
static size_t trailer_swap(uint8_t *end, const struct perf_event_attr *attr, size_t avail)
{
	size_t size = kp_sample__id_size(attr);
	struct wcur c = { NULL, end };

	if (!size || size > avail)
		return 0;
	c.p = end - size;
	wfixed(&c, attr->sample_type, id_fields, NR(id_fields));
	return size;
}

static int swap_sample(union perf_event *event, const struct perf_event_attr *attr)
{
	uint64_t t = attr->sample_type, v, nr;
	struct wcur c = { (uint8_t *)event + 8, (uint8_t *)event + event->header.size };

	if (wfixed(&c, t, sample_head, NR(sample_head)))
		return -EINVAL;
	if (t & PERF_SAMPLE_READ) {
		uint64_t rf = attr->read_format,
			 per = 1 + !!(rf & PERF_FORMAT_ID) + !!(rf & PERF_FORMAT_LOST);

		nr = 1;
		if ((rf & PERF_FORMAT_GROUP) && w64(&c, &nr))
			return -EINVAL;
		if ((rf & PERF_FORMAT_TOTAL_TIME_ENABLED) && w64(&c, NULL))
			return -EINVAL;
		if ((rf & PERF_FORMAT_TOTAL_TIME_RUNNING) && w64(&c, NULL))
			return -EINVAL;
		if (nr > (uint64_t)(c.end - c.p) / 8 / per || w64n(&c, nr * per))
			return -EINVAL;
	}
	if ((t & PERF_SAMPLE_CALLCHAIN) && (w64(&c, &nr) || w64n(&c, nr)))
		return -EINVAL;
	if (t & PERF_SAMPLE_RAW) {
		uint32_t sz;

		if (c.end - c.p < 4)
			return -EINVAL;
		sw32(c.p);
		memcpy(&sz, c.p, 4);
		if (wskip(&c, ((uint64_t)sz + 4 + 7) & ~7ULL))
			return -EINVAL;
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		if (w64(&c, &nr))
			return -EINVAL;
		if ((attr->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX) && w64(&c, NULL))
			return -EINVAL;
		if (nr > (uint64_t)(c.end - c.p) / 24 || w64n(&c, nr * 3))
			return -EINVAL;
	}
	if (t & PERF_SAMPLE_REGS_USER) {
		if (w64(&c, &v))
			return -EINVAL;
		if (v && w64n(&c, __builtin_popcountll(attr->sample_regs_user)))
			return -EINVAL;
	}
	if (t & PERF_SAMPLE_STACK_USER) {
		if (w64(&c, &v))
			return -EINVAL;
		if (v && (wskip(&c, v) || w64(&c, NULL)))
			return -EINVAL;
	}
	if (wfixed(&c, t, sample_mid, NR(sample_mid)))
		return -EINVAL;
	if (t & PERF_SAMPLE_REGS_INTR) {
		if (w64(&c, &v))
			return -EINVAL;
		if (v && w64n(&c, __builtin_popcountll(attr->sample_regs_intr)))
			return -EINVAL;
	}
	if (wfixed(&c, t, sample_tail, NR(sample_tail)))
		return -EINVAL;
	if ((t & PERF_SAMPLE_AUX) && (w64(&c, &v) || wskip(&c, v)))
		return -EINVAL;
	return 0;
}

/* Fixed prefixes of the record bodies this reader looks at; the rest is bytes. */
static const char *const body_fmt[PERF_RECORD_HEADER_MAX] = {
	[PERF_RECORD_MMAP] = "44888",
	[PERF_RECORD_LOST] = "88",
	[PERF_RECORD_COMM] = "44",
	[PERF_RECORD_EXIT] = "44448",
	[PERF_RECORD_THROTTLE] = "888",
	[PERF_RECORD_UNTHROTTLE] = "888",
	[PERF_RECORD_FORK] = "44448",
	[PERF_RECORD_READ] = "44",
	[PERF_RECORD_MMAP2] = "44888448844",
	[PERF_RECORD_AUX] = "888",
	[PERF_RECORD_ITRACE_START] = "44",
	[PERF_RECORD_LOST_SAMPLES] = "8",
	[PERF_RECORD_SWITCH_CPU_WIDE] = "44",
	[PERF_RECORD_NAMESPACES] = "448",
	[PERF_RECORD_KSYMBOL] = "8422",
	[PERF_RECORD_BPF_EVENT] = "224",
	[PERF_RECORD_CGROUP] = "8",
	[PERF_RECORD_TEXT_POKE] = "822",
	[PERF_RECORD_AUX_OUTPUT_HW_ID] = "8",
	[PERF_RECORD_HEADER_EVENT_TYPE] = "8",
	[PERF_RECORD_HEADER_TRACING_DATA] = "4",
	[PERF_RECORD_HEADER_BUILD_ID] = "4",
	[PERF_RECORD_AUXTRACE] = "8884444",
	[PERF_RECORD_EVENT_UPDATE] = "88",
	[PERF_RECORD_HEADER_FEATURE] = "8",
	[PERF_RECORD_STAT_ROUND] = "88",
	[PERF_RECORD_THREAD_MAP] = "8",
};

int kp_swap_event(union perf_event *event, const struct perf_event_attr *attr)
{
	uint32_t type = event->header.type;
	uint8_t *body = (uint8_t *)event + sizeof(event->header);
	size_t len = event->header.size - sizeof(event->header), tail = 0, off;

	if (event->header.size < sizeof(event->header))
		return -EINVAL;
	if (type == PERF_RECORD_SAMPLE)
		return attr ? swap_sample(event, attr) : 0;
	if (type == PERF_RECORD_HEADER_ATTR) {
		struct perf_event_attr *a = (void *)body;
		uint32_t asz;

		if (len < 8)
			return -EINVAL;
		sw32(body), sw32(body + 4);
		asz = a->size;
		if (asz > len)
			return -EINVAL;
		sw32(body), sw32(body + 4); /* kp_swap_attr does these again */
		kp_swap_attr(a, asz);
		sw64n(body + asz, (len - asz) / 8);
		return 0;
	}
	if (type == PERF_RECORD_ID_INDEX || type == PERF_RECORD_STAT_CONFIG ||
	    type == PERF_RECORD_TIME_CONV) {
		sw64n(body, len / 8);
		return 0;
	}
	if (type < PERF_RECORD_USER_TYPE_START && attr && attr->sample_id_all)
		tail = trailer_swap(body + len, attr, len);
	if (type >= PERF_RECORD_HEADER_MAX || !body_fmt[type])
		return 0;
	off = swap_fmt(body, len - tail, body_fmt[type]);
	if (type == PERF_RECORD_READ)
		sw64n(body + off, (len - tail - off) / 8);
	else if (type == PERF_RECORD_NAMESPACES)
		sw64n(body + off, (len - tail - off) / 8);
	return 0;
}
