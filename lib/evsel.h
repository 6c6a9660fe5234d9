/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One event (an attr, its ids and its name), whether opened by `record` through
 * libperf or read back from a perf.data file.
 */
#ifndef KPROF_LIB_EVSEL_H
#define KPROF_LIB_EVSEL_H

#include <linux/perf_event.h>
#include <stdint.h>

struct perf_evsel;
struct tep_event;

struct kp_evsel {
	struct perf_evsel *core;	/* libperf object when recording, NULL when read */
	struct perf_event_attr attr;
	char *name;			/* "cpu-clock", "sched:sched_switch", ... */
	uint64_t *ids;			/* sample ids belonging to this event */
	uint32_t nr_ids;
	int idx;			/* position in the evlist / attrs section */
	struct tep_event *tp_format;	/* tracepoint format, when known */
	void *priv;			/* owned by the user of the evsel (e.g. report's hists) */
	/* groups ({a,b}), from GROUP_DESC when read: NULL when not in a group */
	struct kp_evsel *leader;	/* the group's leader (itself for the leader) */
	uint32_t nr_members;		/* in the leader: members including itself */
	char *group_name;		/* in the leader: NULL for an anonymous group */
};

struct kp_evsel *kp_evsel__new(const struct perf_event_attr *attr, const char *name, int idx);
void kp_evsel__delete(struct kp_evsel *evsel);
int kp_evsel__add_id(struct kp_evsel *evsel, uint64_t id);

/*
 * perf's default name for an attr when no EVENT_DESC gives one: "cpu-clock",
 * "task-clock", "cycles", "sched:sched_switch" needs the tracepoint table so a
 * tracepoint without a name prints as "tracepoint:ID".  Writes into @buf.
 */
const char *kp_evsel__default_name(const struct perf_event_attr *attr, char *buf, size_t sz);

#endif /* KPROF_LIB_EVSEL_H */
