// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding PERF_RECORD_SAMPLE bodies and the sample_id trailer of other
 * records, field by field in the order the kernel writes them
 * (include/uapi/linux/perf_event.h, "PERF_RECORD_SAMPLE").
 */
#include <byteswap.h>
#include <errno.h>
#include <string.h>

#include "lib/sample.h"

/* A bounded cursor over the u64 words of a record body. */
struct cursor {
	const uint8_t *p, *end;
	bool swap;
};

static int cur_u64(struct cursor *c, uint64_t *v)
{
	uint64_t x;

	if (c->end - c->p < 8)
		return -EINVAL;
	memcpy(&x, c->p, 8);
	c->p += 8;
	*v = c->swap ? bswap_64(x) : x;
	return 0;
}

/* Two u32 in one u64 word (pid/tid, cpu/res), each in the record's byte order. */
static int cur_u32x2(struct cursor *c, uint32_t *a, uint32_t *b)
{
	uint32_t x[2];

	if (c->end - c->p < 8)
		return -EINVAL;
	memcpy(x, c->p, 8);
	c->p += 8;
	*a = c->swap ? bswap_32(x[0]) : x[0];
	*b = c->swap ? bswap_32(x[1]) : x[1];
	return 0;
}

static int cur_skip(struct cursor *c, uint64_t bytes)
{
	if ((uint64_t)(c->end - c->p) < bytes)
		return -EINVAL;
	c->p += bytes;
	return 0;
}

static int parse_read(struct kp_sample *s, uint64_t read_format, struct cursor *c)
{
	uint64_t nr = 1, per = 1, v;

	if (read_format & PERF_FORMAT_ID)
		per++;
	if (read_format & PERF_FORMAT_LOST)
		per++;
	if (cur_u64(c, (read_format & PERF_FORMAT_GROUP) ? &nr : &s->read.one_value))
		return -EINVAL;
	if ((read_format & PERF_FORMAT_TOTAL_TIME_ENABLED) && cur_u64(c, &v))
		return -EINVAL;
	if ((read_format & PERF_FORMAT_TOTAL_TIME_RUNNING) && cur_u64(c, &v))
		return -EINVAL;
	if (!(read_format & PERF_FORMAT_GROUP)) {
		if ((read_format & PERF_FORMAT_ID) && cur_u64(c, &s->read.one_id))
			return -EINVAL;
		if ((read_format & PERF_FORMAT_LOST) && cur_u64(c, &v))
			return -EINVAL;
		s->read.nr = 1;
		return 0;
	}
	if (nr > (uint64_t)(c->end - c->p) / 8 / per)
		return -EINVAL;
	s->read.nr = nr;
	s->read.entries = (const uint64_t *)c->p;
	s->read.stride = per;
	c->p += nr * per * 8;
	return 0;
}

static int skip_regs(struct cursor *c, uint64_t mask, uint64_t *abi, const uint64_t **regs)
{
	const uint64_t *r;
	int err = cur_u64(c, abi);

	if (err)
		return err;
	if (!*abi)
		return 0;
	r = (const uint64_t *)c->p;
	err = cur_skip(c, (uint64_t)__builtin_popcountll(mask) * 8);
	if (!err && regs)
		*regs = r;
	return err;
}

int kp_sample__parse(struct kp_sample *s, const struct perf_event_attr *attr,
		     const union perf_event *event, bool swap)
{
	uint64_t type = attr->sample_type, v, nr;
	struct cursor c;

	memset(s, 0, sizeof(*s));
	s->misc = event->header.misc;
	s->period = attr->freq ? 1 : attr->sample_period;
	s->cpu = s->pid = s->tid = (uint32_t)-1;
	if (event->header.size < sizeof(event->header))
		return -EINVAL;
	c.p = (const uint8_t *)event + sizeof(event->header);
	c.end = (const uint8_t *)event + event->header.size;
	c.swap = swap;

	if ((type & PERF_SAMPLE_IDENTIFIER) && cur_u64(&c, &s->id))
		return -EINVAL;
	if ((type & PERF_SAMPLE_IP) && cur_u64(&c, &s->ip))
		return -EINVAL;
	if (type & PERF_SAMPLE_TID) {
		if (cur_u32x2(&c, &s->pid, &s->tid))
			return -EINVAL;
		s->has_tid = true;
	}
	if (type & PERF_SAMPLE_TIME) {
		if (cur_u64(&c, &s->time))
			return -EINVAL;
		s->has_time = true;
	}
	if ((type & PERF_SAMPLE_ADDR) && cur_u64(&c, &s->addr))
		return -EINVAL;
	if ((type & PERF_SAMPLE_ID) && cur_u64(&c, &s->id))
		return -EINVAL;
	if ((type & PERF_SAMPLE_STREAM_ID) && cur_u64(&c, &s->stream_id))
		return -EINVAL;
	if (type & PERF_SAMPLE_CPU) {
		if (cur_u32x2(&c, &s->cpu, &s->res))
			return -EINVAL;
		s->has_cpu = true;
	}
	if ((type & PERF_SAMPLE_PERIOD) && cur_u64(&c, &s->period))
		return -EINVAL;
	if ((type & PERF_SAMPLE_READ) && parse_read(s, attr->read_format, &c))
		return -EINVAL;
	if (type & PERF_SAMPLE_CALLCHAIN) {
		const void *start = c.p;

		if (cur_u64(&c, &nr) || nr > (uint64_t)(c.end - c.p) / 8)
			return -EINVAL;
		c.p += nr * 8;
		s->callchain = start;
	}
	if (type & PERF_SAMPLE_RAW) {
		uint32_t sz;

		if (c.end - c.p < 4)
			return -EINVAL;
		memcpy(&sz, c.p, 4);
		s->raw_size = swap ? bswap_32(sz) : sz;
		if ((uint64_t)(c.end - c.p) - 4 < s->raw_size)
			return -EINVAL;
		s->raw_data = c.p + 4;
		/* the u32 size and the data are padded together to a u64 boundary */
		if (cur_skip(&c, ((uint64_t)s->raw_size + 4 + 7) & ~7ULL))
			return -EINVAL;
	}
	if (type & PERF_SAMPLE_BRANCH_STACK) {
		if (cur_u64(&c, &nr))
			return -EINVAL;
		if ((attr->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX) && cur_u64(&c, &v))
			return -EINVAL;
		if (nr > (uint64_t)(c.end - c.p) / 24 || cur_skip(&c, nr * 24))
			return -EINVAL;
	}
	if ((type & PERF_SAMPLE_REGS_USER) &&
	    skip_regs(&c, attr->sample_regs_user, &s->user_abi, &s->user_regs))
		return -EINVAL;
	if (type & PERF_SAMPLE_STACK_USER) {
		if (cur_u64(&c, &s->user_stack_size))
			return -EINVAL;
		if (s->user_stack_size) {
			s->user_stack = c.p;
			if (cur_skip(&c, s->user_stack_size) ||
			    cur_u64(&c, &s->user_stack_dyn_size))
				return -EINVAL;
		}
	}
	if ((type & (PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT)) && cur_u64(&c, &s->weight))
		return -EINVAL;
	if ((type & PERF_SAMPLE_DATA_SRC) && cur_u64(&c, &s->data_src))
		return -EINVAL;
	if ((type & PERF_SAMPLE_TRANSACTION) && cur_u64(&c, &s->transaction))
		return -EINVAL;
	if (type & PERF_SAMPLE_REGS_INTR) {
		uint64_t abi;

		if (skip_regs(&c, attr->sample_regs_intr, &abi, NULL))
			return -EINVAL;
	}
	if ((type & PERF_SAMPLE_PHYS_ADDR) && cur_u64(&c, &s->phys_addr))
		return -EINVAL;
	if ((type & PERF_SAMPLE_CGROUP) && cur_u64(&c, &s->cgroup))
		return -EINVAL;
	if ((type & PERF_SAMPLE_DATA_PAGE_SIZE) && cur_u64(&c, &v))
		return -EINVAL;
	if ((type & PERF_SAMPLE_CODE_PAGE_SIZE) && cur_u64(&c, &v))
		return -EINVAL;
	if (type & PERF_SAMPLE_AUX) {
		if (cur_u64(&c, &v) || cur_skip(&c, v))
			return -EINVAL;
	}
	return 0;
}

unsigned int kp_sample__id_size(const struct perf_event_attr *attr)
{
	uint64_t type = attr->sample_type;
	unsigned int n = 0;

	if (!attr->sample_id_all)
		return 0;
	n += !!(type & PERF_SAMPLE_TID);
	n += !!(type & PERF_SAMPLE_TIME);
	n += !!(type & PERF_SAMPLE_ID);
	n += !!(type & PERF_SAMPLE_STREAM_ID);
	n += !!(type & PERF_SAMPLE_CPU);
	n += !!(type & PERF_SAMPLE_IDENTIFIER);
	return n * 8;
}

int kp_sample__parse_id(struct kp_sample *s, const struct perf_event_attr *attr,
			const union perf_event *event, bool swap)
{
	uint64_t type = attr->sample_type;
	unsigned int size = kp_sample__id_size(attr);
	struct cursor c;

	memset(s, 0, sizeof(*s));
	s->misc = event->header.misc;
	s->period = 1;
	s->cpu = s->pid = s->tid = (uint32_t)-1;
	if (!size)
		return 0;
	if (event->header.size < sizeof(event->header) + size)
		return -EINVAL;
	c.end = (const uint8_t *)event + event->header.size;
	c.p = c.end - size;
	c.swap = swap;
	if (type & PERF_SAMPLE_TID) {
		cur_u32x2(&c, &s->pid, &s->tid);
		s->has_tid = true;
	}
	if (type & PERF_SAMPLE_TIME) {
		cur_u64(&c, &s->time);
		s->has_time = true;
	}
	if (type & PERF_SAMPLE_ID)
		cur_u64(&c, &s->id);
	if (type & PERF_SAMPLE_STREAM_ID)
		cur_u64(&c, &s->stream_id);
	if (type & PERF_SAMPLE_CPU) {
		cur_u32x2(&c, &s->cpu, &s->res);
		s->has_cpu = true;
	}
	if (type & PERF_SAMPLE_IDENTIFIER)
		cur_u64(&c, &s->id);
	return 0;
}

int kp_sample__id_pos(const struct perf_event_attr *attr)
{
	uint64_t type = attr->sample_type;
	int idx = 0;

	if (type & PERF_SAMPLE_IDENTIFIER)
		return 0;
	if (!(type & PERF_SAMPLE_ID))
		return -1;
	idx += !!(type & PERF_SAMPLE_IP);
	idx += !!(type & PERF_SAMPLE_TID);
	idx += !!(type & PERF_SAMPLE_TIME);
	idx += !!(type & PERF_SAMPLE_ADDR);
	return idx;
}

int kp_sample__id_pos_other(const struct perf_event_attr *attr)
{
	uint64_t type = attr->sample_type;
	int idx = 1;

	if (type & PERF_SAMPLE_IDENTIFIER)
		return 1;
	if (!(type & PERF_SAMPLE_ID))
		return -1;
	idx += !!(type & PERF_SAMPLE_CPU);
	idx += !!(type & PERF_SAMPLE_STREAM_ID);
	return idx;
}
