/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Miss counts of PMU kprobes and kretprobes.  A probe opened on the kprobe PMU
 * never shows in kprobe_profile; since Linux 6.7 the kernel tells its misses
 * (kprobe.nmissed, plus kretprobe.nmissed for a return probe: no free instance)
 * in the info of a BPF perf link.  So each probe gets a program that does
 * nothing but return 1 ("r0 = 1; exit": the hit goes on to the event as
 * without it), linked to each of its descriptors with BPF_LINK_CREATE; at the
 * end, the probe's misses are the sum of its links' bpf_link_info
 * perf_event.kprobe.missed, plus the program's recursion misses (hits the
 * kernel did not hand to the event because another BPF program was running on
 * that cpu, which 6.7 counts too).
 *
 * A kernel without the field (< 6.7), without BPF, or that does not let kprof
 * load programs gives no count: attach returns -EOPNOTSUPP and the caller says
 * "n/a".  The kernel counts misses per registered probe, for every task that
 * hits it, not only the target's; with one event per cpu (-a) each cpu's
 * event has its own kprobe, and each counts its own misses.
 *
 *	struct kp_bpf_missed *bm = NULL;
 *	kp_evlist__open(evlist, &oerr);
 *	err = kp_bpf_missed__attach(&bm, evlist);	// -EOPNOTSUPP: no miss counts
 *	... count ...
 *	if (bm && kp_bpf_missed__read(bm, evsel, &missed) == 0) ...
 *	kp_bpf_missed__delete(bm);
 */
#ifndef KPROF_LIB_PROBE_BPF_MISSED_H
#define KPROF_LIB_PROBE_BPF_MISSED_H

#include <stdint.h>

struct kp_evlist;
struct kp_evsel;
struct kp_bpf_missed;

/*
 * Link a program to every descriptor of every kprobe/kretprobe PMU event of
 * the opened @evlist.  Returns 0 with *@bm set, or -EOPNOTSUPP when the kernel
 * gives no miss count this way (or @evlist has no kprobe), -ENOMEM.
 */
int kp_bpf_missed__attach(struct kp_bpf_missed **bm, struct kp_evlist *evlist);

/* The misses of @evsel so far: 0, or -ENODATA when it has no count. */
int kp_bpf_missed__read(const struct kp_bpf_missed *bm, const struct kp_evsel *evsel,
			uint64_t *missed);

/* Close the links and programs (the events keep running, without them). */
void kp_bpf_missed__delete(struct kp_bpf_missed *bm);

/* The pieces, for tests: a program returning 1 (KPROBE type), in *@prog_fd. */
int kp_bpf_missed_prog(int *prog_fd);
/* Link @prog_fd to the perf event @event_fd; the link in *@link_fd. */
int kp_bpf_missed_link(int prog_fd, int event_fd, int *link_fd);

/* enum bpf_perf_event_type of Linux >= 6.6 (the link info's perf_event.type). */
enum kp_bpf_perf_event_type {
	KP_BPF_PERF_EVENT_UNSPEC = 0,
	KP_BPF_PERF_EVENT_UPROBE = 1,
	KP_BPF_PERF_EVENT_URETPROBE = 2,
	KP_BPF_PERF_EVENT_KPROBE = 3,
	KP_BPF_PERF_EVENT_KRETPROBE = 4,
};

/*
 * The info of link @link_fd: its perf event's type (0 before Linux 6.6) and
 * the probe's misses.  Returns 0, -ENODATA when the kernel gives no miss count
 * (< 6.7, or not a kprobe), or -errno of the bpf(2) call.
 */
int kp_bpf_missed_query(int link_fd, uint32_t *type, uint64_t *missed);

#endif /* KPROF_LIB_PROBE_BPF_MISSED_H */
