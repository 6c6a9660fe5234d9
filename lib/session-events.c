// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the records of a perf.data (file data section, mapped pipe-mode
 * file, or a pipe-mode stream), in perf 6.1's order: user records (attrs,
 * features, FINISHED_ROUND, COMPRESSED, ...) act at once; kernel records with
 * a timestamp go through the ordered queue when the tool asks for order.
 */
#include <byteswap.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/feature-read.h"
#include "lib/session-int.h"
#include "lib/swap.h"

#define MAX_RECORD 65536

static const char *const record_names[PERF_RECORD_HEADER_MAX] = {
	[PERF_RECORD_MMAP] = "MMAP",	   [PERF_RECORD_COMM] = "COMM",
	[PERF_RECORD_MMAP2] = "MMAP2",	   [PERF_RECORD_CGROUP] = "CGROUP",
	[PERF_RECORD_KSYMBOL] = "KSYMBOL",
};

/* perf's evlist__event2evsel: the event whose layout the record has. */
static struct kp_evsel *event_evsel(struct kp_session *s, const union perf_event *ev)
{
	struct kp_evsel *first = s->evsels[0];
	size_t n = (ev->header.size - sizeof(ev->header)) / 8;
	const uint8_t *body = (const uint8_t *)ev + sizeof(ev->header);
	uint64_t id;
	int pos;

	if (s->nr_evsels == 1)
		return first;
	if (!first->attr.sample_id_all && ev->header.type != PERF_RECORD_SAMPLE)
		return first;
	if (ev->header.type == PERF_RECORD_SAMPLE) {
		pos = kp_sample__id_pos(&first->attr);
		if (pos < 0 || (size_t)pos >= n)
			return NULL;
	} else {
		pos = kp_sample__id_pos_other(&first->attr);
		if (pos < 0 || (size_t)pos > n)
			return NULL;
		pos = n - pos;
	}
	memcpy(&id, body + pos * 8, 8);
	if (!id)
		return first;
	return kp_idmap__find(&s->ids, id);
}

/* The record's timestamp for the queue; ~0 when it has none. */
static uint64_t event_time(const struct kp_session *s, const union perf_event *ev,
			   const struct perf_event_attr *attr)
{
	uint64_t t = attr->sample_type, ts;
	size_t n = (ev->header.size - sizeof(ev->header)) / 8, pos;
	const uint8_t *body = (const uint8_t *)ev + sizeof(ev->header);

	if (!(t & PERF_SAMPLE_TIME))
		return ~0ULL;
	if (ev->header.type == PERF_RECORD_SAMPLE) {
		pos = !!(t & PERF_SAMPLE_IDENTIFIER) + !!(t & PERF_SAMPLE_IP) +
		      !!(t & PERF_SAMPLE_TID);
		if (pos >= n)
			return ~0ULL;
	} else {
		size_t words = kp_sample__id_size(attr) / 8;

		if (!attr->sample_id_all || words > n)
			return ~0ULL;
		pos = n - words + !!(t & PERF_SAMPLE_TID);
	}
	memcpy(&ts, body + pos * 8, 8);
	return ts;
}

/* Smallest body (header included) of the kernel records this reader exposes. */
static const uint16_t min_size[PERF_RECORD_HEADER_MAX] = {
	[PERF_RECORD_MMAP] = 40,
	[PERF_RECORD_LOST] = 24,
	[PERF_RECORD_COMM] = 16,
	[PERF_RECORD_EXIT] = 32,
	[PERF_RECORD_THROTTLE] = 32,
	[PERF_RECORD_UNTHROTTLE] = 32,
	[PERF_RECORD_FORK] = 32,
	[PERF_RECORD_READ] = 24,
	[PERF_RECORD_MMAP2] = 72,
	[PERF_RECORD_AUX] = 32,
	[PERF_RECORD_ITRACE_START] = 16,
	[PERF_RECORD_LOST_SAMPLES] = 16,
	[PERF_RECORD_SWITCH_CPU_WIDE] = 16,
	[PERF_RECORD_NAMESPACES] = 24,
	[PERF_RECORD_KSYMBOL] = 24,
	[PERF_RECORD_BPF_EVENT] = 24,
	[PERF_RECORD_CGROUP] = 16,
	[PERF_RECORD_TEXT_POKE] = 20,
	[PERF_RECORD_AUX_OUTPUT_HW_ID] = 16,
	[PERF_RECORD_HEADER_ATTR] = 8 + PERF_ATTR_SIZE_VER0,
	[PERF_RECORD_HEADER_TRACING_DATA] = 12,
	[PERF_RECORD_HEADER_BUILD_ID] = 36,
	[PERF_RECORD_AUXTRACE] = 48,
	[PERF_RECORD_EVENT_UPDATE] = 24,
	[PERF_RECORD_HEADER_FEATURE] = 16,
};

/* Offset of the NUL-terminated name in records that carry one. */
static const uint16_t name_off[PERF_RECORD_HEADER_MAX] = {
	[PERF_RECORD_MMAP] = 40,   [PERF_RECORD_COMM] = 16,    [PERF_RECORD_MMAP2] = 72,
	[PERF_RECORD_CGROUP] = 16, [PERF_RECORD_KSYMBOL] = 24,
};

/* One value of PERF_SAMPLE_READ: the period is what the counter of @id added since its last sample. */
static int deliver_value(struct kp_session *s, union perf_event *ev, struct kp_sample *sample,
			 uint64_t id, uint64_t value)
{
	struct kp_idmap_slot *slot = kp_idmap__slot(&s->ids, id);

	if (!slot) {
		s->stats.nr_unknown_id++;
		return 0;
	}
	sample->id = id;
	sample->period = value - slot->period;
	slot->period = value;
	if (!sample->period)
		return 0;
	s->stats.nr_samples++;
	return s->tool && s->tool->sample ? s->tool->sample(s->tool, ev, sample, slot->evsel) : 0;
}

/* Like perf, a sample that reads counters becomes one sample per counter (group member). */
static int deliver_read(struct kp_session *s, union perf_event *ev, struct kp_sample *sample)
{
	uint64_t i;
	int err = 0;

	if (!sample->read.entries)
		return deliver_value(s, ev, sample, sample->read.one_id, sample->read.one_value);
	for (i = 0; i < sample->read.nr && !err; i++) {
		const uint64_t *e = sample->read.entries + i * sample->read.stride;

		err = deliver_value(s, ev, sample, sample->read.stride > 1 ? e[1] : 0, e[0]);
	}
	return err;
}

static int deliver(struct kp_session *s, union perf_event *ev, uint64_t off)
{
	struct kp_tool *tool = s->tool;
	struct kp_evsel *evsel = event_evsel(s, ev);
	const struct perf_event_attr *attr = &(evsel ? evsel : s->evsels[0])->attr;
	uint32_t type = ev->header.type;
	struct kp_sample sample;

	if (type == PERF_RECORD_SAMPLE) {
		if (kp_sample__parse(&sample, attr, ev, false))
			return kp_session__err(
				s, -EINVAL,
				"sample at offset %#llx of size %u is too short for its sample_type %#llx",
				(unsigned long long)off, ev->header.size,
				(unsigned long long)attr->sample_type);
		/* perf's evlist__id2evsel on the decoded id */
		if (s->nr_evsels == 1 || !sample.id) {
			evsel = s->evsels[0];
		} else {
			evsel = kp_idmap__find(&s->ids, sample.id);
			if (!evsel && !s->evsels[0]->attr.sample_id_all)
				evsel = s->evsels[0];
		}
		if (!evsel) {
			s->stats.nr_unknown_id++;
			return 0;
		}
		if (evsel->attr.sample_type & PERF_SAMPLE_READ)
			return deliver_read(s, ev, &sample);
		s->stats.nr_samples++;
		return tool && tool->sample ? tool->sample(tool, ev, &sample, evsel) : 0;
	}
	if (kp_sample__parse_id(&sample, attr, ev, false))
		return kp_session__err(
			s, -EINVAL,
			"record at offset %#llx of size %u is too short for its sample_id",
			(unsigned long long)off, ev->header.size);
	switch (type) {
	case PERF_RECORD_LOST:
		s->stats.lost += ev->lost.lost;
		break;
	case PERF_RECORD_LOST_SAMPLES:
		s->stats.lost_samples += ev->lost_samples.lost;
		break;
	case PERF_RECORD_THROTTLE:
		s->stats.throttles++;
		break;
	case PERF_RECORD_UNTHROTTLE:
		s->stats.unthrottles++;
		break;
	default:
		break;
	}
	return tool && tool->side_band ? tool->side_band(tool, ev, &sample, evsel) : 0;
}

static int oe_deliver(struct kp_ordered *oe, struct kp_ordered_event *e, void *data)
{
	return deliver(data, e->event, e->file_offset);
}

void kp_session__init_queue(struct kp_session *s)
{
	s->oe.deliver = oe_deliver;
}

/*
 * Records are 8-byte aligned in what the kernel writes, but perf pads some
 * user records (HEADER_FEATURE) to 4 only: hand the tool an aligned copy.
 */
union perf_event *kp_session__aligned(uint8_t **buf, void *p, size_t size)
{
	if (!((uintptr_t)p & 7))
		return p;
	if (!*buf) {
		*buf = malloc(MAX_RECORD);
		if (!*buf)
			return NULL;
	}
	memcpy(*buf, p, size);
	return (union perf_event *)*buf;
}

static int decomp_record(void *data, void *p, size_t size)
{
	struct kp_session *s = data;
	union perf_event *ev;
	uint64_t skip = 0;

	if (size < sizeof(struct perf_event_header))
		return kp_session__err(s, -EINVAL,
				       "record in the compressed data at offset %#llx has size %zu",
				       (unsigned long long)s->cur_off, size);
	if (s->swap)
		kp_swap_header(p);
	ev = kp_session__aligned(&s->dbuf, p, size);
	if (!ev)
		return kp_session__err(s, -ENOMEM, "%s", strerror(ENOMEM));
	return kp_session__process_record(s, ev, s->cur_off, false, &skip);
}

static int process_compressed(struct kp_session *s, union perf_event *ev, uint64_t off)
{
	int err;

	if (s->in_decomp)
		return kp_session__err(s, -EINVAL,
				       "compressed record at offset %#llx inside compressed data",
				       (unsigned long long)off);
	if (!s->decomp_ready) {
		err = kp_decomp__init(&s->decomp);
		if (err)
			return kp_session__err(s, err, "cannot set up zstd: %s", strerror(-err));
		s->decomp_ready = true;
	}
	s->in_decomp = true;
	s->cur_off = off;
	err = kp_decomp__feed(&s->decomp, ev->pack.data, ev->header.size - sizeof(ev->header),
			      s->swap, decomp_record, s);
	s->in_decomp = false;
	if (err == -EBADMSG && !s->err[0])
		return kp_session__err(s, err, "compressed record at offset %#llx is corrupt",
				       (unsigned long long)off);
	return err;
}

static int process_attr(struct kp_session *s, union perf_event *ev, uint64_t off)
{
	struct perf_event_attr attr;
	size_t len = ev->header.size - sizeof(ev->header);
	uint32_t asz = ev->attr.attr.size;

	if (asz < PERF_ATTR_SIZE_VER0 || asz > len)
		return kp_session__err(s, -EINVAL, "attr record at offset %#llx has attr size %u",
				       (unsigned long long)off, asz);
	memset(&attr, 0, sizeof(attr));
	memcpy(&attr, &ev->attr.attr, asz < sizeof(attr) ? asz : sizeof(attr));
	return kp_session__add_evsel(s, &attr,
				     (const uint64_t *)((const uint8_t *)&ev->attr.attr + asz),
				     (len - asz) / 8, false);
}

static int process_event_update(struct kp_session *s, union perf_event *ev)
{
	struct perf_record_event_update *u = &ev->event_update;
	size_t len = ev->header.size - offsetof(struct perf_record_event_update, name);
	struct kp_evsel *evsel;
	char *name;

	if (u->type != PERF_EVENT_UPDATE__NAME)
		return 0;
	evsel = kp_idmap__find(&s->ids, u->id);
	if (!evsel)
		return 0;
	name = strndup(u->name, len);
	if (!name)
		return -ENOMEM;
	free(evsel->name);
	evsel->name = name;
	return 0;
}

static int process_user(struct kp_session *s, union perf_event *ev, uint64_t off, uint64_t *skip)
{
	size_t len = ev->header.size - sizeof(ev->header);
	int err;

	switch (ev->header.type) {
	case PERF_RECORD_HEADER_ATTR:
		return process_attr(s, ev, off);
	case PERF_RECORD_EVENT_UPDATE:
		return process_event_update(s, ev);
	case PERF_RECORD_HEADER_FEATURE:
		err = kp_feature__read(&s->env, (int)ev->feat.feat_id, ev->feat.data, len - 8,
				       s->swap);
		if (err)
			return kp_session__err(s, err,
					       "feature record '%s' at offset %#llx is malformed",
					       kp_feature__name((int)ev->feat.feat_id),
					       (unsigned long long)off);
		if (ev->feat.feat_id == KP_FEAT_EVENT_DESC)
			kp_session__apply_event_desc(s);
		if (ev->feat.feat_id == KP_FEAT_GROUP_DESC)
			kp_session__apply_groups(s);
		return 0;
	case PERF_RECORD_HEADER_BUILD_ID:
		/* header and pid already in our byte order */
		err = kp_feature__read(&s->env, KP_FEAT_BUILD_ID, ev, ev->header.size, false);
		return err ? kp_session__err(s, err, "build-id record at offset %#llx is malformed",
					     (unsigned long long)off) :
			     0;
	case PERF_RECORD_HEADER_TRACING_DATA:
		*skip = ((uint64_t)ev->tracing_data.size + 7) & ~7ULL;
		return 0;
	case PERF_RECORD_AUXTRACE:
		*skip = ev->auxtrace.size;
		return 0;
	case PERF_RECORD_FINISHED_ROUND:
		err = kp_session__attrs_ready(s);
		if (!err && s->ordered)
			err = kp_ordered__flush(&s->oe, KP_OE_FLUSH_ROUND);
		return err;
	case PERF_RECORD_FINISHED_INIT:
		return kp_session__attrs_ready(s);
	case PERF_RECORD_COMPRESSED:
		err = kp_session__attrs_ready(s);
		return err ?: process_compressed(s, ev, off);
	default:
		return 0;
	}
}

int kp_session__process_record(struct kp_session *s, union perf_event *ev, uint64_t off,
			       bool stable, uint64_t *skip)
{
	uint32_t type = ev->header.type;
	uint64_t ts;
	int err;

	*skip = 0;
	/* 0, the kernel's unused numbers, and numbers past perf 6.1's last */
	if (type == 0 || (type >= PERF_RECORD_MAX && type < PERF_RECORD_USER_TYPE_START) ||
	    type >= PERF_RECORD_HEADER_MAX) {
		s->stats.nr_unknown++;
		return 0;
	}
	if (min_size[type] && ev->header.size < min_size[type])
		return kp_session__err(s, -EINVAL, "record at offset %#llx of type %u has size %u",
				       (unsigned long long)off, type, ev->header.size);
	if (s->swap) {
		struct kp_evsel *evsel = NULL;

		/* find the layout on the id read in the other byte order */
		if (type < PERF_RECORD_USER_TYPE_START && s->nr_evsels) {
			evsel = s->evsels[0];
			if (s->nr_evsels > 1) {
				/* event_evsel() on a byte-swapped copy of the id words */
				uint8_t buf[MAX_RECORD];
				uint64_t *w = (uint64_t *)(buf + 8);
				size_t i;

				memcpy(buf, ev, ev->header.size);
				for (i = 0; i < (ev->header.size - 8u) / 8; i++)
					w[i] = bswap_64(w[i]);
				evsel = event_evsel(s, (union perf_event *)buf);
			}
		}
		if (kp_swap_event(ev, evsel ? &evsel->attr : NULL))
			return kp_session__err(
				s, -EINVAL,
				"record at offset %#llx of type %u and size %u is malformed",
				(unsigned long long)off, type, ev->header.size);
	}
	if (name_off[type] && ev->header.size > name_off[type] &&
	    !memchr((const char *)ev + name_off[type], 0, ev->header.size - name_off[type]))
		return kp_session__err(s, -EINVAL,
				       "%s record at offset %#llx has an unterminated name",
				       record_names[type], (unsigned long long)off);
	s->stats.nr_events[type]++;
	if (type >= PERF_RECORD_USER_TYPE_START)
		return process_user(s, ev, off, skip);

	err = kp_session__attrs_ready(s);
	if (err)
		return err;
	if (!s->nr_evsels)
		return kp_session__err(s, -EINVAL,
				       "record at offset %#llx comes before any event attribute",
				       (unsigned long long)off);
	if (s->ordered) {
		struct kp_evsel *evsel = event_evsel(s, ev);

		ts = event_time(s, ev, &(evsel ? evsel : s->evsels[0])->attr);
		err = kp_ordered__queue(&s->oe, ev, ts, off, !stable);
		if (err != -ETIME) {
			if (err == -ENOMEM)
				return kp_session__err(s, err, "%s", strerror(ENOMEM));
			return err;
		}
	}
	return deliver(s, ev, off);
}

int kp_session__finish(struct kp_session *s)
{
	int err = kp_session__attrs_ready(s);

	if (!err && s->ordered)
		err = kp_ordered__flush(&s->oe, KP_OE_FLUSH_FINAL);
	s->stats.nr_unordered = s->oe.nr_unordered;
	return err;
}
