/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time ordering of records across CPUs, with perf's round semantics: records
 * are queued with their timestamp; a FINISHED_ROUND delivers every queued
 * record not newer than the newest timestamp seen at the previous round
 * (records of one timestamp keep their arrival order); the end delivers all.
 */
#ifndef KPROF_LIB_ORDERED_H
#define KPROF_LIB_ORDERED_H

#include <perf/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kp_ordered_event {
	uint64_t timestamp;
	uint64_t seq;		/* arrival order, breaks ties */
	union perf_event *event;
	uint64_t file_offset;
	struct kp_ordered_chunk *chunk;	/* holds the copy of @event, NULL if not copied */
};

struct kp_ordered;
typedef int (*kp_ordered_deliver_t)(struct kp_ordered *oe, struct kp_ordered_event *ev,
				    void *data);

struct kp_ordered {
	struct kp_ordered_event *heap;	/* min-heap on (timestamp, seq) */
	size_t nr, alloc;
	uint64_t seq;
	uint64_t next_flush;	/* a round delivers up to here */
	uint64_t max_timestamp;	/* newest queued since the queue was last empty */
	uint64_t last_flush;	/* timestamp of the last delivered record */
	uint64_t nr_unordered;	/* queued older than last_flush */
	size_t copied_bytes;	/* bytes held in copy chunks */
	size_t max_copied;	/* above this, deliver the older half (0: no limit) */
	struct kp_ordered_chunk *cur;
	kp_ordered_deliver_t deliver;
	void *data;
};

enum kp_ordered_flush {
	KP_OE_FLUSH_ROUND,	/* FINISHED_ROUND */
	KP_OE_FLUSH_FINAL,	/* end of input: everything */
	KP_OE_FLUSH_HALF,	/* memory limit: the older half of the time span */
};

void kp_ordered__init(struct kp_ordered *oe, kp_ordered_deliver_t deliver, void *data);
void kp_ordered__exit(struct kp_ordered *oe);

/*
 * Queue @event (copied when @copy, else it must stay valid until delivered).
 * Returns -ETIME when @timestamp is 0 or ~0 (deliver it now, as perf does).
 */
int kp_ordered__queue(struct kp_ordered *oe, union perf_event *event, uint64_t timestamp,
		      uint64_t file_offset, bool copy);
int kp_ordered__flush(struct kp_ordered *oe, enum kp_ordered_flush how);

#endif /* KPROF_LIB_ORDERED_H */
