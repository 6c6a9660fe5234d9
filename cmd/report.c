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
#include "lib/callchain.h"
#include "lib/hist.h"
#include "lib/hist-trace.h"
#include "lib/latency.h"
#include "lib/machine.h"
#include "lib/profile.h"
#include "lib/session.h"
#include "lib/top.h"
#include "lib/unwind.h"
#include "ui/folded.h"
#include "ui/json.h"
#include "ui/pprof.h"
#include "ui/progress.h"
#include "ui/speedscope.h"
#include "ui/stdio/latency.h"
#include "ui/stdio/callchain.h"
#include "ui/stdio/env.h"
#include "ui/stdio/hist.h"
#include "ui/stdio/misses.h"
#include "ui/tui/hist-browser.h"

#define DEFAULT_SORT "comm,dso,sym"

struct kp_report_opts {
	const char *input;
	const char *sort;
	const char *kallsyms;
	bool use_stdio, use_tui, json, show_nr_samples, quiet;
	bool header, header_only;
	bool children, children_set;
	const char *call_graph;	/* -g [none|graph|fractal|flat][,threshold][,caller|callee] */
	int max_stack;
	const char *percent_limit;
	bool folded;
	bool latency;		/* --latency: entry/return pairs (lib/latency.h) */
	const char *pprof;	/* --pprof FILE */
	const char *speedscope;	/* --speedscope FILE */
	int verbose;
};

/* Comm strings (identities) and the stacks of their samples, for --folded. */
struct report_folded {
	const char *comm;
	struct kp_callchain_tree *tree;
};

/* Per event: its histogram and the samples it lost. */
struct report_evsel {
	struct kp_hist *hist;
	uint64_t lost;
	struct kp_top *chains; /* the browser's: callers and callees per symbol */
};

struct report {
	struct kp_tool tool; /* first: callbacks get &report->tool */
	struct kp_report_opts *opts;
	struct kp_session *session;
	struct kp_machine *machine;
	enum kp_sort_key keys[KP_HIST_MAX_KEYS];
	int nr_keys;
	struct kp_hist_trace *trace; /* trace and tracepoint-field keys (lib/hist-trace.h) */
	struct report_evsel *evsels; /* indexed by kp_evsel->idx */
	int nr_evsels;
	int err; /* -errno from a callback, for the message */
	bool browse; /* the TUI browser will show it */
	struct kp_progress progress; /* bytes and samples read, on a terminal */
	/* callchains */
	bool decided; /* cumulate and graph set (at the first sample: pipes bring attrs late) */
	bool has_callchains;
	bool cumulate; /* --children */
	bool graph; /* a call graph under each row (-g other than none) */
	struct kp_stdio_callchain_opts cc;
	struct kp_frame *frames; /* KP_CALLCHAIN_MAX, per sample */
	uint64_t *ips; /* KP_CALLCHAIN_MAX: a DWARF-unwound user stack */
	struct kp_unwind *unwind; /* --call-graph dwarf files: made at the first such sample */
	struct kp_hist_key *seen; /* KP_CALLCHAIN_MAX + 1: the rows a sample counted into */
	struct report_folded *folded;
	int nr_folded;
	struct kp_latency *lat; /* --latency */
	struct kp_profile *profile; /* --pprof, --speedscope: every sample's stack */
	struct kp_evsel *evsel; /* the sample's, for the profile */
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

static bool report__has_callchains(const struct kp_session *session);

/* perf's defaults: --children and a caller-order graph when the file has callchains. */
static void report__decide(struct report *rep)
{
	struct kp_report_opts *opts = rep->opts;

	rep->decided = true;
	rep->has_callchains = report__has_callchains(rep->session);
	rep->cumulate = rep->has_callchains && (opts->children_set ? opts->children : true);
	rep->graph = rep->has_callchains && rep->cc.mode != KP_CC_NONE && !opts->json &&
		     !opts->folded;
	if (!rep->cc.order_set)
		rep->cc.caller = rep->cumulate;
}

static void report__frame_key(struct report *rep, struct kp_hist_key *key,
			      const struct kp_frame *f)
{
	key->dso = f->dso;
	key->dso_name = NULL;
	if (f->dso)
		key->dso_name = rep->opts->verbose ? kp_dso__long_name(f->dso) :
						     kp_dso__short_name(f->dso);
	key->sym = f->sym;
	key->sym_name = f->sym ? f->sym->name : NULL;
	key->sym_start = f->sym ? f->sym->start : 0;
	key->sym_end = f->sym ? f->sym->end : 0;
	key->addr = f->sym ? f->map_addr : f->ip; /* perf keys unresolved callers by raw ip */
	key->level = f->level;
}

/* Is @k the row of one of the @n keys (as far as the sort keys tell)? */
static bool report__seen(const struct report *rep, const struct kp_hist_key *seen, int n,
			 const struct kp_hist_key *k, struct kp_hist *hist)
{
	for (int i = 0; i < n; i++) {
		const struct kp_hist_key *s = &seen[i];

		if (kp_hist__has_key(hist, KP_SORT_DSO) && s->dso != k->dso)
			continue;
		if (kp_hist__has_key(hist, KP_SORT_SYM) &&
		    (s->sym != k->sym || (!k->sym && s->addr != k->addr)))
			continue;
		return true;
	}
	(void)rep;
	return false;
}

static struct kp_callchain_tree *report__folded_tree(struct report *rep, const char *comm)
{
	struct report_folded *f;

	for (int i = 0; i < rep->nr_folded; i++)
		if (rep->folded[i].comm == comm)
			return rep->folded[i].tree;
	f = realloc(rep->folded, (rep->nr_folded + 1) * sizeof(*f));
	if (!f)
		return NULL;
	rep->folded = f;
	f = &f[rep->nr_folded];
	f->comm = comm;
	if (kp_callchain_tree__new(&f->tree))
		return NULL;
	rep->nr_folded++;
	return f->tree;
}

static int report__tree_add(struct kp_hist_entry *e, const struct kp_frame *frames, int n,
			    bool reverse, uint64_t period)
{
	if ((uint32_t)n > e->max_depth)
		e->max_depth = n;
	if (!e->priv && kp_callchain_tree__new((struct kp_callchain_tree **)&e->priv))
		return -ENOMEM;
	return kp_callchain_tree__add(e->priv, frames, n, reverse, period);
}

/* --pprof, --speedscope: the sample's stack, innermost first (its own frame alone without one). */
static int report__profile_add(struct report *rep, const struct kp_hist_key *key,
			       const struct kp_sample *sample, const struct kp_frame *frames, int n,
			       uint64_t period)
{
	struct kp_profile_thread_id id = { .pid = key->pid, .tid = key->tid, .comm = key->comm };
	struct kp_frame self = {
		.sym = key->sym,
		.dso = (struct kp_dso *)key->dso,
		.ip = sample->ip,
		.map_addr = key->addr,
		.level = key->level,
	};

	if (!n) {
		frames = &self;
		n = 1;
	}
	return kp_profile__add(rep->profile, rep->evsel->idx, rep->evsel->name, &id, frames, n,
			       period, sample->time);
}

/*
 * A sample with a callchain: its own row (self), and with --children every
 * distinct row of its callers once (perf's cumulative entries); the call graph
 * of a row is the stack below it (caller order) or above it (callee order).
 */
static int report__callchain(struct report *rep, struct report_evsel *re,
			     struct kp_hist_key *key, const struct kp_sample *sample,
			     uint64_t regs_mask, uint64_t period)
{
	struct kp_thread *thread = (struct kp_thread *)key->thread;
	bool caller = rep->cc.caller;
	struct kp_hist_entry *e;
	int n, nr_seen = 0, err;
	struct kp_frame *frames = rep->frames;
	char level = key->level;

	n = kp_callchain__resolve(rep->machine, thread, sample->callchain, KP_CALLCHAIN_MAX,
				  frames, KP_CALLCHAIN_MAX);
	if (n < 0)
		return n;
	if (sample->user_regs && sample->user_stack_dyn_size) {
		/* --call-graph dwarf: the kernel's frames, then the unwound user stack */
		int nr;

		if (!rep->unwind && (err = kp_unwind__new(&rep->unwind, rep->machine)))
			return err;
		nr = kp_unwind__get_entries(rep->unwind, thread, sample, regs_mask,
					    rep->ips, KP_CALLCHAIN_MAX - n);
		if (nr < 0)
			return nr;
		nr = kp_callchain__resolve_user(rep->machine, thread, rep->ips, nr, frames + n,
						KP_CALLCHAIN_MAX - n);
		if (nr < 0)
			return nr;
		n += nr;
	}
	if (re->chains && n) {
		err = kp_top__add_frames(re->chains, frames, n < rep->opts->max_stack ? n :
							      rep->opts->max_stack, period);
		if (err)
			return err;
	}
	/* --max-stack: perf keeps the frames it walks first, the outermost in caller order */
	if (n > rep->opts->max_stack) {
		if (caller)
			frames += n - rep->opts->max_stack;
		n = rep->opts->max_stack;
	}
	if (rep->profile) {
		err = report__profile_add(rep, key, sample, frames, n, period);
		if (err)
			return err;
	}
	if (!n) /* no frames (a corrupt chain): the row alone, as perf */
		return kp_hist__add(re->hist, key, period);
	if (rep->opts->folded) {
		struct kp_callchain_tree *t = report__folded_tree(rep, key->comm);

		if (!t || kp_callchain_tree__add(t, frames, n, true, period))
			return -ENOMEM;
	}
	err = kp_hist__add_cumulative(re->hist, key, period, true, &e);
	if (err)
		return err;
	if (rep->graph) {
		err = report__tree_add(e, frames, n, caller, period);
		if (err)
			return err;
	}
	if (!rep->cumulate)
		return 0;
	rep->seen[nr_seen++] = *key;
	/* perf walks the chain in the graph's order and counts a row once per sample */
	for (int j = 0; j < n; j++) {
		int i = caller ? n - 1 - j : j;
		struct kp_hist_key k = *key;

		report__frame_key(rep, &k, &frames[i]);
		/* perf leaves a frame in no map the level of the last frame it resolved */
		if (frames[i].dso)
			level = k.level;
		else
			k.level = level;
		if (report__seen(rep, rep->seen, nr_seen, &k, re->hist))
			continue;
		rep->seen[nr_seen++] = k;
		err = kp_hist__add_cumulative(re->hist, &k, period, false, &e);
		if (err)
			return err;
		if (rep->graph) {
			/* caller order: this frame and its callees; callee: it and its callers */
			err = caller ? report__tree_add(e, frames, i + 1, true, period) :
				       report__tree_add(e, frames + i, n - i, false, period);
			if (err)
				return err;
		}
	}
	return 0;
}

static int report__merge_tree(struct kp_hist_entry *dst, const struct kp_hist_entry *src)
{
	if (!src->priv)
		return 0;
	if (!dst->priv && kp_callchain_tree__new((struct kp_callchain_tree **)&dst->priv))
		return -ENOMEM;
	return kp_callchain_tree__merge(dst->priv, src->priv);
}

static void report__free_tree(struct kp_hist_entry *e, void *arg)
{
	(void)arg;
	kp_callchain_tree__delete(e->priv);
	e->priv = NULL;
}

static void report__sort_tree(struct kp_hist_entry *e, void *arg)
{
	(void)arg;
	if (e->priv)
		kp_callchain_tree__sort(e->priv);
}

/* --latency: pair the hits of entry and return events (lib/latency.h). */
static int report__latency_sample(struct report *rep, struct kp_evsel *evsel,
				  const struct kp_sample *sample)
{
	int err;

	if (!kp_latency__mapped(rep->lat)) {
		err = kp_latency__map_session(rep->lat, rep->session);
		if (err < 0)
			return err;
	}
	return kp_latency__hit_event(rep->lat, evsel->idx, sample->tid, sample->time);
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

	kp_progress__add(&rep->progress, event->header.size, 1);
	if (!evsel)
		return 0; /* a sample of no known event: perf skips it too */
	if (rep->lat) {
		err = report__latency_sample(rep, evsel, sample);
		if (err || !rep->profile)
			return rep->err = err;
	}
	if (!rep->decided)
		report__decide(rep);
	re = report__evsel(rep, evsel);
	if (!re)
		return rep->err = -ENOMEM;
	if (!re->hist) {
		err = kp_hist_trace__hist_new(rep->trace, rep->session, evsel, &re->hist, rep->keys,
					      rep->nr_keys);
		if (err)
			return rep->err = err;
		kp_hist__set_merge(re->hist, report__merge_tree);
		if (rep->browse && (err = kp_top__new(&re->chains)))
			return rep->err = err;
		if (rep->cumulate)
			kp_hist__set_cumulative(re->hist, rep->graph, rep->cc.caller);
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
	err = kp_hist_trace__key(rep->trace, evsel, sample, &key);
	if (err)
		return rep->err = err;
	rep->evsel = evsel;
	if (!sample->callchain ||
	    (!rep->cumulate && !rep->graph && !rep->opts->folded && !rep->profile)) {
		if (rep->profile && (err = report__profile_add(rep, &key, sample, NULL, 0, period)))
			return rep->err = err;
		err = kp_hist__add(re->hist, &key, period);
		if (err)
			return rep->err = err;
		return 0;
	}
	err = report__callchain(rep, re, &key, sample, evsel->attr.sample_regs_user, period);
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

	kp_progress__add(&rep->progress, event->header.size, 0);
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

/*
 * The browser over the events with samples, one snapshot each (Tab switches;
 * ui/tui/hist-browser.h).  Returns 1 when the terminal could not be taken
 * (print as text instead).
 */
static int report__browse(struct report *rep)
{
	int n = kp_session__nr_evsels(rep->session), nr = 0, err = 0;
	struct kp_hist_browser hb = { 0 };
	struct kp_snapshot *snaps = calloc(n > 0 ? n : 1, sizeof(*snaps));

	if (!snaps)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		struct kp_evsel *evsel = kp_session__evsel(rep->session, i);
		struct kp_snapshot *snap = &snaps[nr];
		struct report_evsel *re;

		if (!evsel || evsel->idx >= rep->nr_evsels)
			continue;
		re = &rep->evsels[evsel->idx];
		if (!re->hist || !kp_hist__nr_samples(re->hist))
			continue;
		kp_snapshot__init(snap);
		nr++;
		err = kp_hist__sort(re->hist) ?: kp_snapshot__from_hist(snap, re->hist);
		if (!err && re->chains)
			err = kp_top__fill_chains(re->chains, snap);
		if (err)
			goto out;
		snprintf(snap->events, sizeof(snap->events), "%s", evsel->name);
		snap->has_children = rep->cumulate;
	}
	if (kp_hist_browser__start(&hb, NULL)) {
		err = 1;
		goto out;
	}
	err = kp_hist_browser__set_events(&hb, snaps, nr);
	if (!err)
		kp_hist_browser__run(&hb);
out:
	kp_hist_browser__exit(&hb);
	for (int i = 0; i < nr; i++)
		kp_snapshot__exit(&snaps[i]);
	free(snaps);
	return err;
}

/* --folded: every comm's stacks, lines sorted. */
static int report__print_folded(struct report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int err = 0;

	if (!mem)
		return -ENOMEM;
	for (int i = 0; i < rep->nr_folded && !err; i++)
		err = kp_folded__fprintf(mem, rep->folded[i].comm, rep->folded[i].tree);
	if (fclose(mem) || err) {
		free(buf);
		return -ENOMEM;
	}
	err = kp_folded__sort_lines(buf, len, stdout);
	free(buf);
	return err;
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

	if (!opts->json && !opts->folded && !opts->use_stdio && !opts->header &&
	    (opts->use_tui || isatty(STDOUT_FILENO))) {
		int err = report__browse(rep);

		if (err <= 0)
			return err;
	}
	if (opts->folded)
		return report__print_folded(rep);
	sopts.children = rep->cumulate;
	sopts.percent_limit = opts->percent_limit ? strtof(opts->percent_limit, NULL) : 0;
	if (rep->graph) {
		rep->cc.total_percent = true;
		sopts.after_entry = kp_stdio_callchain__after_entry;
		sopts.after_entry_arg = &rep->cc;
	}
	if (opts->json)
		kp_json_report__begin((kp_json__init(&json, stdout, false), &json));
	else
		kp_stdio_report__begin(stdout, stats->lost_samples, !opts->header, &sopts);
	if (!opts->json && !opts->quiet)
		kp_stdio_misses__fprintf(stdout, kp_session__env(rep->session)->misses);

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
		if (rep->graph)
			kp_hist__for_each_entry(re->hist, report__sort_tree, NULL);
		if (opts->json)
			kp_json_report__event(&json, evsel->name, re->hist, re->lost);
		else
			kp_stdio_report__event(stdout, evsel->name, re->hist, &sopts);
	}

	if (opts->json)
		kp_json_report__end_with(&json, rep->has_callchains ? rep->profile : NULL,
					 opts->latency ? rep->lat : NULL);
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

/* Pairs made and found: 0, else the exit code (the message printed). */
static int report__latency_check(struct report *rep, const char *input)
{
	int err = kp_latency__finish(rep->lat);

	if (!err && !kp_latency__mapped(rep->lat))
		err = kp_latency__map_session(rep->lat, rep->session);
	if (err < 0) {
		fprintf(stderr, "kprof: %s\n", strerror(-err));
		return KP_EXIT_ERROR;
	}
	if (!kp_latency__nr_funcs(rep->lat)) {
		fprintf(stderr, "kprof: '%s' has no entry and return probes of one function "
			"with sample times (record -u BIN:SYM -U BIN:SYM)\n", input);
		return KP_EXIT_ERROR;
	}
	return 0;
}

static int report__print_latency(struct report *rep, const char *input)
{
	int err = report__latency_check(rep, input);

	if (!err)
		kp_stdio_latency__fprintf(stdout, rep->lat);
	return err;
}

/* The size of a regular input file (for the progress line), else 0. */
static uint64_t report__input_size(const char *input)
{
	struct stat st;

	if (strcmp(input, "-") && !stat(input, &st) && S_ISREG(st.st_mode))
		return st.st_size;
	return 0;
}

/* --pprof, --speedscope: the files, and nothing on standard output. */
static int report__export(struct report *rep, const char *input)
{
	const char *path = rep->opts->pprof;
	int err = 0;

	if (path)
		err = kp_pprof__write(rep->profile, path);
	if (!err && rep->opts->speedscope) {
		path = rep->opts->speedscope;
		err = kp_latency__finish(rep->lat) ?:
		      kp_speedscope__write(rep->profile, rep->lat, path, input);
	}
	if (err) {
		fprintf(stderr, "kprof: cannot write '%s': %s\n", path, strerror(-err));
		return KP_EXIT_ERROR;
	}
	if (!rep->profile->nr_events && !rep->opts->quiet)
		fprintf(stderr, "kprof: '%s' has no samples\n", input);
	return KP_EXIT_OK;
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
		kp_progress__init(&rep->progress, "kprof report", report__input_size(input),
				  opts->quiet);
		err = kp_session__process(rep->session);
		kp_progress__done(&rep->progress);
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
	if (opts->header_only) {
		kp_stdio_misses__fprintf(stdout, kp_session__env(rep->session)->misses);
		return KP_EXIT_OK;
	}
	if ((opts->pprof || opts->speedscope) && report__export(rep, input))
		return KP_EXIT_ERROR;
	if (opts->latency && !opts->json)
		return report__print_latency(rep, input);
	if (opts->pprof || opts->speedscope)
		return KP_EXIT_OK;
	if (opts->latency && (err = report__latency_check(rep, input)))
		return err;
	if (opts->folded && !report__has_callchains(rep->session)) {
		fprintf(stderr, "kprof: '%s' has no callchains (record with -g)\n", input);
		return KP_EXIT_ERROR;
	}
	if (report__print(rep, input)) {
		fprintf(stderr, "kprof: %s\n", strerror(ENOMEM));
		return KP_EXIT_ERROR;
	}
	return KP_EXIT_OK;

out_session:
	if (kp_hist_trace__strerror(rep->trace)) { /* a key no event of the file has */
		fprintf(stderr, "kprof: report: %s\n", kp_hist_trace__strerror(rep->trace));
		return KP_EXIT_USAGE;
	}
	if (rep->err && rep->err == err)
		fprintf(stderr, "kprof: %s: %s\n", input, strerror(-err));
	else
		fprintf(stderr, "kprof: %s\n",
			rep->session ? kp_session__strerror(rep->session) : strerror(-err));
	return KP_EXIT_ERROR;
}

static int report__opt_call_graph(const struct option *opt, const char *arg, int unset)
{
	*(const char **)opt->value = unset ? "none" : arg ? arg : "graph";
	return 0;
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
		OPT_BOOLEAN(0, "tui", &opts.use_tui, "use the TUI browser (the default on a terminal)"),
		OPT_BOOLEAN_SET(0, "children", &opts.children, &opts.children_set,
				"accumulate callers' rows (default with callchains)"),
		OPT_CALLBACK_DEFAULT('g', "call-graph", &opts.call_graph,
				     "graph|fractal|none[,threshold][,caller|callee]",
				     "call graphs under the rows (default: graph,0.5,caller)",
				     report__opt_call_graph, "graph"),
		OPT_INTEGER(0, "max-stack", &opts.max_stack,
			    "frames of a callchain to use (default: 127)"),
		OPT_STRING(0, "percent-limit", &opts.percent_limit, "percent",
			   "hide rows under this percentage"),
		OPT_BOOLEAN(0, "folded", &opts.folded,
			    "print one line per unique stack, comm;frame;... count (flame graphs)"),
		OPT_BOOLEAN('n', "show-nr-samples", &opts.show_nr_samples,
			    "show a column with the number of samples"),
		OPT_STRING('s', "sort", &opts.sort, "key[,key2...]",
			   "sort by key(s): comm, pid, tid, dso, sym, cpu, trace, [event.]field "
			   "(default: " DEFAULT_SORT ")"),
		OPT_BOOLEAN(0, "json", &opts.json, "print the rows as JSON"),
		OPT_STRING(0, "pprof", &opts.pprof, "file",
			   "write the samples and their stacks as a pprof profile (gzip'd profile.proto)"),
		OPT_STRING(0, "speedscope", &opts.speedscope, "file",
			   "write speedscope JSON: sampled profiles per thread, evented ones of "
			   "entry/return pairs"),
		OPT_BOOLEAN(0, "latency", &opts.latency,
			    "pair entry and return probe hits: per-function latency histograms"),
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
	if (kp_stdio_callchain__parse(&rep.cc, opts.call_graph)) {
		fprintf(stderr, "kprof: report: invalid -g '%s' "
			"(graph|fractal|none[,threshold][,caller|callee])\n",
			opts.call_graph);
		return KP_EXIT_USAGE;
	}
	/* perf does not repeat the row's own symbol atop its graph when sorting by sym first */
	rep.cc.skip_first = !strncmp(opts.sort, "sym", 3);
	if (opts.percent_limit) {
		char *end;

		strtod(opts.percent_limit, &end);
		if (end == opts.percent_limit || *end) {
			fprintf(stderr, "kprof: report: invalid --percent-limit '%s'\n",
				opts.percent_limit);
			return KP_EXIT_USAGE;
		}
	}
	/* like perf, --percent-limit is the call graph's threshold too */
	if (opts.percent_limit)
		rep.cc.min_percent = strtof(opts.percent_limit, NULL);
	if (opts.max_stack <= 0)
		opts.max_stack = 127;
	/* before the buffers below: a usage error has nothing to free */
	rep.nr_keys = kp_hist_trace__parse(&rep.trace, opts.sort, rep.keys, KP_HIST_MAX_KEYS);
	if (rep.nr_keys < 0) {
		fprintf(stderr,
			"kprof: report: invalid --sort key list '%s' "
			"(keys: comm, pid, tid, dso, sym, cpu, trace, tracepoint fields)\n",
			opts.sort);
		return KP_EXIT_USAGE;
	}
	if (ctx->check_only) {
		kp_hist_trace__delete(rep.trace);
		return KP_EXIT_OK;
	}
	rep.frames = malloc(KP_CALLCHAIN_MAX * sizeof(*rep.frames));
	rep.seen = malloc((KP_CALLCHAIN_MAX + 1) * sizeof(*rep.seen));
	rep.ips = malloc(KP_CALLCHAIN_MAX * sizeof(*rep.ips));
	if (!rep.frames || !rep.seen || !rep.ips) {
		free(rep.frames);
		free(rep.seen);
		free(rep.ips);
		kp_hist_trace__delete(rep.trace);
		return KP_EXIT_ERROR;
	}

	/* as report__print decides; the browser's trees are counted while reading */
	rep.browse = !opts.json && !opts.folded && !opts.use_stdio && !opts.header &&
		     !opts.header_only && !opts.latency && !opts.speedscope && !opts.pprof &&
		     (opts.use_tui || isatty(STDOUT_FILENO));
	if (((opts.latency || opts.speedscope) && kp_latency__new(&rep.lat)) ||
	    ((opts.pprof || opts.speedscope || opts.json) && kp_profile__new(&rep.profile)))
		ret = KP_EXIT_ERROR;
	else
		ret = report__run(&rep, report__input(opts.input));

	for (int i = 0; i < rep.nr_evsels; i++) {
		if (rep.evsels[i].hist)
			kp_hist__for_each_entry(rep.evsels[i].hist, report__free_tree, NULL);
		kp_hist__delete(rep.evsels[i].hist);
		kp_top__delete(rep.evsels[i].chains);
	}
	for (int i = 0; i < rep.nr_folded; i++)
		kp_callchain_tree__delete(rep.folded[i].tree);
	free(rep.folded);
	free(rep.frames);
	free(rep.seen);
	free(rep.ips);
	kp_unwind__delete(rep.unwind);
	kp_latency__delete(rep.lat);
	kp_profile__delete(rep.profile);
	free(rep.evsels);
	kp_machine__delete(rep.machine);
	kp_session__delete(rep.session);
	kp_hist_trace__delete(rep.trace);
	return ret;
}
