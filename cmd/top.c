// SPDX-License-Identifier: GPL-2.0
/*
 * kprof top: sample live (lib/record.c's engine in live mode), count hits per
 * symbol (lib/top.c), and once per interval hand a snapshot to the browser
 * (ui/tui/) or print it as a table (--stdio, or not a terminal).  Sampling,
 * aggregation and drawing meet only here.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <subcmd/parse-options.h>

#include "cmd/builtin.h"
#include "cmd/event-opts.h"
#include "cmd/top.h"
#include "lib/evsel.h"
#include "lib/machine.h"
#include "lib/parse-events.h"
#include "lib/record.h"
#include "lib/sample.h"
#include "lib/top.h"
#include "lib/unwind.h"
#include "ui/snap-format.h"
#include "ui/tui/hist-browser.h"


static const char *const top_usage[] = {
	"kprof top [<options>]",
	"kprof top [<options>] -- <command> [<options>]",
	NULL
};

double top__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

double top__cpu_time(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

/* A sample with its stack: kernel frames, then (dwarf) the unwound user ones. */
static int top__sample_stack(struct top_cmd *cmd, const struct kp_evsel *evsel,
			     const struct kp_sample *sample, const struct kp_addr_location *al,
			     const struct kp_top_key *key)
{
	struct kp_frame *frames = cmd->frames;
	int n, err;

	n = kp_callchain__resolve(cmd->machine, al->thread, sample->callchain, cmd->max_stack,
				  frames, KP_CALLCHAIN_MAX);
	if (n < 0)
		return n;
	if (sample->user_regs && sample->user_stack_dyn_size && n < cmd->max_stack) {
		int nr;

		if (!cmd->unwind && (err = kp_unwind__new(&cmd->unwind, cmd->machine)))
			return err;
		nr = kp_unwind__get_entries(cmd->unwind, al->thread, sample,
					    evsel->attr.sample_regs_user, cmd->ips,
					    cmd->max_stack - n);
		if (nr < 0)
			return nr;
		nr = kp_callchain__resolve_user(cmd->machine, al->thread, cmd->ips, nr, frames + n,
						KP_CALLCHAIN_MAX - n);
		if (nr < 0)
			return nr;
		n += nr;
	}
	if (!n)		/* no frames (a corrupt chain): the row alone */
		return kp_top__add(cmd->top, key, 1);
	return kp_top__add_frames(cmd->top, frames, n, 1);
}

static int top__sample(void *arg, const struct kp_evsel *evsel, const struct kp_sample *sample,
		       const struct kp_addr_location *al)
{
	struct top_cmd *cmd = arg;
	struct kp_top_key key = {
		.dso = al->dso,
		.dso_name = al->dso ? kp_dso__short_name(al->dso) : NULL,
		.sym = al->sym,
		.sym_name = al->sym ? al->sym->name : NULL,
		.addr = al->sym || al->dso ? al->map_addr : al->addr,
		.level = al->level,
	};

	if (cmd->frames && (sample->callchain || sample->user_stack_dyn_size))
		return top__sample_stack(cmd, evsel, sample, al, &key);
	return kp_top__add(cmd->top, &key, 1);
}

static void top__print_stdio(struct top_cmd *cmd)
{
	struct kp_snapshot *snap = &cmd->snap;
	char line[1024];
	size_t n = snap->nr_rows;

	kp_snapshot__sort(snap, cmd->stdio_sort);
	if (cmd->nr_rows >= 0 && n > (size_t)cmd->nr_rows)
		n = cmd->nr_rows;
	kp_snap_fmt__header(line, sizeof(line), snap);
	printf("%s\n", line);
	kp_snap_fmt__titles(line, sizeof(line), snap, 0);
	printf("%s\n", line);
	for (size_t i = 0; i < n; i++) {
		kp_snap_fmt__row(line, sizeof(line), snap, &snap->rows[i], 0);
		printf("%s\n", line);
	}
	printf("\n");
	fflush(stdout);
}

/* Close the interval: a snapshot with its header, to the browser or stdout. */
static int top__interval(struct top_cmd *cmd)
{
	struct kp_snapshot *snap = &cmd->snap;
	double now = top__now(), cpu = top__cpu_time();
	double dt = now - cmd->last_t;
	int err;

	err = kp_top__snapshot(cmd->top, snap, dt);
	if (err)
		return err;
	snap->live = true;
	snap->freq = cmd->opts->period ? 0 : cmd->opts->freq ?: KP_RECORD_DEFAULT_FREQ;
	snap->period = cmd->opts->period;
	snap->samples = cmd->stats->samples;
	snap->samples_per_sec = dt > 0 ? (cmd->stats->samples - cmd->last_samples) / dt : 0;
	snap->lost = cmd->stats->lost + cmd->stats->lost_samples;
	snap->throttled = cmd->stats->throttles;
	snap->cpu_pct = dt > 0 ? 100.0 * (cpu - cmd->last_cpu) / dt : -1;
	snap->elapsed = now - cmd->t0;
	cmd->last_t = now;
	cmd->last_cpu = cpu;
	cmd->last_samples = cmd->stats->samples;
	return top__show(cmd);
}

int top__show(struct top_cmd *cmd)
{
	int err;

	if (!cmd->tui) {
		top__print_stdio(cmd);
		return 0;
	}
	err = kp_hist_browser__update(&cmd->hb, &cmd->snap);
	if (!err)
		kp_hist_browser__draw(&cmd->hb);
	return err;
}

void top__take_terminal(struct top_cmd *cmd)
{
	if (cmd->tui && !cmd->hb.screen) {
		/* Events are open: take the terminal now (errors before print normally). */
		if (kp_hist_browser__start(&cmd->hb, NULL))
			cmd->tui = false;
		else
			kp_hist_browser__draw(&cmd->hb);
	}
}

static int top__tick(void *arg, bool input)
{
	struct top_cmd *cmd = arg;
	int err;

	top__take_terminal(cmd);
	if (!input || !cmd->tui) {
		err = top__interval(cmd);
		if (err)
			return err;
	}
	return top__keys(cmd, input);
}

int top__keys(struct top_cmd *cmd, bool input)
{
	if (cmd->tui) {
		switch (kp_hist_browser__input(&cmd->hb)) {
		case KP_HB_QUIT:
			cmd->quit = true;
			return 1;
		case KP_HB_ZERO:
			if (cmd->top)
				kp_top__zero(cmd->top);
			for (int i = 0; i < cmd->nr_totals; i++)
				cmd->totals[i] = cmd->missed[i] = 0;
			break;
		default:
			break;
		}
	} else if (input) {
		/* Not a terminal: a line "q" (or end of input) quits. */
		char buf[64];
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n <= 0 || buf[0] == 'q') {
			cmd->quit = true;
			return 1;
		}
	}
	return 0;
}

static int top__usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "kprof: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	for (int i = 0; top_usage[i]; i++)
		fprintf(stderr, "%s %s\n", i ? "    or:" : "\n Usage:", top_usage[i]);
	return KP_EXIT_USAGE;
}

static int top__check_options(struct top_cmd *cmd, int argc, struct kp_record_opts *opts,
			      int *interval_ms)
{
	double d = 1.0;
	char *end;

	if (cmd->freq && cmd->count)
		return top__usage_error("%s", "-F and -c cannot be used together");
	if (cmd->all_cpus && cmd->pids)
		return top__usage_error("%s", "-a cannot be used with -p");
	if ((cmd->pids || cmd->all_cpus) && argc)
		return top__usage_error("%s", "a command cannot be used with -p or -a");
	if (cmd->freq) {
		unsigned long f = strtoul(cmd->freq, &end, 10);

		if (*end || !f || f > 1000000)
			return top__usage_error("bad frequency '%s'", cmd->freq);
		opts->freq = f;
	}
	if (cmd->delay) {
		errno = 0;
		d = strtod(cmd->delay, &end);
		if (errno || *end || !isfinite(d) || d < 0.05 || d > 3600)
			return top__usage_error("bad delay '%s' (seconds, 0.05 or more)",
						cmd->delay);
	}
	*interval_ms = (int)(d * 1000 + 0.5);
	cmd->stdio_sort = KP_SNAP_SORT_TOTAL;
	if (cmd->sort) {
		int i;

		for (i = 0; i < KP_SNAP_SORT__NR; i++)
			if (!strcmp(cmd->sort, kp_snap_sort__name(i)))
				break;
		if (i == KP_SNAP_SORT__NR)
			return top__usage_error("bad sort '%s' (total, recent, symbol, dso, children)",
						cmd->sort);
		cmd->stdio_sort = i;
	}
	if (cmd->call_graph) {
		const char *comma = strchr(cmd->call_graph, ',');
		size_t len = comma ? (size_t)(comma - cmd->call_graph) : strlen(cmd->call_graph);

		if (len == 2 && !strncmp(cmd->call_graph, "fp", 2) && !comma) {
			opts->callchain = KP_CALLCHAIN_FP;
		} else if (len == 5 && !strncmp(cmd->call_graph, "dwarf", 5)) {
			unsigned long size = 0;

			opts->callchain = KP_CALLCHAIN_DWARF;
			if (comma) {
				errno = 0;
				size = strtoul(comma + 1, &end, 0);
				if (errno || *end || !size || size > 65528 || comma[1] == '-')
					return top__usage_error("bad stack dump size '%s' "
								"(1..65528 bytes)", comma + 1);
				opts->stack_size = (size + 7) & ~7UL;	/* as perf */
			}
		} else {
			return top__usage_error("bad --call-graph '%s' (fp, dwarf or dwarf,SIZE)",
						cmd->call_graph);
		}
	} else if (cmd->callchain) {
		opts->callchain = KP_CALLCHAIN_FP;
	}
	if (opts->callchain && !cmd->sort)
		cmd->stdio_sort = KP_SNAP_SORT_CHILDREN;	/* perf top -g: --children */
	if (opts->callchain && cmd->probes.nr)
		return top__usage_error("%s", "-g needs sampling: it cannot be used with probes");
	if (cmd->max_stack <= 0)
		return top__usage_error("%s", "--max-stack must be positive");
	if (!argc && !cmd->pids && !cmd->cpus)
		cmd->all_cpus = true;	/* like perf top: system-wide */
	return 0;
}

int cmd_top(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct top_cmd cmd = { .nr_rows = 20, .max_stack = 127, .inherit = true,
				.quiet = ctx->quiet, .verbose = ctx->verbose };
	const struct option options[] = {
		OPT_CALLBACK('e', "event", &cmd.ev, "event", "event to sample (default cpu-clock)",
			     kp_event_opts__opt_e),
		OPT_STRING('F', "freq", &cmd.freq, "freq", "sample frequency in Hz"),
		OPT_U64('c', "count", &cmd.count, "sample every N events (period)"),
		OPT_BOOLEAN('a', "all-cpus", &cmd.all_cpus, "system-wide (the default)"),
		OPT_STRING('p', "pid", &cmd.pids, "pid[,pid]", "profile existing process ids"),
		OPT_STRING('C', "cpu", &cmd.cpus, "cpu", "list of cpus to profile (0-1,3)"),
		OPT_STRING('d', "delay", &cmd.delay, "secs", "refresh interval (default 1.0)"),
		OPT_BOOLEAN(0, "stdio", &cmd.use_stdio, "print tables instead of the browser"),
		OPT_INTEGER('n', "rows", &cmd.nr_rows, "rows per table in --stdio (default 20)"),
		OPT_STRING('s', "sort", &cmd.sort, "key", "total, recent, symbol, dso or children"),
		OPT_BOOLEAN('g', NULL, &cmd.callchain, "record call stacks (--call-graph fp)"),
		OPT_STRING(0, "call-graph", &cmd.call_graph, "fp|dwarf[,size]",
			   "record call stacks: frame pointers, or DWARF with a user stack dump"),
		OPT_INTEGER(0, "max-stack", &cmd.max_stack, "frames of a stack to use (default 127)"),
		OPT_BOOLEAN('q', "quiet", &cmd.quiet, "no messages but errors"),
		OPT_INCR('v', "verbose", &cmd.verbose, "list every probe and skipped symbol"),
		KP_PROBE_OPTIONS(&cmd.probes),
		KP_ENGINE_OPTIONS(&cmd.engine, &cmd.inherit),
		OPT_END()
	};
	struct kp_record_live live = { .sample = top__sample, .tick = top__tick, .arg = &cmd,
				       .input_fd = STDIN_FILENO };
	struct kp_record_opts opts = { .cmd_argc = ctx->argc, .cmd_argv = ctx->argv };
	struct kp_record_stats st;
	char err[1024];
	int ret, len = 0, stdin_flags;

	argc = parse_options(argc, argv, options, top_usage, PARSE_OPT_STOP_AT_NON_OPTION);
	ret = top__check_options(&cmd, argc, &opts, &live.interval_ms);
	if (ret)
		goto out;
	ret = KP_EXIT_ERROR;
	if (kp_event_opts__parse(&cmd.ev) || kp_probe_opts__parse(&cmd.probes))
		goto out;
	if (ctx->check_only) {
		ret = KP_EXIT_OK;
		goto out;
	}
	kp_snapshot__init(&cmd.snap);
	for (int i = 0; i < cmd.ev.nr && len < (int)sizeof(cmd.snap.events); i++)
		len += snprintf(cmd.snap.events + len, sizeof(cmd.snap.events) - len, "%s%s",
				i ? ", " : "", cmd.ev.strs[i]);
	if (!cmd.ev.nr)
		snprintf(cmd.snap.events, sizeof(cmd.snap.events), "cpu-clock");
	cmd.tui = !cmd.use_stdio && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
	cmd.t0 = cmd.last_t = top__now();
	cmd.last_cpu = top__cpu_time();
	if (cmd.probes.nr) {
		cmd.interval_ms = live.interval_ms;
		ret = top__run_probes(&cmd, cmd.ev.specs, cmd.ev.nr_specs, argc ? argv : NULL);
		goto out;
	}
	if (kp_top__new(&cmd.top))
		goto out;
	if (opts.callchain) {
		cmd.frames = calloc(KP_CALLCHAIN_MAX, sizeof(*cmd.frames));
		cmd.ips = calloc(KP_CALLCHAIN_MAX, sizeof(*cmd.ips));
		if (!cmd.frames || !cmd.ips)
			goto out;
		live.machine = &cmd.machine;
		cmd.snap.has_callchains = cmd.snap.has_children = true;
	}
	opts.events = cmd.ev.specs;
	opts.nr_events = cmd.ev.nr_specs;
	opts.period = cmd.count;
	opts.all_cpus = cmd.all_cpus;
	opts.cpu_list = cmd.cpus;
	opts.pids = cmd.pids;
	opts.argv = argc ? argv : NULL;
	opts.output = "/dev/null";
	opts.live = &live;
	cmd.opts = &opts;
	cmd.stats = &st;
	if (!cmd.tui && !isatty(STDIN_FILENO))
		live.input_fd = -1;	/* nothing to read keys from */
	stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
	ret = kp_record__run(&opts, &st, err, sizeof(err));
	kp_hist_browser__exit(&cmd.hb);	/* the terminal is back on every path */
	if (stdin_flags >= 0)		/* the poll set made it non-blocking */
		fcntl(STDIN_FILENO, F_SETFL, stdin_flags);
	if (ret) {
		fprintf(stderr, "kprof: %s\n", err[0] ? err : strerror(-ret));
		ret = KP_EXIT_ERROR;
		goto out;
	}
	ret = st.has_workload && !cmd.quit ? st.exit_code : KP_EXIT_OK;
out:
	kp_unwind__delete(cmd.unwind);
	free(cmd.frames);
	free(cmd.ips);
	kp_top__delete(cmd.top);
	kp_snapshot__exit(&cmd.snap);
	kp_event_opts__exit(&cmd.ev);
	free(cmd.totals);
	free(cmd.missed);
	free(cmd.seen);
	kp_probe_opts__exit(&cmd.probes);
	return ret;
}
