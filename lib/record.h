/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sampling engine behind `kprof record`: open the events on the target,
 * map their ring buffers, synthesize what existed before, run the workload,
 * copy every record into a perf.data (file or pipe) until the target ends or a
 * SIGINT/SIGTERM arrives, then finish the file with its features.
 *
 *	struct kp_record_opts opts = { .output = "perf.data", .argv = argv };
 *	struct kp_record_stats st;
 *	char err[512];
 *	if (kp_record__run(&opts, &st, err, sizeof(err)))
 *		fprintf(stderr, "kprof: %s\n", err);
 */
#ifndef KPROF_LIB_RECORD_H
#define KPROF_LIB_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/feature-misses.h"
#include "lib/parse-events.h"

struct kp_probe_set;

#define KP_RECORD_DEFAULT_FREQ 4000
#define KP_RECORD_DEFAULT_PAGES 128	/* 512 KiB per ring, perf's default */

struct kp_sample;
struct kp_record_stats;
struct kp_addr_location;
struct kp_evsel;
struct kp_machine;

/*
 * Live mode (kprof top): no output file; every sample is resolved with symbols
 * and handed to @sample, and @tick runs every @interval_ms and whenever
 * @input_fd (when >= 0) is readable.  @sample returns 0 or -errno (an error
 * ending the run); @tick returns 0, > 0 to stop cleanly (as SIGINT does), or
 * -errno.  A last tick (not an input one) runs after the last record.
 */
struct kp_record_live {
	int (*sample)(void *arg, const struct kp_evsel *evsel, const struct kp_sample *sample,
		      const struct kp_addr_location *al);
	int (*tick)(void *arg, bool input);
	void *arg;
	int interval_ms;
	int input_fd;
	/* When set: filled with the engine's machine before the first sample (callchains). */
	struct kp_machine **machine;
};

enum kp_callchain_mode {
	KP_CALLCHAIN_NONE,
	KP_CALLCHAIN_FP,	/* -g, --call-graph fp: PERF_SAMPLE_CALLCHAIN */
	KP_CALLCHAIN_DWARF,	/* --call-graph dwarf: + user registers and stack */
};

#define KP_RECORD_DEFAULT_STACK_SIZE 8192

struct kp_record_opts {
	const struct kp_event_spec *events;	/* parsed -e; none: cpu-clock */
	int nr_events;
	unsigned int freq;		/* -F; 0: default (4000 Hz, lowered to the kernel's max) */
	uint64_t period;		/* -c; 0: sample by frequency */
	bool all_cpus;			/* -a */
	bool no_inherit;		/* --no-inherit: children of the target are not followed */
	const char *cpu_list;		/* -C: "0-1,3" (system-wide on those cpus without -p/-t) */
	const char *pids;		/* -p: "PID[,PID]" */
	const char *tids;		/* -t: "TID[,TID]" */
	const char *const *argv;	/* -- CMD ARGS (NULL-terminated), or NULL */
	const char *output;		/* path, or "-" for a pipe on stdout */
	unsigned int mmap_pages;	/* -m; 0: default */
	enum kp_callchain_mode callchain;	/* -g / --call-graph */
	uint32_t stack_size;		/* dwarf: user stack bytes per sample; 0: 8192 */
	int verbose;			/* -vv: every attr opened is printed on stderr */
	struct kp_probe_set *probes;	/* -k/-r/-u/-U, resolved (lib/probe/resolve.h); may be NULL */
	int backend;			/* enum kp_probe_backend (lib/probe/spec.h): --backend */
	unsigned int maxactive;		/* --maxactive: kretprobes through tracefs */
	int cmd_argc;			/* main()'s argc/argv, for HEADER_CMDLINE */
	const char **cmd_argv;
	/* Warnings while recording ("sampling user space only"); may be NULL. */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
	const struct kp_record_live *live;	/* non-NULL: live mode, @output unused */
	/* After every read of the ring buffers that got records (a progress line); may be NULL. */
	void (*progress)(void *arg, const struct kp_record_stats *st);
	void *progress_arg;
};

struct kp_record_stats {
	uint64_t samples;		/* PERF_RECORD_SAMPLE records written */
	uint64_t records;		/* all records written */
	uint64_t lost;			/* sum of PERF_RECORD_LOST.lost */
	uint64_t lost_samples;		/* sum of PERF_RECORD_LOST_SAMPLES.lost */
	uint64_t throttles;		/* PERF_RECORD_THROTTLE records */
	uint64_t bytes;			/* size of the output */
	unsigned long wakeups;		/* times the poll loop woke up */
	bool pipe;			/* output was a pipe */
	bool has_workload;
	int exit_code;			/* the workload's, as kprof's exit code (else 0) */
	bool user_only;			/* fell back to user-space-only sampling */
	/* probes' hits and misses, also in perf.data (not in live mode); kp_misses__exit() it */
	struct kp_misses misses;
};

/*
 * Record.  Returns 0 (stats filled), or -errno with one line in @err (no
 * "kprof: " prefix).  -EINVAL means bad input (an unknown pid, a bad cpu list);
 * nothing is left behind on failure (no half-written file, no child).
 */
int kp_record__run(const struct kp_record_opts *opts, struct kp_record_stats *stats, char *err,
		   size_t errsz);

#endif /* KPROF_LIB_RECORD_H */
