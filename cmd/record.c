// SPDX-License-Identifier: GPL-2.0
/*
 * kprof record: sample a command, processes, threads or cpus into perf.data.
 * Options are perf's (libsubcmd parse-options); the work is lib/record.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <subcmd/parse-options.h>

#include "cmd/builtin.h"
#include "cmd/event-opts.h"
#include "cmd/probe-opts.h"
#include "lib/parse-events.h"
#include "lib/record.h"
#include "lib/ubp/record.h"
#include "ui/progress.h"

struct record_cmd {
	struct kp_event_opts ev;	/* -e, parsed after the options */
	const char *freq;
	u64 count;
	bool all_cpus;
	const char *pids, *tids, *cpus;
	const char *output;
	const char *mmap_pages;
	const char *call_graph;		/* --call-graph fp|dwarf[,SIZE] */
	bool callchain;			/* -g */
	bool quiet;
	bool inherit;			/* --[no-]inherit */
	int verbose;
	const char *engine;		/* --engine: auto, kernel, ptrace */
	struct kp_probe_opts probes;	/* -k/-r/-u/-U */
	struct kp_progress progress;	/* bytes and samples, on a terminal */
};

static const char *const record_usage[] = {
	"kprof record [<options>] [<command>]",
	"kprof record [<options>] -- <command> [<options>]",
	NULL
};

static int usage_error(const struct option *options, const char *fmt, const char *arg)
{
	fprintf(stderr, "kprof: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	for (int i = 0; record_usage[i]; i++)
		fprintf(stderr, "%s %s\n", i ? "    or:" : "\n Usage:", record_usage[i]);
	fputc('\n', stderr);
	return KP_EXIT_USAGE;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out == 0 || *out > max)
		return -EINVAL;
	return 0;
}

static void record__print_warning(void *arg, const char *msg)
{
	struct record_cmd *cmd = arg;

	kp_progress__clear(&cmd->progress);
	if (!cmd->quiet)
		fprintf(stderr, "kprof: %s\n", msg);
}

static void record__progress(void *arg, const struct kp_record_stats *st)
{
	struct record_cmd *cmd = arg;

	kp_progress__set(&cmd->progress, st->bytes, st->samples);
}

/*
 * Probes' hits and misses, one line each (a total past 10 probes, but with -v);
 * a probe whose kernel gives no miss count says so instead of 0.
 */
static void record__summary_misses(const struct record_cmd *cmd, const struct kp_misses *m)
{
	uint64_t hits = 0, missed = 0;
	uint32_t unknown = 0;

	for (uint32_t i = 0; i < m->nr; i++) {
		const struct kp_probe_misses *p = &m->probes[i];

		hits += p->hits;
		missed += p->missed;
		unknown += !p->missed_known;
		if (m->nr > 10 && !cmd->verbose)
			continue;
		if (p->missed_known)
			fprintf(stderr, "[ kprof record: '%s' hit %llu times, missed %llu (%s) ]\n",
				p->event, (unsigned long long)p->hits,
				(unsigned long long)p->missed, kp_miss_source__name(p->source));
		else
			fprintf(stderr, "[ kprof record: '%s' hit %llu times, missed n/a "
				"(the kernel gives no miss count for it) ]\n",
				p->event, (unsigned long long)p->hits);
	}
	if (m->nr <= 10 || cmd->verbose)
		return;
	fprintf(stderr, "[ kprof record: %u probes hit %llu times, ", m->nr,
		(unsigned long long)hits);
	if (unknown == m->nr)
		fprintf(stderr, "missed n/a (the kernel gives no miss count for them) ]\n");
	else if (unknown)
		fprintf(stderr,
			"missed %llu (n/a for %u of them: no miss count from the kernel) ]\n",
			(unsigned long long)missed, unknown);
	else
		fprintf(stderr, "missed %llu ]\n", (unsigned long long)missed);
}

static void record__summary(const struct record_cmd *cmd, const struct kp_record_opts *opts,
			    const struct kp_record_stats *st)
{
	if (cmd->quiet)
		return;
	if (st->wakeups)	/* none with the ptrace engine: it writes as hits come */
		fprintf(stderr, "[ kprof record: Woken up %lu times to write data ]\n",
			st->wakeups);
	if (st->lost)
		fprintf(stderr, "[ kprof record: Lost %llu events: ring buffer full (try a larger -m "
			"or a lower -F) ]\n", (unsigned long long)st->lost);
	if (st->lost_samples)
		fprintf(stderr, "[ kprof record: Lost %llu samples ]\n",
			(unsigned long long)st->lost_samples);
	if (st->throttles)
		fprintf(stderr, "[ kprof record: Throttled %llu times "
			"(kernel.perf_event_max_sample_rate) ]\n",
			(unsigned long long)st->throttles);
	fprintf(stderr, "[ kprof record: Captured and wrote %.3f MB %s (%llu samples) ]\n",
		st->bytes / 1024.0 / 1024.0, st->pipe ? "standard output" : opts->output,
		(unsigned long long)st->samples);
	record__summary_misses(cmd, &st->misses);
}

/* Usage checks and numeric options; returns 0 or KP_EXIT_USAGE (message printed). */
static int record__check_options(struct record_cmd *cmd, const struct option *options, int argc,
				 struct kp_record_opts *opts)
{
	unsigned long val;

	if (!argc && !cmd->all_cpus && !cmd->pids && !cmd->tids && !cmd->cpus)
		return usage_error(options, "%s",
				   "nothing to record: give a command, -p, -t, -a or -C");
	if (cmd->pids && cmd->tids)
		return usage_error(options, "%s", "-p and -t cannot be used together");
	if (cmd->all_cpus && (cmd->pids || cmd->tids))
		return usage_error(options, "%s", "-a cannot be used with -p or -t");
	if (cmd->freq && cmd->count)
		return usage_error(options, "%s", "-F and -c cannot be used together");
	if (cmd->freq && !strcmp(cmd->freq, "max")) {
		FILE *f = fopen("/proc/sys/kernel/perf_event_max_sample_rate", "r");
		unsigned int max = 0;

		if (!f || fscanf(f, "%u", &max) != 1 || !max)
			max = 1000;
		if (f)
			fclose(f);
		opts->freq = max;
	} else if (cmd->freq) {
		if (parse_uint(cmd->freq, 1000000000UL, &val))
			return usage_error(options, "bad frequency '%s'", cmd->freq);
		opts->freq = val;
	}
	if (cmd->call_graph) {
		const char *comma = strchr(cmd->call_graph, ',');
		size_t len = comma ? (size_t)(comma - cmd->call_graph) : strlen(cmd->call_graph);

		if (len == 2 && !strncmp(cmd->call_graph, "fp", 2) && !comma) {
			opts->callchain = KP_CALLCHAIN_FP;
		} else if (len == 5 && !strncmp(cmd->call_graph, "dwarf", 5)) {
			opts->callchain = KP_CALLCHAIN_DWARF;
			/* like perf: rounded up to 8 bytes, at most 65528 */
			if (comma && (parse_uint(comma + 1, 65528, &val) || !val))
				return usage_error(options,
						   "bad stack dump size '%s' (1..65528 bytes)",
						   comma + 1);
			if (comma)
				opts->stack_size = (val + 7) & ~7UL;
		} else {
			return usage_error(options,
					   "bad --call-graph '%s' (fp, dwarf or dwarf,SIZE)",
					   cmd->call_graph);
		}
	} else if (cmd->callchain) {
		opts->callchain = KP_CALLCHAIN_FP;
	}
	if (cmd->mmap_pages) {
		if (parse_uint(cmd->mmap_pages, 1UL << 20, &val) || (val & (val - 1)))
			return usage_error(options,
					   "bad -m '%s': the number of pages must be a power of 2",
					   cmd->mmap_pages);
		opts->mmap_pages = val;
	}
	return 0;
}

int cmd_record(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct record_cmd cmd = { .output = "perf.data", .inherit = true, .quiet = ctx->quiet,
				  .verbose = ctx->verbose };
	const struct option options[] = {
		OPT_CALLBACK('e', "event", &cmd.ev, "event",
			     "event to sample (cpu-clock, task-clock, sched:sched_switch, ...; "
			     "repeatable)",
			     kp_event_opts__opt_e),
		OPT_STRING('F', "freq", &cmd.freq, "freq|max", "sample frequency in Hz"),
		OPT_U64('c', "count", &cmd.count, "sample every N events (period)"),
		OPT_BOOLEAN('a', "all-cpus", &cmd.all_cpus, "system-wide, on all cpus"),
		OPT_STRING('p', "pid", &cmd.pids, "pid[,pid]", "record existing process ids"),
		OPT_STRING('t', "tid", &cmd.tids, "tid[,tid]", "record existing thread ids"),
		OPT_STRING('C', "cpu", &cmd.cpus, "cpu", "list of cpus to record (0-1,3)"),
		OPT_STRING('o', "output", &cmd.output, "file", "output file ('-': stdout)"),
		OPT_STRING('m', "mmap-pages", &cmd.mmap_pages, "pages",
			   "ring buffer data pages per cpu (a power of 2)"),
		OPT_BOOLEAN('g', NULL, &cmd.callchain, "record call stacks (--call-graph fp)"),
		OPT_STRING(0, "call-graph", &cmd.call_graph, "fp|dwarf[,size]",
			   "record call stacks: frame pointers, or user registers and "
			   "stack (default 8192 bytes) to unwind with DWARF"),
		OPT_BOOLEAN('q', "quiet", &cmd.quiet, "no summary, no warnings"),
		OPT_INCR('v', "verbose", &cmd.verbose, "be more verbose"),
		KP_PROBE_OPTIONS(&cmd.probes),
		KP_ENGINE_OPTIONS(&cmd.engine, &cmd.inherit),
		OPT_END()
	};
	struct kp_record_opts opts = { .cmd_argc = ctx->argc };
	struct kp_record_stats st = { 0 };
	char err[1024];
	int ret = KP_EXIT_ERROR, use_ptrace, err_run;

	/* parse_options() rewrites argv, which is part of main()'s: keep the command line. */
	opts.cmd_argv = calloc(ctx->argc + 1, sizeof(*opts.cmd_argv));
	if (!opts.cmd_argv)
		return KP_EXIT_ERROR;
	memcpy(opts.cmd_argv, ctx->argv, ctx->argc * sizeof(*opts.cmd_argv));
	argc = parse_options(argc, argv, options, record_usage, PARSE_OPT_STOP_AT_NON_OPTION);
	ret = record__check_options(&cmd, options, argc, &opts);
	if (ret)
		goto out;
	ret = KP_EXIT_ERROR;

	if (kp_event_opts__parse(&cmd.ev) || kp_probe_opts__parse(&cmd.probes))
		goto out;
	if (ctx->check_only) {
		ret = KP_EXIT_OK;
		goto out;
	}
	opts.events = cmd.ev.specs;
	opts.nr_events = cmd.ev.nr_specs;
	opts.period = cmd.count;
	opts.all_cpus = cmd.all_cpus;
	opts.cpu_list = cmd.cpus;
	opts.pids = cmd.pids;
	opts.tids = cmd.tids;
	opts.argv = argc ? argv : NULL;
	opts.output = cmd.output;
	opts.verbose = cmd.verbose;
	opts.warn = record__print_warning;
	opts.warn_arg = &cmd;
	opts.progress = record__progress;
	opts.progress_arg = &cmd;

	cmd.probes.pid = cmd.pids ? atoi(cmd.pids) : 0;
	if (kp_probe_opts__resolve(&cmd.probes, cmd.quiet, cmd.verbose))
		goto out;
	if (cmd.probes.set.nr_points)
		opts.probes = &cmd.probes.set;
	opts.backend = cmd.probes.backend_kind;
	opts.maxactive = cmd.probes.maxactive;
	opts.no_inherit = !cmd.inherit;
	use_ptrace = kp_probe_opts__use_ptrace(&cmd.probes, cmd.engine,
					       cmd.ev.nr || cmd.all_cpus || cmd.cpus || cmd.tids,
					       cmd.quiet, cmd.verbose);
	if (use_ptrace < 0)
		goto out;
	kp_progress__init(&cmd.progress, "kprof record", 0, cmd.quiet);
	err_run = (use_ptrace ? kp_ubp_record__run : kp_record__run)(&opts, &st, err, sizeof(err));
	kp_progress__done(&cmd.progress);
	if (err_run) {
		fprintf(stderr, "kprof: %s\n", err);
		goto out;
	}
	kp_probe_opts__print_dropped(&cmd.probes, cmd.quiet, cmd.verbose);
	record__summary(&cmd, &opts, &st);
	ret = st.has_workload ? st.exit_code : KP_EXIT_OK;
out:
	kp_misses__exit(&st.misses);
	kp_event_opts__exit(&cmd.ev);
	free(opts.cmd_argv);
	kp_probe_opts__exit(&cmd.probes);
	return ret;
}
