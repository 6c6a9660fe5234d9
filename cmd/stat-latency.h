/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kprof stat --latency: entry and return probes sampled (every hit, with its
 * time and thread) through lib/record.c's live mode, paired by lib/latency.c
 * in time order at the end, printed as report --latency prints them.  The
 * ptrace engine has no live mode: it records into a temporary perf.data that
 * is read back.
 */
#ifndef KPROF_CMD_STAT_LATENCY_H
#define KPROF_CMD_STAT_LATENCY_H

#include <stdbool.h>

#include "lib/probe/resolve.h"

struct kp_stat_latency_opts {
	struct kp_probe_set *probes;	/* resolved -k/-r/-u/-U */
	int backend;			/* --backend */
	unsigned int maxactive;
	bool all_cpus;
	bool no_inherit;		/* --no-inherit */
	bool ptrace;			/* the ptrace engine (lib/ubp) */
	const char *pids;
	const char *const *argv;	/* -- CMD, or NULL */
};

/* Run and print; returns kprof's exit code (the workload's when there is one). */
int kp_stat_latency__run(const struct kp_stat_latency_opts *opts);

#endif /* KPROF_CMD_STAT_LATENCY_H */
