// SPDX-License-Identifier: GPL-2.0
/*
 * The queue is a binary min-heap on (timestamp, arrival sequence), which gives
 * the same delivery order as a stably sorted list.  Records that are not in a
 * stable buffer (a pipe, a decompressed chunk) are copied into refcounted
 * chunks; a chunk is freed when its last record has been delivered.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ordered.h"

#define CHUNK_SIZE (256 * 1024) /* > the largest record (64 KiB) */

struct kp_ordered_chunk {
	size_t used;
	size_t refs;
	uint8_t data[CHUNK_SIZE];
};

void kp_ordered__init(struct kp_ordered *oe, kp_ordered_deliver_t deliver, void *data)
{
	memset(oe, 0, sizeof(*oe));
	oe->deliver = deliver;
	oe->data = data;
}

static void chunk_put(struct kp_ordered *oe, struct kp_ordered_chunk *c)
{
	if (!c || --c->refs || c == oe->cur)
		return;
	oe->copied_bytes -= sizeof(*c);
	free(c);
}

void kp_ordered__exit(struct kp_ordered *oe)
{
	while (oe->nr)
		chunk_put(oe, oe->heap[--oe->nr].chunk);
	free(oe->heap);
	if (oe->cur && !oe->cur->refs)
		free(oe->cur);
	memset(oe, 0, sizeof(*oe));
}

static bool before(const struct kp_ordered_event *a, const struct kp_ordered_event *b)
{
	return a->timestamp < b->timestamp || (a->timestamp == b->timestamp && a->seq < b->seq);
}

static void heap_up(struct kp_ordered *oe, size_t i)
{
	struct kp_ordered_event tmp = oe->heap[i];

	while (i) {
		size_t parent = (i - 1) / 2;

		if (!before(&tmp, &oe->heap[parent]))
			break;
		oe->heap[i] = oe->heap[parent];
		i = parent;
	}
	oe->heap[i] = tmp;
}

static void heap_pop(struct kp_ordered *oe)
{
	struct kp_ordered_event tmp = oe->heap[--oe->nr];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l >= oe->nr)
			break;
		m = l;
		if (l + 1 < oe->nr && before(&oe->heap[l + 1], &oe->heap[l]))
			m = l + 1;
		if (!before(&oe->heap[m], &tmp))
			break;
		oe->heap[i] = oe->heap[m];
		i = m;
	}
	if (oe->nr)
		oe->heap[i] = tmp;
}

static union perf_event *copy_event(struct kp_ordered *oe, const union perf_event *event,
				    struct kp_ordered_chunk **chunk)
{
	size_t size = (event->header.size + 7) & ~7UL;
	struct kp_ordered_chunk *c = oe->cur;
	void *p;

	if (!c || c->used + size > CHUNK_SIZE) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->used = 0;
		c->refs = 0;
		oe->copied_bytes += sizeof(*c);
		if (oe->cur && !oe->cur->refs) {
			oe->copied_bytes -= sizeof(*c);
			free(oe->cur);
		}
		oe->cur = c;
	}
	p = c->data + c->used;
	memcpy(p, event, event->header.size);
	c->used += size;
	c->refs++;
	*chunk = c;
	return p;
}

int kp_ordered__queue(struct kp_ordered *oe, union perf_event *event, uint64_t timestamp,
		      uint64_t file_offset, bool copy)
{
	struct kp_ordered_event *ev;
	int err;

	if (!timestamp || timestamp == ~0ULL)
		return -ETIME;
	if (timestamp < oe->last_flush)
		oe->nr_unordered++;
	if (oe->max_copied && copy && oe->copied_bytes > oe->max_copied) {
		err = kp_ordered__flush(oe, KP_OE_FLUSH_HALF);
		if (err)
			return err;
	}
	if (oe->nr == oe->alloc) {
		size_t n = oe->alloc ? oe->alloc * 2 : 1024;
		void *h = realloc(oe->heap, n * sizeof(*oe->heap));

		if (!h)
			return -ENOMEM;
		oe->heap = h;
		oe->alloc = n;
	}
	ev = &oe->heap[oe->nr];
	ev->chunk = NULL;
	ev->event = event;
	if (copy) {
		ev->event = copy_event(oe, event, &ev->chunk);
		if (!ev->event)
			return -ENOMEM;
	}
	ev->timestamp = timestamp;
	ev->seq = oe->seq++;
	ev->file_offset = file_offset;
	if (!oe->nr || timestamp >= oe->max_timestamp)
		oe->max_timestamp = timestamp;
	oe->nr++;
	heap_up(oe, oe->nr - 1);
	return 0;
}

static int deliver_until(struct kp_ordered *oe, uint64_t limit)
{
	while (oe->nr && oe->heap[0].timestamp <= limit) {
		struct kp_ordered_event ev = oe->heap[0];
		int err;

		heap_pop(oe);
		err = oe->deliver(oe, &ev, oe->data);
		chunk_put(oe, ev.chunk);
		if (err)
			return err;
		oe->last_flush = ev.timestamp;
	}
	return 0;
}

int kp_ordered__flush(struct kp_ordered *oe, enum kp_ordered_flush how)
{
	uint64_t first;
	int err;

	if (!oe->nr)
		return 0;
	switch (how) {
	case KP_OE_FLUSH_FINAL:
		return deliver_until(oe, ~0ULL);
	case KP_OE_FLUSH_HALF:
		first = oe->heap[0].timestamp;
		oe->next_flush = first + (oe->max_timestamp - first) / 2;
		return deliver_until(oe, oe->next_flush);
	case KP_OE_FLUSH_ROUND:
	default:
		/* the first round only records where the next one stops */
		err = oe->next_flush ? deliver_until(oe, oe->next_flush) : 0;
		if (!err)
			oe->next_flush = oe->max_timestamp;
		return err;
	}
}
