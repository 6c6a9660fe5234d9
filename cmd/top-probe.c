// SPDX-License-Identifier: GPL-2.0
/*
 * kprof top -k/-u ...: probe sets are counted, not sampled (lib/stat.c's
 * engine, read every interval); each probe (or -e event) is one row, its hits
 * exact, with the misses the kernel reports.  The same snapshot, browser and
 * tables as sampling.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/top.h"
#include "lib/stat.h"
#include "lib/ubp/stat.h"

static const char *top_probe__basename(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : path;
}

static int top_probe__grow(struct top_cmd *cmd, int nr)
{
	uint64_t **arrays[] = { &cmd->totals, &cmd->missed, &cmd->seen };

	if (nr <= cmd->nr_totals)
		return 0;
	for (size_t a = 0; a < sizeof(arrays) / sizeof(arrays[0]); a++) {
		uint64_t *p = realloc(*arrays[a], nr * sizeof(*p));

		if (!p)
			return -ENOMEM;
		memset(p + cmd->nr_totals, 0, (nr - cmd->nr_totals) * sizeof(*p));
		*arrays[a] = p;
	}
	cmd->nr_totals = nr;
	return 0;
}

/*
 * Rows from counts: deltas of an interval, or (@final) the run's totals, of
 * which only what no interval showed is new.
 */
static int top_probe__rows(struct top_cmd *cmd, const struct kp_stat_result *res, double t,
			   bool final)
{
	struct kp_snapshot *snap = &cmd->snap;
	double now = top__now(), cpu = top__cpu_time();
	double dt = now - cmd->last_t;
	uint64_t hits = 0;
	int err = top_probe__grow(cmd, res->nr_counters);

	if (err)
		return err;
	kp_snapshot__reset(snap);
	for (int i = 0; i < res->nr_counters; i++) {
		const struct kp_stat_counter *c = &res->counters[i];
		const struct kp_probe_point *p = c->point;
		uint64_t val = final ? c->val - cmd->seen[i] : c->val;
		struct kp_snap_row row = {
			.hits = val,
			.rate = dt > 0 ? val / dt : 0,
			.missed = -1,
			.level = '.',
		};

		cmd->seen[i] += val;
		cmd->totals[i] += val;
		if (c->missed_known) {
			if (final)
				cmd->missed[i] = c->missed;
			else
				cmd->missed[i] += c->missed;
			row.missed = cmd->missed[i];
		}
		hits += val;
		row.total = cmd->totals[i];
		if (p && p->path) {
			row.dso = top_probe__basename(p->path);
			row.sym = p->event;
		} else if (p) {
			row.dso = "[kernel.kallsyms]";
			row.sym = p->event;
			row.level = 'k';
		} else {
			row.sym = c->name;
		}
		err = kp_snapshot__add(snap, &row);
		if (err)
			return err;
	}
	kp_snapshot__compute_shares(snap);
	snap->live = true;
	snap->counting = true;
	snprintf(snap->events, sizeof(snap->events), "%d probes", res->nr_counters);
	snap->samples += hits;
	snap->samples_per_sec = dt > 0 ? hits / dt : 0;
	snap->cpu_pct = dt > 0 ? 100.0 * (cpu - cmd->last_cpu) / dt : -1;
	snap->elapsed = final ? now - cmd->t0 : t;
	cmd->last_t = now;
	cmd->last_cpu = cpu;
	return 0;
}

static void top_probe__interval(void *arg, const struct kp_stat_result *delta, double t)
{
	struct top_cmd *cmd = arg;

	if (cmd->quit)
		return;
	top__take_terminal(cmd);
	if (top_probe__rows(cmd, delta, t, false) || top__show(cmd))
		return;
	/*
	 * The counting engine has no input hook: keys are read once per
	 * interval, and quitting is a SIGINT to ourselves, which it handles
	 * (from its signalfd) by ending the count and unregistering the probes.
	 */
	if (cmd->tui && top__keys(cmd, false) > 0)
		kill(getpid(), SIGINT);
}

int top__run_probes(struct top_cmd *cmd, const struct kp_event_spec *specs, int nr_specs,
		    const char **argv)
{
	struct kp_stat_opts opts = {
		.events = specs,
		.nr_events = nr_specs,
		.probes = &cmd->probes.set,
		.backend = cmd->probes.backend_kind,
		.maxactive = cmd->probes.maxactive,
		.all_cpus = cmd->all_cpus,
		.no_inherit = !cmd->inherit,
		.pids = cmd->pids,
		.argv = argv,
		.interval_ms = cmd->interval_ms,
		.interval = top_probe__interval,
		.arg = cmd,
	};
	struct kp_stat_result res = { 0 };
	char err[1024];
	int ret, use_ptrace;

	cmd->probes.pid = cmd->pids ? atoi(cmd->pids) : 0;
	if (kp_probe_opts__resolve(&cmd->probes, cmd->quiet, cmd->verbose))
		return KP_EXIT_ERROR;
	/* The breakpoint engine counts -u probes of a command or a process. */
	use_ptrace = kp_probe_opts__use_ptrace(&cmd->probes, cmd->engine,
					       nr_specs || (cmd->all_cpus && !cmd->pids && !argv),
					       cmd->tui, 0);
	if (use_ptrace < 0)
		return KP_EXIT_ERROR;
	if (use_ptrace)
		opts.all_cpus = false;	/* the default of top without a target: no target here */
	ret = (use_ptrace ? kp_ubp_stat__run : kp_stat__run)(&opts, &res, err, sizeof(err));
	kp_hist_browser__exit(&cmd->hb);	/* the terminal is back on every path */
	if (ret) {
		fprintf(stderr, "kprof: %s\n", err);
		kp_stat_result__exit(&res);
		return KP_EXIT_ERROR;
	}
	kp_probe_opts__print_dropped(&cmd->probes, cmd->quiet, cmd->verbose);
	/* Without a terminal, a last table with every hit (the target may beat the first tick). */
	if (!cmd->tui && !top_probe__rows(cmd, &res, res.elapsed, true))
		top__show(cmd);
	ret = res.has_workload && !cmd->quit ? res.exit_code : KP_EXIT_OK;
	kp_stat_result__exit(&res);
	return ret;
}
