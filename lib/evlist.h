/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events `record` opens, over libperf: a perf_evlist of perf_evsels on a
 * cpu map and a thread map, their ring buffers (perf_evlist__mmap) and the
 * poll set.  kprof never touches a ring buffer by hand: events come out of
 * perf_mmap__read_event() in kp_evlist__read().
 *
 *	struct kp_evlist *evlist;
 *	err = kp_evlist__new(&evlist);
 *	kp_evlist__add(evlist, &attr, "cpu-clock", NULL);
 *	kp_evlist__set_maps(evlist, cpus, threads);
 *	err = kp_evlist__open(evlist, &oerr);		// fallbacks, then oerr for advice
 *	err = kp_evlist__mmap(evlist, 128);
 *	kp_evlist__enable(evlist);
 *	while (...) { kp_evlist__poll(evlist, -1); kp_evlist__read(evlist, fn, arg); }
 *	kp_evlist__delete(evlist);
 */
#ifndef KPROF_LIB_EVLIST_H
#define KPROF_LIB_EVLIST_H

#include <linux/perf_event.h>
#include <perf/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "lib/evsel.h"

struct perf_evlist;
struct perf_cpu_map;
struct perf_thread_map;

struct kp_evlist {
	struct perf_evlist *core;
	struct kp_evsel **entries;
	int nr_entries;
	struct perf_cpu_map *cpus;		/* as given to set_maps (a reference) */
	struct perf_thread_map *threads;
	bool user_only_fallback;		/* open fell back to exclude_kernel (":u") */
	const char *debug_attr;		/* KPROF_DEBUG_ATTR: file every opened attr goes to */
	/*
	 * Called when an event cannot be opened; returning 0 drops the event from
	 * the list (a glob member the kernel refuses) and opening goes on, else the
	 * open fails.  NULL: every failure fails the open.
	 */
	int (*open_failed)(void *arg, struct kp_evsel *evsel, int err);
	void *open_failed_arg;
	FILE *verbose_fp;		/* also print them here (record -vv: stderr); NULL: no */
};

/* Why kp_evlist__open() failed, for kp_evlist__strerror(). */
struct kp_open_error {
	int err;			/* positive errno */
	struct kp_evsel *evsel;		/* the event that failed */
	bool system_wide;		/* pid -1: all tasks of the cpus */
	pid_t pid;			/* first pid of the thread map (when not system wide) */
	int nr_threads;
};

int kp_evlist__new(struct kp_evlist **evlist);
void kp_evlist__delete(struct kp_evlist *evlist);

/* Append an event; @evsel (may be NULL) receives it.  Returns 0 or -ENOMEM. */
int kp_evlist__add(struct kp_evlist *evlist, const struct perf_event_attr *attr,
		   const char *name, struct kp_evsel **evsel);

/*
 * Make @evsel the event that tracks tasks (mmap, mmap2, comm, comm_exec, task),
 * taking the bits from @from when given (else setting them).  For events not open yet.
 */
void kp_evlist__set_tracking(struct kp_evlist *evlist, struct kp_evsel *evsel,
			     const struct kp_evsel *from);

/* Remove and delete an event that is not open (the next one tracks if it did). */
void kp_evlist__remove(struct kp_evlist *evlist, struct kp_evsel *evsel);

/*
 * The cpus and threads every event opens on; takes references.  A thread map
 * holding only -1 with a cpu map is system-wide (-a); a cpu map holding only -1
 * (perf_cpu_map__dummy_new) with threads is per-thread.
 */
void kp_evlist__set_maps(struct kp_evlist *evlist, struct perf_cpu_map *cpus,
			 struct perf_thread_map *threads);

/*
 * Open every event on every (cpu, thread).  Falls back as perf does: drops
 * PERF_FORMAT_LOST for kernels without it, and where kernel.perf_event_paranoid
 * forbids kernel samples of one's own tasks, excludes the kernel (the event is
 * renamed "NAME:u" and user_only_fallback is set).  On failure returns -errno
 * and fills @oerr.  With $KPROF_DEBUG_ATTR set, every attr opened is appended to
 * that file in kp_attr__fprintf()'s form.
 */
int kp_evlist__open(struct kp_evlist *evlist, struct kp_open_error *oerr);

/* One line of advice for a failed open (no "kprof: " prefix, no newline). */
const char *kp_evlist__strerror(const struct kp_open_error *oerr, char *buf, size_t size);

/* Ring buffers of @pages data pages (a power of 2) per cpu or thread; fills every evsel's ids. */
int kp_evlist__mmap(struct kp_evlist *evlist, int pages);

/* Add a descriptor of the caller's (e.g. a signalfd) to the poll set; never filtered. */
int kp_evlist__add_pollfd(struct kp_evlist *evlist, int fd);
/* Returns what poll() returns (-1 with errno on error). */
int kp_evlist__poll(struct kp_evlist *evlist, int timeout);
/*
 * Drops the event descriptors that reported POLLHUP/POLLERR (targets that
 * exited) from the poll set; returns how many event descriptors are left.
 */
int kp_evlist__filter_pollfd(struct kp_evlist *evlist);

void kp_evlist__enable(struct kp_evlist *evlist);
void kp_evlist__disable(struct kp_evlist *evlist);

/*
 * Read every ring buffer once: @fn is called for each record, in ring order
 * per buffer.  A non-zero return of @fn stops and is returned.  *@nr_events
 * (may be NULL) receives the number of records read.
 */
int kp_evlist__read(struct kp_evlist *evlist,
		    int (*fn)(void *arg, union perf_event *event), void *arg,
		    unsigned long *nr_events);

/* The evsel whose sample id is @id (NULL if none); with one event, that event. */
struct kp_evsel *kp_evlist__id2evsel(const struct kp_evlist *evlist, uint64_t id);

/*
 * Print @attr in kprof's stable text form: one "field value" line per non-zero
 * field, in the order of struct perf_event_attr, flags by name.
 */
void kp_attr__fprintf(FILE *f, const struct perf_event_attr *attr, const char *name);

#endif /* KPROF_LIB_EVLIST_H */
