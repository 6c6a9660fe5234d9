/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counting engine behind `kprof stat`: events (-e) and probes (-k/-r/-u/-U)
 * opened in counting mode on a command, processes or all cpus, read with
 * libperf when the target ends (or every -I interval).  No sampling, no ring
 * buffers: a probe's count is every hit.
 */
#ifndef KPROF_LIB_STAT_H
#define KPROF_LIB_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/parse-events.h"
#include "lib/probe/resolve.h"

struct kp_stat_counter {
	const char *name;		/* event name ("probe_app:work_a", "task-clock") */
	struct kp_probe_point *point;	/* NULL for -e events */
	uint64_t val;			/* the count */
	uint64_t ena, run;		/* time enabled and running (ns) */
	bool missed_known;		/* the kernel told how many hits were missed */
	uint64_t missed;
};

struct kp_stat_result {
	struct kp_stat_counter *counters;
	int nr_counters;
	double elapsed;			/* seconds, from start to the end of counting */
	bool has_workload;
	int exit_code;			/* the workload's, as kprof's exit code */
	bool interrupted;		/* SIGINT/SIGTERM/SIGHUP ended counting */
};

struct kp_stat_opts {
	const struct kp_event_spec *events;	/* -e */
	int nr_events;
	struct kp_probe_set *probes;		/* resolved probes (may be NULL) */
	enum kp_probe_backend backend;		/* --backend (KP_BACKEND_AUTO: chosen per set) */
	unsigned int maxactive;			/* --maxactive: kretprobes through tracefs */
	bool all_cpus;				/* -a */
	bool no_inherit;			/* --no-inherit: children are not counted */
	const char *pids;			/* -p PID[,PID] */
	const char *const *argv;		/* -- CMD (NULL-terminated) or NULL */
	unsigned int interval_ms;		/* -I; 0: none */
	/* -I: called with the counts of each interval (deltas) and the time since start. */
	void (*interval)(void *arg, const struct kp_stat_result *delta, double t);
	void *arg;
};

/*
 * Count.  Returns 0 with @res filled (free it with kp_stat_result__exit), or
 * -errno with one line in @err.  Every probe is unregistered before it returns,
 * whatever ended the run (the target's end, a signal, an error).
 */
int kp_stat__run(const struct kp_stat_opts *opts, struct kp_stat_result *res, char *err,
		 size_t errsz);
void kp_stat_result__exit(struct kp_stat_result *res);

#endif /* KPROF_LIB_STAT_H */
