/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe hits and misses: what `kprof stat` and `kprof record` learn at the end
 * of a run, and what record stores in perf.data for `kprof report`.
 *
 * In perf.data they are kprof's own feature KP_FEAT_KPROF_MISSES (bit 200, far
 * past every feature perf knows: perf 6.1 counts the section in the table and
 * skips it).  File mode only: a pipe sends its features before the first
 * record, when no probe has a count yet, and perf warns about feature records
 * it does not know.  The payload, in the writer's byte order like perf's own
 * features:
 *
 *	u32 version		1 (a reader ignores a payload of another version)
 *	u32 nr			probes that follow
 *	u64 lost		sum of PERF_RECORD_LOST.lost (ring buffer full)
 *	u64 lost_samples	sum of PERF_RECORD_LOST_SAMPLES.lost
 *	u64 throttles		PERF_RECORD_THROTTLE records
 *	nr times:
 *		string event	perf's string: u32 length (NUL included, padded
 *				to 64), then the bytes ("probe:do_nanosleep__return")
 *		u64 hits	the event's count: every hit the kernel counted
 *		u64 missed	hits the kernel missed (0 when unknown)
 *		u32 flags	KP_MISS_KNOWN: @missed is a count the kernel gave
 *		u32 source	enum kp_miss_source
 */
#ifndef KPROF_LIB_FEATURE_MISSES_H
#define KPROF_LIB_FEATURE_MISSES_H

#include <stdbool.h>
#include <stdint.h>

struct kp_fbuf;

#define KP_MISSES_VERSION 1
#define KP_MISS_KNOWN (1U << 0)

/* Where a probe's miss count comes from. */
enum kp_miss_source {
	KP_MISS_SRC_NONE = 0,		/* the kernel tells none for this probe */
	KP_MISS_SRC_KPROBE_PROFILE,	/* tracefs kprobe_profile nmissed (tracefs backend) */
	KP_MISS_SRC_BPF_LINK,		/* a BPF perf link's kprobe.missed (PMU, Linux >= 6.7) */
	KP_MISS_SRC_PTRACE,		/* kprof's ptrace breakpoints: none can be missed */
	KP_MISS_SRC_NR,
};

struct kp_probe_misses {
	char *event;
	uint64_t hits;
	uint64_t missed;
	bool missed_known;
	enum kp_miss_source source;
};

struct kp_misses {
	struct kp_probe_misses *probes;
	uint32_t nr;
	uint64_t lost, lost_samples, throttles;
};

/* Append one probe (@event copied).  Returns 0 or -ENOMEM. */
int kp_misses__add(struct kp_misses *m, const char *event, uint64_t hits, bool missed_known,
		   uint64_t missed, enum kp_miss_source source);
/* Deep copy of @src into @dst (zeroed by the caller).  Returns 0 or -ENOMEM. */
int kp_misses__copy(struct kp_misses *dst, const struct kp_misses *src);
void kp_misses__exit(struct kp_misses *m);
/* kp_misses__exit() and free(): for the heap copy kp_env holds. */
void kp_misses__delete(struct kp_misses *m);

/* "kprobe_profile", "bpf-link", "ptrace", "none". */
const char *kp_miss_source__name(enum kp_miss_source source);

/* The feature payload of @m, appended to @b (errors stick in b->err). */
void kp_misses__write(const struct kp_misses *m, struct kp_fbuf *b);

/*
 * Parse a payload of @size bytes at @p (@swap: other byte order) into @m
 * (zeroed by the caller; freed with kp_misses__exit on every return).  Returns
 * 0, -EINVAL for a payload running past its end, -ENOMEM; a payload of another
 * version leaves @m empty and returns 0.
 */
int kp_misses__read(struct kp_misses *m, const void *p, uint64_t size, bool swap);

#endif /* KPROF_LIB_FEATURE_MISSES_H */
