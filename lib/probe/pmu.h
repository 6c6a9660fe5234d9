/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PMU backend: probes registered by perf_event_open on the kprobe and
 * uprobe PMUs (type from /sys/bus/event_source/devices/{kprobe,uprobe}/type,
 * the retprobe bit from format/retprobe, symbol or path in config1, offset or
 * address in config2).  The kernel creates the probe when the event is opened
 * and removes it when the last descriptor closes: nothing to clean up by hand,
 * on any exit path.
 *
 *	struct kp_probe_pmu_events pe = { .set = &set, .tmpl = &attr };
 *	err = kp_probe_pmu__add_events(&pe, evlist, err, sizeof(err));
 *	... kp_evlist__open(evlist, &oerr) (glob members the kernel refuses are dropped)
 */
#ifndef KPROF_LIB_PROBE_PMU_H
#define KPROF_LIB_PROBE_PMU_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/probe/resolve.h"
#include "lib/probe/spec.h"

struct kp_evlist;

struct kp_probe_pmu {
	int type;		/* dynamic PMU type */
	int retprobe_bit;	/* bit of config that makes a return probe */
};

/*
 * Read the PMU for @kind from @sysfs (NULL: /sys/bus/event_source/devices).
 * -ENOENT when the kernel has none (no CONFIG_KPROBES / CONFIG_UPROBE_EVENTS).
 */
int kp_probe_pmu__find(enum kp_probe_kind kind, const char *sysfs, struct kp_probe_pmu *pmu);

/*
 * Fill the probe fields of @attr (type, config, config1, config2) for @point;
 * config1 points into @point, which must outlive every open of @attr.
 */
void kp_probe_pmu__attr(const struct kp_probe_pmu *pmu, const struct kp_probe_point *point,
			struct perf_event_attr *attr);

/* Whether @attr is a kprobe/uprobe PMU event (of this machine); its kind in @kind. */
bool kp_probe_pmu__is_probe(const struct perf_event_attr *attr, enum kp_probe_kind *kind);

/*
 * Add one event per probe point of @set to @evlist, each a copy of @tmpl with
 * the probe fields set and the point's event name; evsel->priv is the point.
 * Glob members the kernel refuses when the evlist opens are dropped and counted
 * (kp_probe_set__drop).  Events are never inherited (inherit = 0): the kernel
 * reads config1 again in a forking task, where the pointer means nothing.
 * Raises RLIMIT_NOFILE for @nr_fds_per_event descriptors
 * per event.  Returns 0 or -errno with one line in @err.
 */
int kp_probe_pmu__add_events(struct kp_probe_set *set, struct kp_evlist *evlist,
			     const struct perf_event_attr *tmpl, int nr_fds_per_event, char *err,
			     size_t errsz);

/* Raise the soft RLIMIT_NOFILE (up to the hard limit) to hold @need descriptors more. */
/* Root, or CAP_SYS_ADMIN or CAP_PERFMON in the effective set: probe PMUs may be opened. */
bool kp_probe_pmu__privileged(void);

int kp_probe_raise_nofile(size_t need);

/*
 * Advice for a probe that cannot be registered (without "kprof: "): called by
 * kp_evlist__strerror() for probe events, and for a missing PMU (-ENOENT from
 * kp_probe_pmu__find) with @what the spec.
 */
const char *kp_probe_strerror(int err, enum kp_probe_kind kind, const char *what,
			      bool system_wide, char *buf, size_t size);

#endif /* KPROF_LIB_PROBE_PMU_H */
