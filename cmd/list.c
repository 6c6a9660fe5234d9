// SPDX-License-Identifier: GPL-2.0
/*
 * kprof list: what can be sampled or probed on this machine, in perf list's
 * shape ("  name<pad>[Software event]"): software and hardware events, the
 * events of the PMUs in sysfs, tracepoints, and (-k GLOB, -u BIN:GLOB) the
 * functions a probe spec would register, each with the engine that would
 * register it.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <subcmd/parse-options.h>

#include "cmd/builtin.h"
#include "lib/parse-events-names.h"
#include "lib/probe/pmu.h"
#include "lib/probe/resolve.h"
#include "lib/probe/spec.h"
#include "lib/tracefs.h"
#include "lib/ubp/stat.h"

#define LIST_SYSFS "/sys/bus/event_source/devices"

struct list_cmd {
	const char *kprobe;	/* -k GLOB */
	const char *uprobe;	/* -u BIN:GLOB */
	bool raw;		/* --raw-dump: names only, for completion */
	bool quiet;
	int verbose;
	const char **globs;	/* the arguments: section names or event globs */
	int nr_globs;
};

/* A growing array of "name\ttag" strings, sorted before printing. */
struct list_rows {
	char **v;
	size_t nr, alloc;
};

static int rows__add(struct list_rows *r, const char *name, const char *tag)
{
	char *s;

	if (r->nr == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 64;
		char **nv = realloc(r->v, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		r->v = nv;
		r->alloc = n;
	}
	if (asprintf(&s, "%s\t%s", name, tag) < 0)
		return -ENOMEM;
	r->v[r->nr++] = s;
	return 0;
}

static int rows__cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print sorted, without duplicates; with @raw the names alone. */
static void rows__print(struct list_rows *r, bool raw)
{
	if (!r->nr)
		return;
	qsort(r->v, r->nr, sizeof(*r->v), rows__cmp);
	for (size_t i = 0; i < r->nr; i++) {
		char *tab = strchr(r->v[i], '\t');

		if (i && !strcmp(r->v[i], r->v[i - 1]))
			continue;
		*tab = '\0';
		if (raw)
			printf("%s\n", r->v[i]);
		else
			printf("  %-50s [%s]\n", r->v[i], tab + 1);
		*tab = '\t';
	}
}

static void rows__exit(struct list_rows *r)
{
	for (size_t i = 0; i < r->nr; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->nr = r->alloc = 0;
}

/* Section words perf list knows; anything else is a glob over event names. */
enum list_section {
	LIST_HW = 1 << 0,
	LIST_SW = 1 << 1,
	LIST_PMU = 1 << 2,
	LIST_TP = 1 << 3,
	LIST_PROBE = 1 << 4,
	LIST_ALL = (1 << 5) - 1,
};

static int list__section(const char *word)
{
	static const struct {
		const char *word;
		int section;
	} words[] = {
		{ "hw", LIST_HW },	    { "hardware", LIST_HW }, { "sw", LIST_SW },
		{ "software", LIST_SW },    { "pmu", LIST_PMU },     { "tracepoint", LIST_TP },
		{ "probe", LIST_PROBE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(word, words[i].word))
			return words[i].section;
	return 0;
}

/* Whether @name passes the globs of the command line (none: everything). */
static bool list__match(const struct list_cmd *cmd, const char *name)
{
	int nr = 0;

	for (int i = 0; i < cmd->nr_globs; i++) {
		if (list__section(cmd->globs[i]))
			continue;
		nr++;
		if (!fnmatch(cmd->globs[i], name, 0))
			return true;
	}
	return !nr;
}

static bool list__have_pmu(const char *pmu)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), LIST_SYSFS "/%s", pmu);
	return !access(path, F_OK);
}

/* Symbolic events of @type, aliases joined as perf does ("context-switches OR cs"). */
static int list__symbolic(const struct list_cmd *cmd, struct list_rows *rows, uint32_t type,
			  const char *tag)
{
	const struct kp_sym_event *ev;
	size_t nr, i = 0;
	char name[256];

	ev = kp_sym_event__table(&nr);
	while (i < nr) {
		size_t j = i + 1, len;
		bool match = list__match(cmd, ev[i].name);

		len = snprintf(name, sizeof(name), "%s", ev[i].name);
		while (j < nr && ev[j].type == ev[i].type && ev[j].config == ev[i].config) {
			match |= list__match(cmd, ev[j].name);
			if (cmd->raw && ev[i].type == type && list__match(cmd, ev[j].name) &&
			    rows__add(rows, ev[j].name, tag))
				return -ENOMEM;
			len += snprintf(name + len, sizeof(name) - len, " OR %s", ev[j].name);
			j++;
		}
		if (ev[i].type == type && match &&
		    rows__add(rows, cmd->raw ? ev[i].name : name, tag))
			return -ENOMEM;
		i = j;
	}
	return 0;
}

/* Events a PMU publishes in sysfs: "msr/tsc/" [Kernel PMU event]. */
static int list__pmu_events(const struct list_cmd *cmd, struct list_rows *rows)
{
	DIR *top = opendir(LIST_SYSFS), *evd;
	struct dirent *p, *e;
	char path[PATH_MAX], name[2 * NAME_MAX + 8];
	int err = 0;

	if (!top)
		return 0;
	while (!err && (p = readdir(top))) {
		if (p->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), LIST_SYSFS "/%s/events", p->d_name);
		evd = opendir(path);
		if (!evd)
			continue;
		while (!err && (e = readdir(evd))) {
			if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
				continue;	/* .scale, .unit, .per-pkg, .snapshot */
			snprintf(name, sizeof(name), "%s/%s/", p->d_name, e->d_name);
			if (list__match(cmd, name))
				err = rows__add(rows, name, "Kernel PMU event");
		}
		closedir(evd);
	}
	closedir(top);
	return err;
}

/* Tracepoints: events/SYS/NAME/ of tracefs, "sched:sched_switch" [Tracepoint event]. */
static int list__tracepoints(const struct list_cmd *cmd, struct list_rows *rows)
{
	char dir[PATH_MAX], path[PATH_MAX + 2 * NAME_MAX + 8], name[2 * NAME_MAX + 8];
	struct dirent *s, *e;
	DIR *sd, *ed;
	int err = kp_tracefs_dir(dir, sizeof(dir));

	if (err) {
		if (cmd->verbose)
			fprintf(stderr, "kprof: no tracepoints: cannot read tracefs '%s': %s\n",
				err == -EACCES ? dir : "/sys/kernel/tracing", strerror(-err));
		return 0;
	}
	strncat(dir, "/events", sizeof(dir) - strlen(dir) - 1);
	sd = opendir(dir);
	if (!sd)
		return 0;
	err = 0;
	while (!err && (s = readdir(sd))) {
		if (s->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, s->d_name);
		ed = opendir(path);
		if (!ed)
			continue;
		while (!err && (e = readdir(ed))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s/id", dir, s->d_name, e->d_name);
			if (access(path, F_OK))
				continue;	/* enable, filter: files, not events */
			snprintf(name, sizeof(name), "%s:%s", s->d_name, e->d_name);
			if (list__match(cmd, name))
				err = rows__add(rows, name, "Tracepoint event");
		}
		closedir(ed);
	}
	closedir(sd);
	return err;
}

/* Whether tracefs has @file (kprobe_events, uprobe_events). */
static bool list__tracefs_has(const char *file)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];

	if (kp_tracefs_dir(dir, sizeof(dir)))
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return !access(path, F_OK);
}

/* The engine that would register probes of @kind here, or NULL and why in @why. */
static const char *list__engine(enum kp_probe_kind kind, const char **why)
{
	struct kp_probe_pmu pmu;

	*why = NULL;
	if (kp_probe_kind__is_user(kind)) {
		if (!kp_ubp__kernel_permitted())
			return "ptrace engine";
		if (!kp_probe_pmu__find(kind, NULL, &pmu))
			return "uprobe PMU";
		if (list__tracefs_has("uprobe_events"))
			return "tracefs uprobe_events";
		*why = "no uprobes in this kernel";
		return NULL;
	}
	if (!kp_probe_pmu__find(kind, NULL, &pmu))
		return kp_probe_pmu__privileged() ? "kprobe PMU" :
						    "kprobe PMU, needs root or CAP_PERFMON";
	if (list__tracefs_has("kprobe_events"))
		return "tracefs kprobe_events";
	*why = "no kprobes in this kernel";
	return NULL;
}

static void list__engines(void)
{
	const char *k, *u, *kwhy, *uwhy;

	k = list__engine(KP_PROBE_KPROBE, &kwhy);
	u = list__engine(KP_PROBE_UPROBE, &uwhy);
	printf("\nProbes (kprof list -k GLOB, -u BIN:GLOB lists the functions):\n\n");
	printf("  %-50s [%s%s]\n", "-k, -r: kernel functions", k ? "" : "unavailable: ",
	       k ?: kwhy);
	printf("  %-50s [%s%s]\n", "-u, -U: user functions", u ? "" : "unavailable: ", u ?: uwhy);
}

/* -k GLOB, -u BIN:GLOB: every function the spec would probe, and with -v those skipped. */
static int list__probe(const struct list_cmd *cmd, enum kp_probe_kind kind, const char *str)
{
	struct kp_probe_resolve_opts ro = { 0 };
	struct kp_probe_set set = { 0 };
	struct kp_probe_spec spec;
	struct list_rows rows = { 0 };
	const char *engine, *why;
	char err[1024], tag[128];
	int ret = KP_EXIT_ERROR;

	if (kp_probe_spec__parse(&spec, kind, str, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		return KP_EXIT_USAGE;
	}
	if (kp_probe_set__add(&set, &spec, &ro, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		goto out;
	}
	engine = list__engine(kind, &why);
	snprintf(tag, sizeof(tag), "%s%s", engine ? "" : "unavailable: ", engine ?: why);
	for (int i = 0; i < set.nr_points; i++)
		if (set.points[i].symbol && rows__add(&rows, set.points[i].symbol, tag))
			goto out;
	for (int i = 0; cmd->verbose && !cmd->raw && i < set.nr_matches; i++) {
		const struct kp_probe_match *m = &set.matches[i];

		for (int j = 0; j < m->nr_skipped; j++) {
			snprintf(tag, sizeof(tag), "skipped: %s",
				 kp_probe_skip__name(m->skipped_list[j].why));
			if (rows__add(&rows, m->skipped_list[j].name, tag))
				goto out;
		}
	}
	rows__print(&rows, cmd->raw);
	for (int i = 0; !cmd->quiet && !cmd->raw && i < set.nr_matches; i++) {
		const struct kp_probe_match *m = &set.matches[i];

		if (cmd->verbose || m->probing != m->matched) {
			kp_probe_match__summary(m, err, sizeof(err));
			fprintf(stderr, "kprof: %s\n", err);
		}
	}
	ret = KP_EXIT_OK;
out:
	rows__exit(&rows);
	kp_probe_set__exit(&set);
	kp_probe_spec__exit(&spec);
	return ret;
}

static int list__events(const struct list_cmd *cmd)
{
	struct list_rows rows = { 0 };
	int sections = 0, err = 0;

	for (int i = 0; i < cmd->nr_globs; i++)
		sections |= list__section(cmd->globs[i]);
	if (!sections)	/* globs alone filter the events */
		sections = cmd->nr_globs ? LIST_ALL & ~LIST_PROBE : LIST_ALL;
	if (!cmd->raw && (sections & ~LIST_PROBE))
		printf("\nList of pre-defined events (to be used in -e):\n\n");
	/* Hardware events only where a CPU PMU exists (not in most VMs). */
	if ((sections & LIST_HW) && list__have_pmu("cpu"))
		err = list__symbolic(cmd, &rows, PERF_TYPE_HARDWARE, "Hardware event");
	if (!err && (sections & LIST_SW))
		err = list__symbolic(cmd, &rows, PERF_TYPE_SOFTWARE, "Software event");
	if (!err) {
		rows__print(&rows, cmd->raw);
		rows__exit(&rows);
	}
	if (!err && (sections & LIST_PMU))
		err = list__pmu_events(cmd, &rows);
	if (!err) {
		rows__print(&rows, cmd->raw);
		rows__exit(&rows);
	}
	if (!err && (sections & LIST_TP))
		err = list__tracepoints(cmd, &rows);
	if (!err)
		rows__print(&rows, cmd->raw);
	rows__exit(&rows);
	if (err) {
		fprintf(stderr, "kprof: cannot list events: %s\n", strerror(-err));
		return KP_EXIT_ERROR;
	}
	if (!cmd->raw && (sections & LIST_PROBE))
		list__engines();
	return KP_EXIT_OK;
}

static const char *const list_usage[] = {
	"kprof list [<options>] [hw|sw|pmu|tracepoint|probe|GLOB]...",
	"kprof list -k GLOB | -u BIN:GLOB",
	NULL
};

int cmd_list(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct list_cmd cmd = { .quiet = ctx->quiet, .verbose = ctx->verbose };
	const struct option options[] = {
		OPT_STRING('k', "kprobe", &cmd.kprobe, "glob",
			   "kernel functions matching GLOB that -k can probe ('vfs_*')"),
		OPT_STRING('u', "uprobe", &cmd.uprobe, "bin:glob",
			   "functions of BIN matching GLOB that -u can probe ('./app:work_*')"),
		OPT_BOOLEAN(0, "raw-dump", &cmd.raw, "names only, one per line (for completion)"),
		OPT_BOOLEAN('q', "quiet", &cmd.quiet, "no messages on stderr"),
		OPT_INCR('v', "verbose", &cmd.verbose,
			 "also the functions a glob matched but cannot probe, and why"),
		OPT_END()
	};

	argc = parse_options(argc, argv, options, list_usage, 0);
	cmd.globs = argv;
	cmd.nr_globs = argc;
	if (cmd.kprobe && cmd.uprobe) {
		fprintf(stderr, "kprof: -k and -u cannot be used together\n");
		usage_with_options(list_usage, options);	/* exits 129 */
	}
	if ((cmd.kprobe || cmd.uprobe) && argc) {
		fprintf(stderr, "kprof: unexpected argument '%s' with -%c\n", argv[0],
			cmd.kprobe ? 'k' : 'u');
		usage_with_options(list_usage, options);
	}
	if (cmd.kprobe)
		return list__probe(&cmd, KP_PROBE_KPROBE, cmd.kprobe);
	if (cmd.uprobe)
		return list__probe(&cmd, KP_PROBE_UPROBE, cmd.uprobe);
	return list__events(&cmd);
}
