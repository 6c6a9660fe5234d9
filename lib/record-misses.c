// SPDX-License-Identifier: GPL-2.0
/*
 * record's probe hits and misses at the end of a run: each probe event's count
 * (every hit the kernel counted, sampled or not), with its misses from
 * kprobe_profile (tracefs backend) or from BPF links (PMU kprobes, Linux >=
 * 6.7), for the summary and for perf.data's KPROF_MISSES feature.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "lib/evlist.h"
#include "lib/feature-misses.h"
#include "lib/probe/bpf-missed.h"
#include "lib/probe/resolve.h"
#include "lib/record-int.h"

void record__misses_attach(struct kp_record *rec)
{
	const struct kp_probe_set *set = rec->opts->probes;

	if (!set || !set->nr_points || rec->use_tracefs || rec->opts->live)
		return;
	/* -EOPNOTSUPP (no count on this kernel) and the rest: probes say "n/a" */
	kp_bpf_missed__attach(&rec->bpf_missed, rec->evlist);
}

static uint64_t record__count(const struct kp_evsel *evsel)
{
	int nr_cpus = perf_cpu_map__nr(perf_evsel__cpus(evsel->core));
	int nr_threads = perf_thread_map__nr(perf_evsel__threads(evsel->core));
	uint64_t sum = 0;

	for (int c = 0; c < nr_cpus; c++) {
		for (int t = 0; t < nr_threads; t++) {
			struct perf_counts_values v = { 0 };

			if (!perf_evsel__read(evsel->core, c, t, &v))
				sum += v.val;
		}
	}
	return sum;
}

static int record__collect_misses(struct kp_record *rec)
{
	struct kp_probe_set *set = rec->opts->probes;
	struct kp_record_stats *st = rec->stats;
	struct kp_misses *m = &st->misses;
	struct kp_probe_miss *tf = NULL;
	int err = 0;

	if (!set || !set->nr_points || rec->opts->live)
		return 0;
	if (rec->use_tracefs) {
		tf = calloc(set->nr_points, sizeof(*tf));
		if (!tf)
			return -ENOMEM;
		kp_probe_tracefs__misses(&rec->tracefs, set, tf);
	}
	m->lost = st->lost;
	m->lost_samples = st->lost_samples;
	m->throttles = st->throttles;
	for (int i = 0; i < rec->evlist->nr_entries && !err; i++) {
		const struct kp_evsel *evsel = rec->evlist->entries[i];
		const struct kp_probe_point *point = evsel->priv;
		long idx = point ? point - set->points : -1;
		enum kp_miss_source src = KP_MISS_SRC_NONE;
		uint64_t missed = 0;

		if (idx < 0 || idx >= set->nr_points)
			continue;
		if (tf && tf[idx].missed_known) {
			src = KP_MISS_SRC_KPROBE_PROFILE;
			missed = tf[idx].missed;
		} else if (!tf && !kp_bpf_missed__read(rec->bpf_missed, evsel, &missed)) {
			src = KP_MISS_SRC_BPF_LINK;
		}
		err = kp_misses__add(m, evsel->name, record__count(evsel), src != KP_MISS_SRC_NONE,
				     missed, src);
	}
	free(tf);
	if (err)
		return err;
	/* the file keeps its own copy (kp_env__exit frees it) */
	rec->env.misses = calloc(1, sizeof(*rec->env.misses));
	if (!rec->env.misses)
		return -ENOMEM;
	return kp_misses__copy(rec->env.misses, m);
}

int record__misses(struct kp_record *rec)
{
	int err = record__collect_misses(rec);

	if (err)
		record__err(rec, "cannot collect the probes' misses: %s", strerror(-err));
	return err;
}
