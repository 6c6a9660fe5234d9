/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A profile as data for exporters (pprof, speedscope): every distinct frame
 * (perf's function key: dso and symbol, or dso and address when unresolved)
 * and every distinct stack interned once, and per event and thread the
 * sequence of its samples in time order, consecutive samples of one stack
 * merged.  Pure data: no printing, no file formats.
 *
 *	struct kp_profile *p;
 *	err = kp_profile__new(&p);
 *	...per sample (frames innermost first, as kp_callchain__resolve gives them):
 *		err = kp_profile__add(p, evsel->idx, evsel->name, &thread, frames, n,
 *				      period, sample->time);
 *	...read p->frames, p->stacks, p->threads, p->events
 *	kp_profile__delete(p);
 */
#ifndef KPROF_LIB_PROFILE_H
#define KPROF_LIB_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/callchain.h"

struct kp_profile_stack {
	uint32_t nr;		/* frames */
	uint32_t first;		/* index of the innermost frame's id in kp_profile.stack_frames */
};

/* A run of samples of one stack. */
struct kp_profile_sample {
	uint32_t stack;		/* index into stacks */
	uint64_t count;		/* samples */
	uint64_t period;	/* their period */
	uint64_t time;		/* the first's time (0 when the file has none) */
};

struct kp_profile_thread {
	int event;		/* index into events */
	int32_t pid, tid;
	const char *comm;	/* the last sample's command name (lives as long as the machine) */
	uint64_t start, end;	/* first and last sample times */
	uint64_t count, period;
	struct kp_profile_sample *samples;	/* in arrival order */
	size_t nr_samples, alloc_samples;
};

struct kp_profile_event {
	char *name;
	int idx;		/* the evsel's index */
	uint64_t count, period;
};

struct kp_profile {
	struct kp_frame *frames;	/* distinct frames */
	size_t nr_frames, alloc_frames;
	struct kp_profile_stack *stacks;	/* distinct stacks */
	size_t nr_stacks, alloc_stacks;
	uint32_t *stack_frames;	/* frame ids of every stack, innermost first */
	size_t nr_stack_frames, alloc_stack_frames;
	struct kp_profile_thread *threads;	/* per (event, tid), in order of first sample */
	size_t nr_threads, alloc_threads;
	struct kp_profile_event *events;	/* in order of first sample */
	size_t nr_events, alloc_events;
	/* private: hash tables of frames, stacks and threads (indexes + 1, 0 empty) */
	uint32_t *frame_hash, *stack_hash, *thread_hash;
	size_t frame_hash_size, stack_hash_size, thread_hash_size;
};

int kp_profile__new(struct kp_profile **profile);
void kp_profile__delete(struct kp_profile *profile);

struct kp_profile_thread_id {
	int32_t pid, tid;
	const char *comm;
};

/*
 * Add a sample of event @event_idx (named @event_name) on thread @id with
 * @n frames, innermost first (@n may be 0: an empty stack).  Returns 0 or
 * -ENOMEM.
 */
int kp_profile__add(struct kp_profile *profile, int event_idx, const char *event_name,
		    const struct kp_profile_thread_id *id, const struct kp_frame *frames, int n,
		    uint64_t period, uint64_t time);

/* The frame ids of stack @idx, innermost first. */
static inline const uint32_t *kp_profile__stack_frames(const struct kp_profile *profile,
						       uint32_t idx)
{
	return profile->stack_frames + profile->stacks[idx].first;
}

#endif /* KPROF_LIB_PROFILE_H */
