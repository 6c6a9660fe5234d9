// SPDX-License-Identifier: GPL-2.0
/*
 * kprof report: read a perf.data (perf's or kprof's, file or pipe format),
 * rebuild the machine, count samples per sort-key tuple, print the profile as
 * perf report --stdio does, or as JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <subcmd/parse-options.h>

#include "cmd/builtin.h"
#include "lib/hist.h"
#include "lib/machine.h"
#include "lib/session.h"
#include "ui/json.h"
#include "ui/stdio/env.h"
#include "ui/stdio/hist.h"

#define DEFAULT_SORT "comm,dso,sym"

struct kp_report_opts {
	const char *input;
	const char *sort;
	const char *kallsyms;
	bool use_stdio, use_tui, json, show_nr_samples, quiet;
	bool header, header_only;
	bool children;
	int verbose;
};

/* Per event: its histogram and the samples it lost. */
struct report_evsel {
	struct kp_hist *hist;
	uint64_t lost;
};

struct report {
	struct kp_tool tool; /* first: callbacks get &report->tool */
	struct kp_report_opts *opts;
	struct kp_session *session;
	struct kp_machine *machine;
	enum kp_sort_key keys[KP_HIST_MAX_KEYS];
	int nr_keys;
	struct report_evsel *evsels; /* indexed by kp_evsel->idx */
	int nr_evsels;
	int err; /* -errno from a callback, for the message */
};

static const char *const report_usage[] = {
	"kprof report [<options>]",
	NULL,
};

static struct report_evsel *report__evsel(struct report *rep, struct kp_evsel *evsel)
{
	if (evsel->idx >= rep->nr_evsels) {
		int n = evsel->idx + 1;
		struct report_evsel *v = realloc(rep->evsels, n * sizeof(*v));

		if (!v)
			return NULL;
		memset(v + rep->nr_evsels, 0, (n - rep->nr_evsels) * sizeof(*v));
		rep->evsels = v;
		rep->nr_evsels = n;
	}
	return &rep->evsels[evsel->idx];
}

static int report__sample(struct kp_tool *tool, const union perf_event *event,
			  const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct report *rep = (struct report *)tool;
	struct kp_addr_location al;
	struct kp_hist_key key;
	struct report_evsel *re;
	uint64_t period = sample->period;
	int err;

	if (!evsel)
		return 0; /* a sample of no known event: perf skips it too */
	re = report__evsel(rep, evsel);
	if (!re)
		return rep->err = -ENOMEM;
	if (!re->hist) {
		err = kp_hist__new(&re->hist, rep->keys, rep->nr_keys);
		if (err)
			return rep->err = err;
	}
	err = kp_machine__resolve(rep->machine, sample, 0, &al);
	if (err)
		return rep->err = err;
	/* like perf: without PERF_SAMPLE_PERIOD a sample weighs the attr's period */
	if (!(evsel->attr.sample_type & PERF_SAMPLE_PERIOD))
		period = evsel->attr.sample_period;

	key.thread = al.thread;
	key.comm = kp_thread__comm(al.thread);
	key.pid = kp_thread__pid(al.thread);
	key.tid = kp_thread__tid(al.thread);
	key.cpu = sample->has_cpu ? (int32_t)sample->cpu : -1;
	key.dso = al.dso;
	key.dso_name = NULL;
	if (al.dso)
		key.dso_name = rep->opts->verbose ? kp_dso__long_name(al.dso) :
						    kp_dso__short_name(al.dso);
	key.sym = al.sym;
	key.sym_name = al.sym ? al.sym->name : NULL;
	key.sym_start = al.sym ? al.sym->start : 0;
	key.sym_end = al.sym ? al.sym->end : 0;
	key.addr = al.map_addr;
	key.level = al.level;
	err = kp_hist__add(re->hist, &key, period);
	if (err)
		return rep->err = err;
	return 0;
}

static int report__side_band(struct kp_tool *tool, const union perf_event *event,
			     const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct report *rep = (struct report *)tool;
	struct report_evsel *re;
	int err;

	switch (event->header.type) {
	case PERF_RECORD_LOST_SAMPLES:
	case PERF_RECORD_LOST:
		if (!evsel)
			return 0;
		re = report__evsel(rep, evsel);
		if (!re)
			return rep->err = -ENOMEM;
		re->lost += event->header.type == PERF_RECORD_LOST ? event->lost.lost :
								     event->lost_samples.lost;
		return 0;
	default:
		err = kp_machine__process_event(rep->machine, event, sample);
		if (err)
			return rep->err = err;
		return 0;
	}
}

/* No -i: a pipe, socket or non-empty redirected file on standard input, else ./perf.data. */
static const char *report__input(const char *input)
{
	struct stat st;

	if (input && *input)
		return input;
	/* an empty regular file (a harness's stdin) is no input: use ./perf.data */
	if (!isatty(STDIN_FILENO) && !fstat(STDIN_FILENO, &st) &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size)))
		return "-";
	return "perf.data";
}

static bool report__has_samples(const struct report *rep)
{
	for (int i = 0; i < rep->nr_evsels; i++)
		if (rep->evsels[i].hist && kp_hist__nr_samples(rep->evsels[i].hist))
			return true;
	return false;
}

static int report__print(struct report *rep, const char *input)
{
	struct kp_report_opts *opts = rep->opts;
	struct kp_stdio_hist_opts sopts = {
		.show_nr_samples = opts->show_nr_samples,
		.quiet = opts->quiet,
	};
	const struct kp_session_stats *stats = kp_session__stats(rep->session);
	int nr = kp_session__nr_evsels(rep->session);
	struct kp_json json;

	/* like perf: a file without samples is said so on stderr, and is no error */
	if (!opts->json && !report__has_samples(rep)) {
		if (!opts->quiet && !opts->header)
			printf("# To display the perf.data header info, please use "
			       "--header/--header-only options.\n#\n");
		fprintf(stderr, "kprof: '%s' has no samples\n", input);
		return 0;
	}

	if (opts->json)
		kp_json_report__begin((kp_json__init(&json, stdout, false), &json));
	else
		kp_stdio_report__begin(stdout, stats->lost_samples, !opts->header, &sopts);

	for (int i = 0; i < nr; i++) {
		struct kp_evsel *evsel = kp_session__evsel(rep->session, i);
		struct report_evsel *re;

		if (!evsel || evsel->idx >= rep->nr_evsels)
			continue;
		re = &rep->evsels[evsel->idx];
		/* perf skips events without samples (the dummy event of -a) */
		if (!re->hist || !kp_hist__nr_samples(re->hist))
			continue;
		if (kp_hist__sort(re->hist))
			return -ENOMEM;
		if (opts->json)
			kp_json_report__event(&json, evsel->name, re->hist, re->lost);
		else
			kp_stdio_report__event(stdout, evsel->name, re->hist, &sopts);
	}

	if (opts->json)
		kp_json_report__end(&json);
	else
		kp_stdio_report__end(stdout, &sopts);
	return 0;
}

static bool report__has_callchains(const struct kp_session *session)
{
	for (int i = 0; i < kp_session__nr_evsels(session); i++) {
		const struct kp_evsel *evsel = kp_session__evsel(session, i);

		if (evsel && (evsel->attr.sample_type & PERF_SAMPLE_CALLCHAIN))
			return true;
	}
	return false;
}

/* perf report names the idle thread (pid 0) "swapper" before reading any record; so do we. */
static int report__register_idle_thread(struct kp_machine *machine)
{
	union {
		struct perf_record_comm comm;
		char buf[sizeof(struct perf_record_comm) + 16];
	} ev;

	memset(&ev, 0, sizeof(ev));
	ev.comm.header.type = PERF_RECORD_COMM;
	ev.comm.header.size = sizeof(ev.comm.header) + 2 * sizeof(uint32_t) + 8;
	ev.comm.pid = 0;
	ev.comm.tid = 0;
	strcpy(ev.comm.comm, "swapper");
	return kp_machine__process_event(machine, (union perf_event *)&ev, NULL);
}

static int report__run(struct report *rep, const char *input)
{
	struct kp_machine_opts mopts = { .kallsyms = rep->opts->kallsyms };
	struct kp_report_opts *opts = rep->opts;
	int err;

	err = kp_session__open(&rep->session, strcmp(input, "-") ? input : NULL, &rep->tool);
	if (err)
		goto out_session;
	mopts.env = kp_session__env(rep->session);
	err = kp_machine__new(&rep->machine, &mopts);
	if (err) {
		fprintf(stderr, "kprof: %s: %s\n", input, strerror(-err));
		return KP_EXIT_ERROR;
	}

	err = report__register_idle_thread(rep->machine);
	if (err) {
		fprintf(stderr, "kprof: %s: %s\n", input, strerror(-err));
		return KP_EXIT_ERROR;
	}

	if (!opts->header_only || kp_session__is_pipe(rep->session)) {
		err = kp_session__process(rep->session);
		if (err)
			goto out_session;
		if (kp_session__stats(rep->session)->truncated && !opts->quiet)
			fprintf(stderr,
				"kprof: warning: '%s' is truncated (was its recorder killed?): "
				"reporting up to its last complete record\n",
				input);
	}

	if (opts->header || opts->header_only)
		kp_stdio_env__fprintf(stdout, rep->session, input);
	if (opts->header_only)
		return KP_EXIT_OK;
	if (!opts->quiet && !opts->json && report__has_callchains(rep->session))
		fprintf(stderr,
			"kprof: note: '%s' has callchains; kprof shows self overhead only "
			"(perf report --no-children -g none)\n",
			input);
	if (report__print(rep, input)) {
		fprintf(stderr, "kprof: %s\n", strerror(ENOMEM));
		return KP_EXIT_ERROR;
	}
	return KP_EXIT_OK;

out_session:
	if (rep->err && rep->err == err)
		fprintf(stderr, "kprof: %s: %s\n", input, strerror(-err));
	else
		fprintf(stderr, "kprof: %s\n",
			rep->session ? kp_session__strerror(rep->session) : strerror(-err));
	return KP_EXIT_ERROR;
}

int cmd_report(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct kp_report_opts opts = {
		.sort = DEFAULT_SORT,
		.quiet = ctx->quiet,
		.verbose = ctx->verbose,
	};
	struct report rep = {
		.tool = {
			.sample = report__sample,
			.side_band = report__side_band,
			.ordered = true,
		},
		.opts = &opts,
	};
	const struct option options[] = {
		OPT_STRING('i', "input", &opts.input, "file",
			   "input file name (default: stdin if not a terminal, else perf.data)"),
		OPT_BOOLEAN(0, "stdio", &opts.use_stdio, "use the stdio interface"),
		OPT_BOOLEAN(0, "tui", &opts.use_tui, "use the TUI interface (not yet: stdio)"),
		OPT_BOOLEAN(
			0, "children", &opts.children,
			"accumulate callchains into parents (not yet: --no-children is what kprof shows)"),
		OPT_BOOLEAN('n', "show-nr-samples", &opts.show_nr_samples,
			    "show a column with the number of samples"),
		OPT_STRING('s', "sort", &opts.sort, "key[,key2...]",
			   "sort by key(s): comm, pid, tid, dso, sym, cpu (default: " DEFAULT_SORT
			   ")"),
		OPT_BOOLEAN(0, "json", &opts.json, "print the rows as JSON"),
		OPT_STRING(0, "kallsyms", &opts.kallsyms, "file", "kallsyms pathname"),
		OPT_BOOLEAN('q', "quiet", &opts.quiet, "do not show any message or header"),
		OPT_INCR('v', "verbose", &opts.verbose, "be more verbose (show long dso names)"),
		OPT_BOOLEAN(0, "header", &opts.header, "show the data header"),
		OPT_BOOLEAN(0, "header-only", &opts.header_only, "show only the data header"),
		OPT_END(),
	};
	int ret;

	argc = parse_options(argc, argv, options, report_usage, 0);
	if (argc) {
		fprintf(stderr, "kprof: report: unexpected argument '%s'\n", argv[0]);
		usage_with_options(report_usage, options);
	}
	if (opts.children) {
		fprintf(stderr, "kprof: report: --children is not supported yet\n");
		return KP_EXIT_USAGE;
	}
	rep.nr_keys = kp_sort_keys__parse(opts.sort, rep.keys, KP_HIST_MAX_KEYS);
	if (rep.nr_keys < 0) {
		fprintf(stderr,
			"kprof: report: invalid --sort key list '%s' "
			"(keys: comm, pid, tid, dso, sym, cpu)\n",
			opts.sort);
		return KP_EXIT_USAGE;
	}

	ret = report__run(&rep, report__input(opts.input));

	for (int i = 0; i < rep.nr_evsels; i++)
		kp_hist__delete(rep.evsels[i].hist);
	free(rep.evsels);
	kp_machine__delete(rep.machine);
	kp_session__delete(rep.session);
	return ret;
}
