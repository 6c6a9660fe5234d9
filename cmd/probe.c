// SPDX-License-Identifier: GPL-2.0
/*
 * kprof probe: persistent probes (perf probe's --add/--list/--del).  They are
 * tracefs dynamic events in perf probe's default groups, "probe" for kernel
 * functions and "probe_<binary>" for user ones, so `kprof stat -e probe:SYM`
 * and perf itself can use them until they are deleted.  Specs are those of -k
 * and -u: "SYM[+OFF][%return] [ARGS]" or "BIN:SYM[+OFF][%return] [ARGS]".
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <subcmd/parse-options.h>
#include <tracefs.h>

#include "cmd/builtin.h"
#include "lib/probe/resolve.h"
#include "lib/probe/spec.h"
#include "lib/probe/tracefs.h"

struct probe_cmd {
	const char **adds, **dels;
	int nr_adds, nr_dels;
	bool list, all;
	int maxactive;
	bool quiet;
	int verbose;
};

static const char *const probe_usage[] = {
	"kprof probe --add 'SYM[%return] [ARGS]' | --add 'BIN:SYM[%return] [ARGS]'",
	"kprof probe --list [--all]",
	"kprof probe --del NAME|GLOB",
	NULL
};

static int probe__opt_push(const char ***arr, int *nr, const char *str, int unset)
{
	const char **a;

	if (unset)
		return 0;
	a = realloc(*arr, (*nr + 1) * sizeof(*a));
	if (!a)
		return -1;
	*arr = a;
	a[(*nr)++] = str;
	return 0;
}

static int probe__opt_add(const struct option *opt, const char *str, int unset)
{
	struct probe_cmd *cmd = opt->value;

	return probe__opt_push(&cmd->adds, &cmd->nr_adds, str, unset);
}

static int probe__opt_del(const struct option *opt, const char *str, int unset)
{
	struct probe_cmd *cmd = opt->value;

	return probe__opt_push(&cmd->dels, &cmd->nr_dels, str, unset);
}

/* Probes kprof probe manages: perf probe's groups "probe" and "probe_*". */
static bool persistent_group(const char *group)
{
	return !strcmp(group, "probe") || !strncmp(group, "probe_", 6);
}

/* A user probe when the location (the first word) names a binary: "BIN:SYM". */
static enum kp_probe_kind probe__kind(const char *spec)
{
	size_t len = strcspn(spec, " \t");

	return memchr(spec, ':', len) ? KP_PROBE_UPROBE : KP_PROBE_KPROBE;
}

/* --add's spec, parsed only (the options checked, nothing registered). */
static int probe__check(const char *str)
{
	struct kp_probe_spec spec;
	char err[1024];

	if (kp_probe_spec__parse(&spec, probe__kind(str), str, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		return KP_EXIT_ERROR;
	}
	kp_probe_spec__exit(&spec);
	return KP_EXIT_OK;
}

/* -v: each spec's summary and every symbol its glob skipped, with the reason. */
static void probe__explain(const struct kp_probe_set *set)
{
	char line[512];

	for (int i = 0; i < set->nr_matches; i++) {
		const struct kp_probe_match *m = &set->matches[i];

		kp_probe_match__summary(m, line, sizeof(line));
		fprintf(stderr, "kprof: %s\n", line);
		for (int j = 0; j < m->nr_skipped; j++)
			fprintf(stderr, "kprof:   skipped %-32s (%s)\n", m->skipped_list[j].name,
				kp_probe_skip__name(m->skipped_list[j].why));
	}
}

static int probe__add(struct probe_cmd *cmd, const char *str)
{
	struct kp_probe_resolve_opts ro = { 0 };
	struct kp_probe_set set = { 0 };
	struct kp_probe_spec spec;
	struct kp_probe_tracefs tf;
	char err[1024];
	int ret = -1;

	if (kp_probe_spec__parse(&spec, probe__kind(str), str, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		return -1;
	}
	kp_probe_tracefs__init_persistent(&tf, cmd->maxactive);
	if (kp_probe_set__add(&set, &spec, &ro, err, sizeof(err)) ||
	    kp_probe_tracefs__create(&tf, &set, err, sizeof(err))) {
		fprintf(stderr, "kprof: %s\n", err);
		/* What a failed glob created is removed again. */
		kp_probe_tracefs__destroy(&tf);
		goto out;
	}
	if (cmd->verbose && !cmd->quiet)
		probe__explain(&set);
	if (!cmd->quiet)
		fprintf(stderr, "Added new event%s:\n", set.nr_points > 1 ? "s" : "");
	for (int i = 0; i < set.nr_points; i++) {
		const struct kp_probe_point *p = &set.points[i];
		char loc[4096], group[128];

		if (p->dropped || cmd->quiet)
			continue;
		kp_probe_tracefs_location(p, loc, sizeof(loc));
		fprintf(stderr, "  %s:%s (on %s%s%s)\n",
			kp_probe_tracefs__group(&tf, p, group, sizeof(group)), tf.names[i], loc,
			spec.nr_args ? " with " : "", spec.nr_args ? strchr(str, ' ') + 1 : "");
	}
	if (!cmd->quiet && set.nr_points)
		fprintf(stderr, "\nYou can now use it in all kprof tools, such as:\n\n"
			"\tkprof stat -e %s -- CMD\n\n", set.points[0].event);
	kp_probe_tracefs__exit(&tf);
	ret = 0;
out:
	kp_probe_set__exit(&set);
	kp_probe_spec__exit(&spec);
	return ret;
}

static int probe__list(const struct probe_cmd *cmd)
{
	struct tracefs_dynevent **all = kp_probe_tracefs_get_all();

	for (int i = 0; all && all[i]; i++) {
		char *group = NULL, *event = NULL, *prefix = NULL, *addr = NULL, *format = NULL;

		tracefs_dynevent_info(all[i], &group, &event, &prefix, &addr, &format);
		if (group && event && (cmd->all || persistent_group(group)))
			printf("  %s:%s%s (on %s%s%s)\n", group, event,
			       prefix && (prefix[0] == 'r') ? " [return]" : "", addr ?: "?",
			       format && *format ? " with " : "", format ?: "");
		free(group);
		free(event);
		free(prefix);
		free(addr);
		free(format);
	}
	tracefs_dynevent_list_free(all);
	return 0;
}

/* Delete the persistent probes matching @pat ("group:event", "event" or a glob of either). */
static int probe__del(const struct probe_cmd *cmd, const char *pat)
{
	struct tracefs_dynevent **all = kp_probe_tracefs_get_all();
	int nr = 0, ret = 0;

	for (int i = 0; all && all[i]; i++) {
		char *group = NULL, *event = NULL, full[512];

		tracefs_dynevent_info(all[i], &group, &event, NULL, NULL, NULL);
		if (group && event && persistent_group(group)) {
			snprintf(full, sizeof(full), "%s:%s", group, event);
			if (!fnmatch(pat, full, 0) || !fnmatch(pat, event, 0)) {
				if (tracefs_dynevent_destroy(all[i], false)) {
					fprintf(stderr, "kprof: cannot delete '%s': %s\n", full,
						strerror(errno ?: EBUSY));
					ret = -1;
				} else {
					nr++;
					if (!cmd->quiet)
						fprintf(stderr, "Removed event: %s\n", full);
				}
			}
		}
		free(group);
		free(event);
	}
	tracefs_dynevent_list_free(all);
	if (!nr && !ret) {
		fprintf(stderr, "kprof: no probe matches '%s' (see 'kprof probe --list')\n", pat);
		ret = -1;
	}
	return ret;
}

int cmd_probe(int argc, const char **argv, struct kp_ctx *ctx)
{
	struct probe_cmd cmd = { .quiet = ctx->quiet, .verbose = ctx->verbose };
	const struct option options[] = {
		OPT_CALLBACK('a', "add", &cmd, "spec",
			     "add a probe: 'SYM[+OFF][%return] [ARGS]' or 'BIN:SYM... [ARGS]'",
			     probe__opt_add),
		OPT_CALLBACK('d', "del", &cmd, "name", "delete probes ('group:event' or a glob)",
			     probe__opt_del),
		OPT_BOOLEAN('l', "list", &cmd.list, "list the probes"),
		OPT_BOOLEAN(0, "all", &cmd.all, "--list: also the probes of running kprofs"),
		OPT_INTEGER(0, "maxactive", &cmd.maxactive,
			    "kretprobes: at most N pending returns"),
		OPT_BOOLEAN('q', "quiet", &cmd.quiet, "print nothing but errors"),
		OPT_INCR('v', "verbose", &cmd.verbose,
			 "--add: every symbol a glob skipped, and why"),
		OPT_END()
	};
	int ret = KP_EXIT_OK;

	argc = parse_options(argc, argv, options, probe_usage, 0);
	if (argc || (!cmd.nr_adds && !cmd.nr_dels && !cmd.list)) {
		if (argc)
			fprintf(stderr, "kprof: unexpected argument '%s'\n", argv[0]);
		usage_with_options(probe_usage, options);	/* exits 129 */
	}
	if (cmd.maxactive < 0 || cmd.maxactive > 4096) {
		fprintf(stderr, "kprof: bad --maxactive %d: 1 to 4096\n", cmd.maxactive);
		ret = KP_EXIT_USAGE;
		goto out;
	}
	if (ctx->check_only) {
		for (int i = 0; i < cmd.nr_adds && ret == KP_EXIT_OK; i++)
			ret = probe__check(cmd.adds[i]);
		goto out;
	}
	kp_probe_tracefs_remove_stale(NULL);
	for (int i = 0; i < cmd.nr_dels; i++)
		if (probe__del(&cmd, cmd.dels[i]))
			ret = KP_EXIT_ERROR;
	for (int i = 0; i < cmd.nr_adds; i++)
		if (probe__add(&cmd, cmd.adds[i]))
			ret = KP_EXIT_ERROR;
	if (cmd.list)
		probe__list(&cmd);
out:
	free(cmd.adds);
	free(cmd.dels);
	return ret;
}
