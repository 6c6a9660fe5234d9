// SPDX-License-Identifier: GPL-2.0
/*
 * kprof stat: count events and probe hits of a command, processes or all
 * cpus (perf stat's counting mode).  Probes print as a table of exact hits per
 * symbol, sorted by hits, with the misses the kernel reports (or "n/a").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <subcmd/parse-options.h>

#include "cmd/builtin.h"
#include "cmd/event-opts.h"
#include "cmd/probe-opts.h"
#include "cmd/stat-latency.h"
#include "lib/parse-events.h"
#include "lib/stat.h"
#include "lib/ubp/stat.h"

struct stat_cmd {
	struct kp_event_opts ev;	/* -e, parsed after the options */
	struct kp_probe_opts probes;
	bool all_cpus;
	const char *pids;
	int interval;
	const char *sep;
	bool quiet;
	int verbose;
	const char *engine;		/* --engine: auto, kernel, ptrace */
	bool latency;			/* --latency: pair entry and return hits */
	bool inherit;			/* --[no-]inherit */
	const char *const *argv;
	int argc;
};

static const char *const stat_usage[] = {
	"kprof stat [<options>] [<command>]",
	"kprof stat [<options>] -- <command> [<options>]",
	NULL
};

/* 1234567 -> "1,234,567" (perf stat's grouping). */
static const char *group_digits(uint64_t v, char *buf, size_t size)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v), o = 0;

	for (int i = 0; i < len && (size_t)o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = 0;
	return buf;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct kp_stat_counter *x = *(const struct kp_stat_counter *const *)a;
	const struct kp_stat_counter *y = *(const struct kp_stat_counter *const *)b;

	if (x->val != y->val)
		return x->val < y->val ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Why a probe of the table has no miss count (the footnote says it). */
enum { FOOT_UPROBE = 1 << 0, FOOT_KPROBE = 1 << 1 };

static void print_counter(const struct stat_cmd *cmd, const struct kp_stat_counter *c,
			  const char *prefix, int *footnote)
{
	char num[32], missed[32];
	FILE *f = stderr;

	if (c->point) {
		if (c->missed_known)
			snprintf(missed, sizeof(missed), "%llu", (unsigned long long)c->missed);
		else
			snprintf(missed, sizeof(missed), cmd->sep ? "n/a" : "n/a *");
		if (!c->missed_known && kp_probe_kind__is_user(c->point->kind))
			*footnote |= FOOT_UPROBE;
		else if (!c->missed_known)
			*footnote |= FOOT_KPROBE;
		if (cmd->sep)
			fprintf(f, "%s%llu%s%s%s%s\n", prefix, (unsigned long long)c->val, cmd->sep,
				missed, cmd->sep, c->name);
		else
			fprintf(f, "%s%18s %10s  %s\n", prefix, group_digits(c->val, num, sizeof(num)),
				missed, c->name);
		return;
	}
	if (cmd->sep) {
		fprintf(f, "%s%llu%s%s%s\n", prefix, (unsigned long long)c->val, cmd->sep,
			cmd->sep, c->name);
	} else if (strstr(c->name, "clock")) {
		fprintf(f, "%s%18.2f %-10s %s\n", prefix, c->val / 1e6, "msec", c->name);
	} else {
		fprintf(f, "%s%18s %10s  %s\n", prefix, group_digits(c->val, num, sizeof(num)), "",
			c->name);
	}
}

/* Probes first, by hits; then the -e events in command-line order. */
static void print_counters(const struct stat_cmd *cmd, const struct kp_stat_result *res,
			   const char *prefix, int *footnote)
{
	const struct kp_stat_counter **sorted = calloc(res->nr_counters + 1, sizeof(*sorted));
	int n = 0;

	if (!sorted)
		return;
	for (int i = 0; i < res->nr_counters; i++)
		if (res->counters[i].point)
			sorted[n++] = &res->counters[i];
	qsort(sorted, n, sizeof(*sorted), cmp_hits);
	if (n && !cmd->sep && !*prefix)
		fprintf(stderr, "%18s %10s  %s\n", "hits", "missed", "probe");
	for (int i = 0; i < n; i++)
		print_counter(cmd, sorted[i], prefix, footnote);
	for (int i = 0; i < res->nr_counters; i++)
		if (!res->counters[i].point)
			print_counter(cmd, &res->counters[i], prefix, footnote);
	free(sorted);
}

static void stat__print_interval(void *arg, const struct kp_stat_result *delta, double t)
{
	const struct stat_cmd *cmd = arg;
	char prefix[32];
	int footnote = 0;

	snprintf(prefix, sizeof(prefix), cmd->sep ? "%.9f%s" : "%15.9f ", t, cmd->sep ?: "");
	print_counters(cmd, delta, prefix, &footnote);
}

static void stat__print(const struct stat_cmd *cmd, const struct kp_stat_result *res)
{
	int footnote = 0;

	if (!cmd->sep) {
		fprintf(stderr, "\n Performance counter stats for ");
		if (cmd->argv) {
			fputc('\'', stderr);
			for (int i = 0; i < cmd->argc; i++)
				fprintf(stderr, "%s%s", i ? " " : "", cmd->argv[i]);
			fputc('\'', stderr);
		} else if (cmd->all_cpus) {
			fprintf(stderr, "'system wide'");
		} else {
			fprintf(stderr, "process id '%s'", cmd->pids);
		}
		fprintf(stderr, ":\n\n");
	}
	print_counters(cmd, res, "", &footnote);
	if (cmd->sep)
		return;
	if (footnote & FOOT_KPROBE)
		fprintf(stderr, "\n * no miss count: the kernel tells the misses of PMU kprobes "
			"only through a BPF perf link (Linux >= 6.7)%s\n",
			footnote & FOOT_UPROBE ? ", and counts none for uprobes" : "");
	else if (footnote & FOOT_UPROBE)
		fprintf(stderr, "\n * no miss count: the kernel counts no misses of uprobes\n");
	fprintf(stderr, "\n %18.9f seconds time elapsed\n\n", res->elapsed);
}

/* --engine: 1 for the ptrace engine, 0 for the kernel's, -1 (message printed) for a bad value. */
static int stat__use_ptrace(const struct stat_cmd *cmd)
{
	return kp_probe_opts__use_ptrace(&cmd->probes, cmd->engine, cmd->ev.nr || cmd->all_cpus,
					 cmd->quiet, cmd->verbose);
}

/* --latency: the kernel's probes sampled, every hit with its time (cmd/stat-latency.c). */
static int stat__latency(const struct stat_cmd *cmd)
{
	struct kp_stat_latency_opts lo = {
		.probes = (struct kp_probe_set *)&cmd->probes.set,
		.backend = cmd->probes.backend_kind,
		.maxactive = cmd->probes.maxactive,
		.all_cpus = cmd->all_cpus,
		.no_inherit = !cmd->inherit,
		.pids = cmd->pids,
		.argv = cmd->argv,
	};

	int use_ptrace;

	if (!cmd->probes.nr || cmd->ev.nr || cmd->interval) {
		fprintf(stderr, "kprof: --latency needs entry and return probes (-u/-U, -k/-r), "
			"without -e or -I\n");
		return KP_EXIT_USAGE;
	}
	use_ptrace = stat__use_ptrace(cmd);
	if (use_ptrace < 0)
		return KP_EXIT_USAGE;
	lo.ptrace = use_ptrace;
	return kp_stat_latency__run(&lo);
}

int cmd_stat(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct stat_cmd cmd = { .inherit = true, .quiet = ctx->quiet, .verbose = ctx->verbose };
	const struct option options[] = {
		OPT_CALLBACK('e', "event", &cmd.ev, "event",
			     "event to count (task-clock, page-faults, ...; repeatable)",
			     kp_event_opts__opt_e),
		KP_PROBE_OPTIONS(&cmd.probes),
		OPT_BOOLEAN('a', "all-cpus", &cmd.all_cpus, "system-wide, on all cpus"),
		OPT_STRING('p', "pid", &cmd.pids, "pid[,pid]", "count existing process ids"),
		OPT_INTEGER('I', "interval-print", &cmd.interval,
			    "print counts every N milliseconds"),
		OPT_STRING('x', "field-separator", &cmd.sep, "separator",
			   "print counts with a separator, without grouping or headers"),
		KP_ENGINE_OPTIONS(&cmd.engine, &cmd.inherit),
		OPT_BOOLEAN(0, "latency", &cmd.latency,
			    "sample entry and return probes: per-function latency histograms"),
		OPT_BOOLEAN('q', "quiet", &cmd.quiet, "no summary lines"),
		OPT_INCR('v', "verbose", &cmd.verbose, "list every probe"),
		OPT_END()
	};
	struct kp_stat_opts opts = { 0 };
	struct kp_stat_result res = { 0 };
	char err[1024];
	int ret = KP_EXIT_USAGE, use_ptrace;

	argc = parse_options(argc, argv, options, stat_usage, PARSE_OPT_STOP_AT_NON_OPTION);
	if (!argc && !cmd.all_cpus && !cmd.pids) {
		fprintf(stderr, "kprof: nothing to count: give a command, -p or -a\n");
		usage_with_options(stat_usage, options);	/* exits 129 */
	}
	if (cmd.all_cpus && cmd.pids) {
		fprintf(stderr, "kprof: -a cannot be used with -p\n");
		goto out;
	}
	if (cmd.interval < 0 || (cmd.interval > 0 && cmd.interval < 10)) {
		fprintf(stderr, "kprof: bad interval %d: at least 10 ms\n", cmd.interval);
		goto out;
	}
	ret = KP_EXIT_ERROR;
	if (!cmd.ev.nr && !cmd.probes.nr && kp_event_opts__add(&cmd.ev, "task-clock"))
		goto out;
	if (kp_event_opts__parse(&cmd.ev) || kp_probe_opts__parse(&cmd.probes))
		goto out;
	if (ctx->check_only) {
		ret = stat__use_ptrace(&cmd) < 0 ? KP_EXIT_ERROR : KP_EXIT_OK;
		goto out;
	}
	cmd.probes.pid = cmd.pids ? atoi(cmd.pids) : 0;
	if (kp_probe_opts__resolve(&cmd.probes, cmd.quiet, cmd.verbose))
		goto out;
	cmd.argv = argc ? argv : NULL;
	cmd.argc = argc;
	if (cmd.latency) {
		ret = stat__latency(&cmd);
		goto out;
	}
	opts.events = cmd.ev.specs;
	opts.nr_events = cmd.ev.nr_specs;
	opts.probes = &cmd.probes.set;
	opts.backend = cmd.probes.backend_kind;
	opts.maxactive = cmd.probes.maxactive;
	opts.all_cpus = cmd.all_cpus;
	opts.no_inherit = !cmd.inherit;
	opts.pids = cmd.pids;
	opts.argv = cmd.argv;
	opts.interval_ms = cmd.interval;
	opts.interval = stat__print_interval;
	opts.arg = &cmd;
	use_ptrace = stat__use_ptrace(&cmd);
	if (use_ptrace < 0)
		goto out;
	if ((use_ptrace ? kp_ubp_stat__run : kp_stat__run)(&opts, &res, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		kp_stat_result__exit(&res);
		goto out;
	}
	kp_probe_opts__print_dropped(&cmd.probes, cmd.quiet, cmd.verbose);
	if (!cmd.interval)
		stat__print(&cmd, &res);
	ret = res.has_workload ? res.exit_code : KP_EXIT_OK;
	kp_stat_result__exit(&res);
out:
	kp_event_opts__exit(&cmd.ev);
	kp_probe_opts__exit(&cmd.probes);
	return ret;
}
