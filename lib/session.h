/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a perf.data: file or pipe format, from a path or a descriptor
 * (seekable or not), decompressed, ordered by time, delivered to callbacks.
 *
 *	struct kp_tool tool = { .sample = my_sample, .comm = my_comm };
 *	struct kp_session *s;
 *	err = kp_session__open(&s, "perf.data", &tool);   // NULL path: stdin
 *	if (!err)
 *		err = kp_session__process(s);
 *	if (err)
 *		fprintf(stderr, "kprof: %s\n", kp_session__strerror(s));
 *	kp_session__delete(s);
 */
#ifndef KPROF_LIB_SESSION_H
#define KPROF_LIB_SESSION_H

#include <perf/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/env.h"
#include "lib/evsel.h"
#include "lib/sample.h"

struct kp_session;

/*
 * Callbacks; any may be NULL.  A non-zero return stops processing and is
 * returned by kp_session__process().  @sample is decoded for every record
 * (sample_id fields only for non-sample records); @evsel is the record's event
 * (NULL when the record carries no id and there are several events).
 */
struct kp_tool {
	int (*sample)(struct kp_tool *tool, const union perf_event *event,
		      const struct kp_sample *sample, struct kp_evsel *evsel);
	/* Kernel side-band records: MMAP, MMAP2, COMM, FORK, EXIT, LOST, ... */
	int (*side_band)(struct kp_tool *tool, const union perf_event *event,
			 const struct kp_sample *sample, struct kp_evsel *evsel);
	/*
	 * Called once the attrs (file header or pipe HEADER_ATTRs) are known:
	 * file mode before the first record; pipe mode at the first kernel
	 * record, FINISHED_INIT, FINISHED_ROUND or COMPRESSED record (after the
	 * HEADER_FEATUREs and EVENT_UPDATEs, so names and env are filled), or
	 * at the end of an empty stream.
	 */
	int (*attrs_ready)(struct kp_tool *tool, struct kp_session *session);
	bool ordered;		/* deliver in time order (FINISHED_ROUND), default when true */
};

/* Open @path ("-" or NULL: standard input).  On failure *session is still set for strerror. */
int kp_session__open(struct kp_session **session, const char *path, struct kp_tool *tool);
int kp_session__process(struct kp_session *session);
void kp_session__delete(struct kp_session *session);

/* The last error as one line without "kprof: ", e.g. "perf.data: record at offset 0x1f40 has size 0". */
const char *kp_session__strerror(const struct kp_session *session);

const struct kp_env *kp_session__env(const struct kp_session *session);
int kp_session__nr_evsels(const struct kp_session *session);
struct kp_evsel *kp_session__evsel(const struct kp_session *session, int idx);
bool kp_session__is_pipe(const struct kp_session *session);

/* Counts kept while processing, per record type, for headers and -D. */
struct kp_session_stats {
	uint64_t nr_events[PERF_RECORD_HEADER_MAX];
	uint64_t nr_samples;
	uint64_t lost;		/* sum of PERF_RECORD_LOST.lost */
	uint64_t lost_samples;	/* sum of PERF_RECORD_LOST_SAMPLES.lost */
	uint64_t throttles, unthrottles;
	uint64_t nr_unknown;	/* records of types this kprof does not know (skipped) */
	uint64_t nr_unordered;	/* samples that arrived after their round was flushed */
	uint64_t nr_unknown_id;	/* samples whose id no event has (dropped, as perf does) */
	bool truncated;		/* the data ends early (recorder killed): read up to the last
				 * complete record */
};
const struct kp_session_stats *kp_session__stats(const struct kp_session *session);

#endif /* KPROF_LIB_SESSION_H */
