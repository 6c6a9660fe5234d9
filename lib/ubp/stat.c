// SPDX-License-Identifier: GPL-2.0
/* `kprof stat --engine=ptrace`: probe hits counted by the breakpoint engine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/probe/pmu.h"
#include "lib/ubp/stat.h"
#include "lib/ubp/ubp.h"

bool kp_ubp__kernel_permitted(void)
{
	if (access("/sys/bus/event_source/devices/uprobe/type", F_OK))
		return false;
	return kp_probe_pmu__privileged();
}

static void ubp_stat__warn(void *arg, const char *msg)
{
	fprintf(stderr, "kprof: %s\n", msg);
}

/* -I (and top): the counts of each interval, from the engine's live hit counters. */
struct ubp_stat_interval {
	const struct kp_stat_opts *opts;
	const struct kp_ubp_result *ur;
	uint64_t *prev;
	struct kp_stat_counter *delta;
	struct timespec t0;
	double next;
};

static double ubp_stat__since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int ubp_stat__tick(void *arg)
{
	struct ubp_stat_interval *iv = arg;
	const struct kp_probe_set *set = iv->opts->probes;
	struct kp_stat_result delta = { .counters = iv->delta, .nr_counters = set->nr_points };
	double t = ubp_stat__since(&iv->t0);

	if (t < iv->next || !iv->ur->hits)
		return 0;
	iv->next = t + iv->opts->interval_ms / 1000.0;
	for (int i = 0; i < set->nr_points; i++) {
		iv->delta[i] = (struct kp_stat_counter){ .name = set->points[i].event,
							 .point = &set->points[i],
							 .val = iv->ur->hits[i] - iv->prev[i],
							 .missed_known = true };
		iv->prev[i] = iv->ur->hits[i];
	}
	delta.elapsed = t;
	iv->opts->interval(iv->opts->arg, &delta, t);
	return 0;
}

int kp_ubp_stat__run(const struct kp_stat_opts *opts, struct kp_stat_result *res, char *err,
		     size_t errsz)
{
	const struct kp_probe_set *set = opts->probes;
	struct kp_ubp_opts uo = { .argv = opts->argv, .warn = ubp_stat__warn,
				  .no_inherit = opts->no_inherit };
	struct ubp_stat_interval iv = { .opts = opts };
	struct kp_ubp_probe *probes;
	struct kp_ubp_result ur = { 0 };
	int ret;

	memset(res, 0, sizeof(*res));
	if (opts->nr_events || opts->all_cpus) {
		snprintf(err, errsz, "the ptrace engine counts -u probes only (no -e or -a)");
		return -EINVAL;
	}
	if (opts->pids) {
		if (strchr(opts->pids, ',')) {
			snprintf(err, errsz, "the ptrace engine attaches to one process (-p PID)");
			return -EINVAL;
		}
		uo.pid = atoi(opts->pids);
	}
	if (!opts->argv && uo.pid <= 0) {
		snprintf(err, errsz, "the ptrace engine needs a command or -p PID");
		return -EINVAL;
	}
	if (!set || !set->nr_points) {
		snprintf(err, errsz, "nothing to count: the ptrace engine needs -u probes");
		return -EINVAL;
	}
	probes = calloc(set->nr_points, sizeof(*probes));
	if (!probes)
		return -ENOMEM;
	for (int i = 0; i < set->nr_points; i++) {
		const struct kp_probe_point *pt = &set->points[i];

		if (!kp_probe_kind__is_user(pt->kind)) {
			snprintf(err, errsz, "probe '%s': the ptrace engine has no kernel probes",
				 pt->event);
			free(probes);
			return -EINVAL;
		}
		probes[i] = (struct kp_ubp_probe){ .path = pt->path, .offset = pt->offset,
						   .name = pt->symbol ?: pt->event,
						   .ret = pt->kind == KP_PROBE_URETPROBE };
	}
	uo.probes = probes;
	uo.nr_probes = set->nr_points;
	if (opts->interval_ms && opts->interval) {
		iv.ur = &ur;
		iv.prev = calloc(set->nr_points, sizeof(*iv.prev));
		iv.delta = calloc(set->nr_points, sizeof(*iv.delta));
		if (!iv.prev || !iv.delta) {
			free(iv.prev);
			free(iv.delta);
			free(probes);
			return -ENOMEM;
		}
		clock_gettime(CLOCK_MONOTONIC, &iv.t0);
		iv.next = opts->interval_ms / 1000.0;
		uo.tick = ubp_stat__tick;
		uo.arg = &iv;
	}
	ret = kp_ubp__run(&uo, &ur, err, errsz);
	free(probes);
	free(iv.prev);
	free(iv.delta);
	if (ret)
		return ret;
	res->counters = calloc(set->nr_points, sizeof(*res->counters));
	if (!res->counters) {
		kp_ubp_result__exit(&ur);
		return -ENOMEM;
	}
	for (int i = 0; i < set->nr_points; i++) {
		struct kp_stat_counter *c = &res->counters[res->nr_counters++];

		c->name = strdup(set->points[i].event);
		c->point = &set->points[i];
		c->val = ur.hits[i];
		c->missed_known = true;	/* every hit stops the target: only lost returns miss */
		c->missed = ur.missed[i];
	}
	res->elapsed = ur.elapsed;
	res->has_workload = ur.has_workload;
	res->exit_code = ur.exit_code;
	res->interrupted = ur.interrupted;
	kp_ubp_result__exit(&ur);
	return 0;
}
