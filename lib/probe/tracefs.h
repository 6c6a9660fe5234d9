/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracefs backend: probes created as dynamic events (kprobe_events,
 * uprobe_events, through libtracefs) in a group named for this kprof process,
 * "kprof_<pid>", and opened as tracepoint events (events/<group>/<event>/id).
 * It carries what the PMU cannot: perf-probe style arguments, kretprobes with
 * a maxactive, kernels without the kprobe/uprobe PMU.
 *
 * The events outlive the descriptors: kp_probe_tracefs__destroy() removes them
 * and must run on every exit path (callers block SIGINT/SIGTERM/SIGHUP and
 * read them from a signalfd, so a signal ends the run through the same path);
 * kp_probe_tracefs_remove_stale() removes the groups of a kprof that died.
 *
 *	struct kp_probe_tracefs tf;
 *	kp_probe_tracefs__init(&tf, getpid(), maxactive);
 *	kp_probe_tracefs_remove_stale(NULL);
 *	err = kp_probe_tracefs__add_events(&tf, set, evlist, &tmpl, nfds, err, sizeof(err));
 *	... open, count ...
 *	kp_evlist__delete(evlist);		// close first: open events cannot be removed
 *	kp_probe_tracefs__misses(&tf, set, misses);
 *	kp_probe_tracefs__destroy(&tf);
 */
#ifndef KPROF_LIB_PROBE_TRACEFS_H
#define KPROF_LIB_PROBE_TRACEFS_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/probe/resolve.h"
#include "lib/probe/spec.h"

struct kp_evlist;
struct tracefs_dynevent;

struct kp_probe_tracefs {
	char group[64];			/* "kprof_1234"; "" for persistent probes */
	unsigned int maxactive;		/* kretprobes: instances (0: the kernel's default) */
	struct tracefs_dynevent **devs;	/* per point of the set; NULL when not created */
	char **names;			/* per point: the event name in the group */
	int nr;
};

/* Misses of one probe point, as the kernel tells them. */
struct kp_probe_miss {
	bool hits_known;	/* nhit of kprobe_profile / uprobe_profile */
	uint64_t hits;		/* every hit, of every task */
	bool missed_known;	/* kprobe_profile nmissed (uprobes have none) */
	uint64_t missed;
};

/* Group "kprof_@pid". */
void kp_probe_tracefs__init(struct kp_probe_tracefs *tf, pid_t pid, unsigned int maxactive);

/*
 * Persistent probes (`kprof probe --add`): each in the group of its point's
 * name, perf probe's defaults "probe" (kernel) and "probe_<binary>" (user).
 */
void kp_probe_tracefs__init_persistent(struct kp_probe_tracefs *tf, unsigned int maxactive);

/* The group of point @i ("kprof_1234", "probe", "probe_app"). */
const char *kp_probe_tracefs__group(const struct kp_probe_tracefs *tf,
				    const struct kp_probe_point *point, char *buf, size_t size);

/*
 * Whether @set must go through tracefs: @backend is KP_BACKEND_TRACEFS, a spec
 * has arguments, @maxactive is set and there are kretprobes, or the PMU of a
 * probe's kind is missing (KP_BACKEND_AUTO only).
 */
bool kp_probe_tracefs__wanted(const struct kp_probe_set *set, enum kp_probe_backend backend,
			      unsigned int maxactive);

/*
 * Create the dynamic event of every point of @set (glob members the kernel
 * refuses are dropped with kp_probe_set__drop).  Returns 0, or -errno with one
 * line in @err (the kernel's error_log line when there is one); on error the
 * events already created stay in @tf for kp_probe_tracefs__destroy().
 */
int kp_probe_tracefs__create(struct kp_probe_tracefs *tf, struct kp_probe_set *set, char *err,
			     size_t errsz);

/*
 * Create the events and add one tracepoint event per point to @evlist, each a
 * copy of @tmpl named as the point (evsel->priv is the point).  Raises
 * RLIMIT_NOFILE for @nr_fds_per_event descriptors per event.
 */
int kp_probe_tracefs__add_events(struct kp_probe_tracefs *tf, struct kp_probe_set *set,
				 struct kp_evlist *evlist, const struct perf_event_attr *tmpl,
				 int nr_fds_per_event, char *err, size_t errsz);

/* The tracepoint id of @set's point @i ("events/<group>/<name>/id"). */
int kp_probe_tracefs__id(const struct kp_probe_tracefs *tf, const struct kp_probe_set *set, int i,
			 uint64_t *id);

/*
 * Fill @misses (one per point of @set) from kprobe_profile (nhit, nmissed) and
 * uprobe_profile (nhit).  Read before kp_probe_tracefs__destroy().
 */
int kp_probe_tracefs__misses(const struct kp_probe_tracefs *tf, const struct kp_probe_set *set,
			     struct kp_probe_miss *misses);

/* Remove every event created, then free.  Returns 0 or the first -errno. */
int kp_probe_tracefs__destroy(struct kp_probe_tracefs *tf);

/* Free without removing the events (persistent probes). */
void kp_probe_tracefs__exit(struct kp_probe_tracefs *tf);

/*
 * Remove the "kprof_<pid>" groups whose kprof is no longer running (a kprof
 * killed with SIGKILL).  @nr (may be NULL) gets the number of events removed.
 */
int kp_probe_tracefs_remove_stale(int *nr);

/*
 * Every kprobe, kretprobe, uprobe and uretprobe dynamic event, each once
 * (libtracefs 1.6 lists a probe of both dynamic_events and uprobe_events twice).
 * Free with tracefs_dynevent_list_free().
 */
struct tracefs_dynevent **kp_probe_tracefs_get_all(void);

/* Whether @group is "kprof_<pid>" (its pid in @pid). */
bool kp_probe_tracefs_group_pid(const char *group, pid_t *pid);

/*
 * The dynamic event definition of @point (what goes into kprobe_events), for
 * tests and `kprof probe`: @addr gets "sym+off", "0xADDR" or "path:0xOFF".
 */
void kp_probe_tracefs_location(const struct kp_probe_point *point, char *addr, size_t size);

/* The arguments of @spec as one string "dfd=%di filename=+0(%si):string" (malloc'ed). */
char *kp_probe_tracefs_args(const struct kp_probe_spec *spec);

#endif /* KPROF_LIB_PROBE_TRACEFS_H */
