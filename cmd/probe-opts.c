// SPDX-License-Identifier: GPL-2.0
/* The probe options of record, stat and top. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/probe-opts.h"
#include "lib/ubp/stat.h"

static int probe_opts__add(const struct option *opt, const char *str, int unset,
			   enum kp_probe_kind kind)
{
	struct kp_probe_opts *po = opt->value;
	enum kp_probe_kind *k;
	const char **s;

	if (unset)
		return 0;
	s = realloc(po->strs, (po->nr + 1) * sizeof(*s));
	if (!s)
		return -1;
	po->strs = s;
	k = realloc(po->kinds, (po->nr + 1) * sizeof(*k));
	if (!k)
		return -1;
	po->kinds = k;
	po->strs[po->nr] = str;
	po->kinds[po->nr++] = kind;
	return 0;
}

int kp_probe_opts__opt_k(const struct option *opt, const char *str, int unset)
{
	return probe_opts__add(opt, str, unset, KP_PROBE_KPROBE);
}

int kp_probe_opts__opt_r(const struct option *opt, const char *str, int unset)
{
	return probe_opts__add(opt, str, unset, KP_PROBE_KRETPROBE);
}

int kp_probe_opts__opt_u(const struct option *opt, const char *str, int unset)
{
	return probe_opts__add(opt, str, unset, KP_PROBE_UPROBE);
}

int kp_probe_opts__opt_U(const struct option *opt, const char *str, int unset)
{
	return probe_opts__add(opt, str, unset, KP_PROBE_URETPROBE);
}

int kp_probe_opts__parse(struct kp_probe_opts *po)
{
	enum kp_probe_backend backend = KP_BACKEND_AUTO;
	char err[1024];
	int nr = 0;

	if (!po->nr || po->specs)
		return 0;
	if (po->maxactive < 0 || po->maxactive > 4096) {
		fprintf(stderr, "kprof: bad --maxactive %d: 1 to 4096\n", po->maxactive);
		return -1;
	}
	if (po->backend) {
		if (!strcmp(po->backend, "pmu"))
			backend = KP_BACKEND_PMU;
		else if (!strcmp(po->backend, "tracefs"))
			backend = KP_BACKEND_TRACEFS;
		else if (strcmp(po->backend, "auto")) {
			fprintf(stderr, "kprof: bad --backend '%s': auto, pmu or tracefs\n",
				po->backend);
			return -1;
		}
	}
	po->specs = calloc(po->nr, sizeof(*po->specs));
	if (!po->specs)
		return -1;
	while (nr < po->nr) {
		if (kp_probe_spec__parse(&po->specs[nr], po->kinds[nr], po->strs[nr], err,
					 sizeof(err))) {
			fprintf(stderr, "kprof: %s\n", err);
			goto out_err;
		}
		nr++;
		if (po->specs[nr - 1].backend == KP_BACKEND_TRACEFS && backend == KP_BACKEND_PMU) {
			fprintf(stderr, "kprof: probe '%s' has arguments: they need "
				"--backend=tracefs\n", po->strs[nr - 1]);
			goto out_err;
		}
	}
	if (po->maxactive && backend == KP_BACKEND_PMU) {
		fprintf(stderr, "kprof: --maxactive needs the tracefs backend: drop --backend=pmu\n");
		goto out_err;
	}
	po->backend_kind = backend;
	return 0;

out_err:
	po->nr = nr;	/* kp_probe_opts__exit frees the parsed ones */
	return -1;
}

int kp_probe_opts__resolve(struct kp_probe_opts *po, bool quiet, int verbose)
{
	struct kp_probe_resolve_opts ro = { .pid = po->pid };
	char err[1024];

	if (!po->nr)
		return 0;
	if (kp_probe_opts__parse(po))
		return -1;
	/* Parsed specs are freed by kp_probe_opts__exit (the set points at them). */
	for (int i = 0; i < po->nr; i++) {
		if (kp_probe_set__add(&po->set, &po->specs[i], &ro, err, sizeof(err))) {
			fprintf(stderr, "kprof: %s\n", err);
			return -1;
		}
	}
	return 0;
}

void kp_probe_opts__print_dropped(const struct kp_probe_opts *po, bool quiet, int verbose)
{
	const struct kp_probe_set *set = &po->set;
	char line[512];

	if (quiet)
		return;
	for (int i = 0; i < set->nr_matches; i++) {
		const struct kp_probe_match *m = &set->matches[i];

		if (!m->spec->is_glob && !verbose && m->probing == m->matched)
			continue;
		kp_probe_match__summary(m, line, sizeof(line));
		fprintf(stderr, "kprof: %s\n", line);
		if (!verbose)
			continue;
		for (int j = 0; j < set->nr_points; j++) {
			const struct kp_probe_point *p = &set->points[j];

			if (p->match != i || p->dropped)
				continue;
			if (p->path)
				fprintf(stderr, "kprof:   %-40s %s+%#llx\n", p->event, p->path,
					(unsigned long long)p->offset);
			else
				fprintf(stderr, "kprof:   %-40s %s+%#llx\n", p->event,
					p->symbol ?: "", (unsigned long long)p->offset);
		}
		for (int j = 0; j < m->nr_skipped; j++)
			fprintf(stderr, "kprof:   skipped %-32s (%s)\n", m->skipped_list[j].name,
				kp_probe_skip__name(m->skipped_list[j].why));
	}
}

void kp_probe_opts__exit(struct kp_probe_opts *po)
{
	kp_probe_set__exit(&po->set);
	for (int i = 0; po->specs && i < po->nr; i++)
		kp_probe_spec__exit(&po->specs[i]);
	free(po->specs);
	free(po->strs);
	free(po->kinds);
}

int kp_probe_opts__use_ptrace(const struct kp_probe_opts *po, const char *engine, bool other,
			      bool quiet, int verbose)
{
	bool user = false;

	engine = engine ?: "auto";
	for (int i = 0; i < po->nr; i++)
		user |= po->kinds[i] == KP_PROBE_UPROBE || po->kinds[i] == KP_PROBE_URETPROBE;
	if (!strcmp(engine, "kernel"))
		return 0;
	if (!strcmp(engine, "ptrace"))
		return 1;
	if (strcmp(engine, "auto")) {
		fprintf(stderr, "kprof: bad --engine '%s': auto, kernel or ptrace\n", engine);
		return -1;
	}
	if (!user || other || kp_ubp__kernel_permitted()) {
		if (user && verbose)
			fprintf(stderr, "kprof: engine: kernel uprobes\n");
		return 0;
	}
	if (!quiet)
		fprintf(stderr, "kprof: engine: ptrace (kernel uprobes need root or CAP_PERFMON)\n");
	return 1;
}
