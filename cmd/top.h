/* SPDX-License-Identifier: GPL-2.0 */
/* kprof top's state, shared by cmd/top.c (sampling) and cmd/top-probe.c (counting probes). */
#ifndef KPROF_CMD_TOP_H
#define KPROF_CMD_TOP_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd/event-opts.h"
#include "cmd/probe-opts.h"
#include "lib/callchain.h"
#include "lib/record.h"
#include "lib/snapshot.h"
#include "lib/top.h"
#include "ui/tui/hist-browser.h"

struct top_cmd {
	struct kp_event_opts ev;	/* -e, parsed after the options */
	const char *freq;
	u64 count;
	bool all_cpus;
	const char *pids, *cpus;
	const char *delay;
	const char *sort;
	bool use_stdio;
	int nr_rows;
	bool callchain;			/* -g */
	const char *call_graph;		/* --call-graph fp|dwarf[,SIZE] */
	int max_stack;			/* --max-stack */
	bool quiet;			/* -q: no probe summaries */
	int verbose;			/* -v: every probe and skipped symbol */
	/* run state */
	struct kp_top *top;
	struct kp_snapshot snap;
	struct kp_hist_browser hb;
	struct kp_record_stats *stats;
	struct kp_record_opts *opts;
	struct kp_machine *machine;	/* the engine's, for callchains (set before any sample) */
	struct kp_unwind *unwind;	/* --call-graph dwarf: made at the first such sample */
	struct kp_frame *frames;	/* KP_CALLCHAIN_MAX, per sample */
	uint64_t *ips;			/* KP_CALLCHAIN_MAX: a DWARF-unwound user stack */
	bool tui;
	bool quit;			/* `q`: the user ended it (exit 0) */
	int error;			/* -errno from a callback */
	double t0, last_t, last_cpu;
	uint64_t last_samples;
	enum kp_snap_sort stdio_sort;
	/* probes (-k/-u ...): counted, not sampled */
	struct kp_probe_opts probes;
	const char *engine;		/* --engine: auto, kernel, ptrace (-u probes) */
	bool inherit;			/* --[no-]inherit */
	uint64_t *totals, *missed;	/* per counter, since the start or `z` */
	uint64_t *seen;			/* per counter, every delta shown so far */
	int nr_totals;
	unsigned int interval_ms;
};

double top__now(void);
double top__cpu_time(void);
/* Take the terminal at the first interval (when the browser is wanted). */
void top__take_terminal(struct top_cmd *cmd);
/* cmd->snap to the browser or, as a table, to stdout. */
int top__show(struct top_cmd *cmd);
/* Handle keys (or a "q" line without a terminal); 1: quit. */
int top__keys(struct top_cmd *cmd, bool input);
/* Count probes (and -e events) and show them every interval (cmd/top-probe.c). */
int top__run_probes(struct top_cmd *cmd, const struct kp_event_spec *specs, int nr_specs,
		    const char **argv);

#endif /* KPROF_CMD_TOP_H */
