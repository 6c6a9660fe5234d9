/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PERF_RECORD_SAMPLE decoded according to its attr's sample_type, and the
 * sample_id trailer of other records (sample_id_all).  Pointers point into the
 * record; nothing is allocated.
 */
#ifndef KPROF_LIB_SAMPLE_H
#define KPROF_LIB_SAMPLE_H

#include <linux/perf_event.h>
#include <perf/event.h>
#include <stdbool.h>
#include <stdint.h>

/* PERF_SAMPLE_CALLCHAIN as stored in the record (perf's util/event.h has the same). */
struct ip_callchain {
	uint64_t nr;
	uint64_t ips[];
};

struct kp_sample {
	uint64_t id;		/* PERF_SAMPLE_ID / IDENTIFIER, else 0 */
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t time;		/* 0 when the record carries none */
	uint64_t addr;
	uint64_t stream_id;
	uint32_t cpu, res;
	uint64_t period;	/* 1 when the attr has no PERF_SAMPLE_PERIOD */
	const struct ip_callchain *callchain;	/* NULL if absent */
	uint32_t raw_size;
	const void *raw_data;	/* PERF_SAMPLE_RAW, NULL if absent */
	uint64_t user_abi;	/* PERF_SAMPLE_REGS_USER */
	const uint64_t *user_regs;
	uint64_t user_stack_size;	/* PERF_SAMPLE_STACK_USER: bytes in user_stack */
	const void *user_stack;
	uint64_t user_stack_dyn_size;
	uint64_t weight;
	uint64_t data_src;
	uint64_t transaction;
	uint64_t phys_addr;
	uint64_t cgroup;
	/*
	 * PERF_SAMPLE_READ: without PERF_FORMAT_GROUP one value and its id;
	 * with it nr entries of stride u64s each: value, id (PERF_FORMAT_ID),
	 * lost (PERF_FORMAT_LOST).  The session splits these per member.
	 */
	struct {
		uint64_t nr;		/* 0: no read values */
		const uint64_t *entries;
		unsigned int stride;
		uint64_t one_value, one_id;
	} read;
	uint16_t misc;		/* header.misc of the record (cpumode) */
	bool has_time, has_cpu, has_tid;
};

/*
 * Decode a PERF_RECORD_SAMPLE.  @size is the record size (header included).
 * Returns 0, or -EINVAL when the record is too short for its sample_type or a
 * variable-length field runs past its end.  @swap: the record is in the other
 * endianness (scalar fields are converted into @s; what the pointers point at,
 * callchain, regs, read values, raw and stack payloads, is not: the session
 * converts records in place with kp_swap_event() and parses with @swap false).
 */
int kp_sample__parse(struct kp_sample *s, const struct perf_event_attr *attr,
		     const union perf_event *event, bool swap);

/*
 * Decode the sample_id trailer of a non-sample record (attr->sample_id_all).
 * Leaves @s zeroed (has_time false) if the attr has no sample_id_all.
 */
int kp_sample__parse_id(struct kp_sample *s, const struct perf_event_attr *attr,
			const union perf_event *event, bool swap);

/* Size of the sample_id trailer for @attr, 0 without sample_id_all. */
unsigned int kp_sample__id_size(const struct perf_event_attr *attr);

/*
 * Where the id lives in a record of @attr's layout, so the session can find the
 * evsel before decoding, in u64 words: index from the start of a sample record
 * body (after the header), or how many words before the end of any other record
 * (1 = the last word); -1 when the layout has no id.
 */
int kp_sample__id_pos(const struct perf_event_attr *attr);
int kp_sample__id_pos_other(const struct perf_event_attr *attr);

#endif /* KPROF_LIB_SAMPLE_H */
