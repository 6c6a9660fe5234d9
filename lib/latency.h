/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Function latencies from entry and return hits (kprobe + kretprobe, uprobe +
 * uretprobe, the ptrace engine's entry and return breakpoints): every hit is
 * pushed or popped on a per-thread, per-function stack of entry times, so nested
 * and recursive calls pair innermost first.  A return with no pending entry on
 * its thread, and an entry still pending at the end, count as missed.  Pure
 * data: report and stat feed it, ui/latency.c prints it.
 *
 *	struct kp_latency *lat;
 *	err = kp_latency__new(&lat);
 *	...per hit of event "probe_app:work" or "probe_app:work__return":
 *		if (kp_latency__classify(name, base, sizeof(base), &ret))
 *			err = kp_latency__hit(lat, base, ret, tid, time);
 *	kp_latency__finish(lat);		// pending entries become missed, stats sorted
 *	for (i = 0; i < kp_latency__nr_funcs(lat); i++)
 *		f = kp_latency__func(lat, i);	// count, min, max, percentiles, log2 slots
 *	kp_latency__delete(lat);
 */
#ifndef KPROF_LIB_LATENCY_H
#define KPROF_LIB_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KP_LATENCY_SLOTS 65	/* slot 0: 0 ns; slot i: [2^(i-1), 2^i - 1] ns (BCC's log2) */

/* One completed call: its thread, its entry time and duration (for evented exports). */
struct kp_latency_call {
	uint32_t tid;
	uint32_t depth;		/* calls of the same function pending below it on the thread */
	uint64_t start;		/* entry time, ns */
	uint64_t duration;	/* ns */
};

struct kp_latency_func {
	char *name;		/* the entry event's name without "__return": "probe_app:work" */
	uint64_t count;		/* paired calls */
	uint64_t missed_entries;	/* entries never returned from (by the end of the data) */
	uint64_t missed_returns;	/* returns with no pending entry on their thread */
	uint64_t entries, returns;	/* hits seen */
	uint64_t min, max, sum;	/* ns, over the paired calls */
	uint64_t slots[KP_LATENCY_SLOTS];
	struct kp_latency_call *calls;	/* every paired call, in return order */
	size_t nr_calls, alloc_calls;
	uint64_t *sorted;	/* durations ascending (after kp_latency__finish) */
	/* private: pending entry times per thread */
	struct kp_latency_thread *threads;
	size_t nr_threads, alloc_threads;
};

struct kp_latency;

int kp_latency__new(struct kp_latency **lat);
void kp_latency__delete(struct kp_latency *lat);

/*
 * Is event @name an entry or a return probe?  "grp:fn__return" (perf probe's
 * name, kprof's too) and "grp:fn%return" are returns of "grp:fn".  Writes the
 * entry event's name into @base and sets @is_return.  Returns false when @base
 * is too small.
 */
bool kp_latency__classify(const char *name, char *base, size_t size, bool *is_return);

/*
 * Declare a function (so it is listed even without hits).  Returns 0 or
 * -ENOMEM.  Hits declare their function too.
 */
int kp_latency__add_func(struct kp_latency *lat, const char *base);

/*
 * Map event indexes to functions: event @i (named @names[i], NULL for none)
 * takes part when both its function's entry and return events are among
 * @names.  Replaces an earlier map.  Returns the number of functions mapped,
 * or -ENOMEM.
 */
int kp_latency__map_events(struct kp_latency *lat, const char *const *names, int nr);
/* The events of a perf.data (evsel->idx order), those with PERF_SAMPLE_TIME and TID. */
struct kp_session;
int kp_latency__map_session(struct kp_latency *lat, const struct kp_session *session);
/* Has an event map been made? */
bool kp_latency__mapped(const struct kp_latency *lat);
/* A hit of mapped event @idx (ignored when the event takes no part).  0 or -ENOMEM. */
int kp_latency__hit_event(struct kp_latency *lat, int idx, uint32_t tid, uint64_t time);

/* A hit of @base's entry (@is_return false) or return at @time ns on thread @tid. */
int kp_latency__hit(struct kp_latency *lat, const char *base, bool is_return, uint32_t tid,
		    uint64_t time);

/*
 * Hits that arrive out of time order (live, from several cpus' ring buffers):
 * event @name's hit is kept, and paired in time order (ties in arrival order)
 * by kp_latency__finish().  Events that are neither entries nor returns of a
 * function count as entries of their own name.  Returns 0 or -ENOMEM.
 */
int kp_latency__defer(struct kp_latency *lat, const char *name, uint32_t tid, uint64_t time);

/*
 * End of data: deferred hits are paired, pending entries count as missed,
 * durations sorted.  Returns 0 or -ENOMEM.
 */
int kp_latency__finish(struct kp_latency *lat);

size_t kp_latency__nr_funcs(const struct kp_latency *lat);
/* Functions in the order they were first seen. */
const struct kp_latency_func *kp_latency__func(const struct kp_latency *lat, size_t idx);

/* The slot of a duration: 0 for 0, else floor(log2(ns)) + 1. */
int kp_latency_slot(uint64_t ns);

/* Nearest-rank percentile (@pct in 0..100) of a finished function's durations; 0 if none. */
uint64_t kp_latency_func__percentile(const struct kp_latency_func *f, double pct);
/* Mean duration in ns (0 if none). */
double kp_latency_func__mean(const struct kp_latency_func *f);
static inline uint64_t kp_latency_func__missed(const struct kp_latency_func *f)
{
	return f->missed_entries + f->missed_returns;
}

#endif /* KPROF_LIB_LATENCY_H */
