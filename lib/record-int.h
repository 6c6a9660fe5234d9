/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by record.c (the run) and record-config.c (attrs and target maps). */
#ifndef KPROF_LIB_RECORD_INT_H
#define KPROF_LIB_RECORD_INT_H

#include <signal.h>
#include <perf/event.h>
#include <stdbool.h>
#include <sys/types.h>

#include "lib/env.h"
#include "lib/probe/tracefs.h"
#include "lib/record.h"
#include "lib/workload.h"

struct kp_bpf_missed;
struct kp_evlist;
struct kp_machine;
struct kp_sample;
struct kp_writer;
struct perf_cpu_map;
struct perf_thread_map;

struct kp_record {
	const struct kp_record_opts *opts;
	struct kp_record_stats *stats;
	char *err;
	size_t errsz;
	struct kp_evlist *evlist;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	pid_t *pid_of_thread;		/* -p: the process each thread of the map belongs to */
	struct kp_writer *writer;
	struct kp_machine *machine;	/* tasks and maps, for the build ids of hit DSOs */
	struct kp_env env;
	struct kp_workload workload;
	sigset_t orig_mask;
	struct sigaction orig_action[4];	/* SIGINT, SIGTERM, SIGHUP, SIGCHLD before recording */
	int signal_fd;
	struct sigaction orig_sigpipe;
	bool sigpipe_ignored;
	bool write_failed;		/* the output is full: keep what it holds */
	bool system_wide;		/* pid -1 on each cpu: -a, or -C alone */
	bool enable_on_exec;		/* only the workload: the kernel enables at exec */
	bool has_tracepoints;
	bool use_tracefs;		/* probes through the tracefs backend (lib/probe/tracefs.h) */
	struct kp_probe_tracefs tracefs;
	int64_t next_tick_ms;		/* live mode: when the next tick is due (monotonic ms) */
	bool interrupted;		/* SIGINT/SIGTERM ended the recording */
	struct kp_bpf_missed *bpf_missed;	/* PMU kprobes' miss counts (record-misses.c) */
};

void record__err(struct kp_record *rec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void record__warn(struct kp_record *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Build the evlist's attrs from the options (record-config.c). */
int record__config(struct kp_record *rec);
/* Cpu and thread maps for -a/-C/-p/-t, forking the workload for -- CMD. */
int record__setup_target(struct kp_record *rec);
void record__cleanup(struct kp_record *rec);

/* Build ids (record-buildid.c): follow every record, then list the hit DSOs' ids in env. */
int record__machine_new(struct kp_record *rec);
/* Feed @event to the machine; a sample is decoded into @sample (*@parsed tells). */
int record__machine_event(struct kp_record *rec, const union perf_event *event,
			  struct kp_sample *sample, bool *parsed);
int record__build_ids(struct kp_record *rec);
int record__paranoid(void);

/* Probe misses (record-misses.c): links after the evlist opens; the counts at the end. */
void record__misses_attach(struct kp_record *rec);
int record__misses(struct kp_record *rec);

#endif /* KPROF_LIB_RECORD_INT_H */
