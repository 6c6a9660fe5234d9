/* SPDX-License-Identifier: GPL-2.0 */
/* The reader's private state, shared by lib/session.c and lib/session-events.c. */
#ifndef KPROF_LIB_SESSION_INT_H
#define KPROF_LIB_SESSION_INT_H

#include "lib/decompress.h"
#include "lib/header.h"
#include "lib/idmap.h"
#include "lib/input.h"
#include "lib/ordered.h"
#include "lib/session.h"

/* A mapped run of records. */
struct kp_region {
	uint8_t *map;
	uint64_t pos, end;
	bool to_eof;		/* ends with its file: a cut record means a killed recorder */
	char *name;		/* for messages: "perf.data/data.3" */
	size_t map_size;
};

struct kp_session {
	struct kp_tool *tool;
	struct kp_input in;
	char *name;			/* for messages: the path or "stdin" */
	bool pipe;			/* pipe-mode layout (streamed or mapped) */
	bool swap;			/* other byte order */
	bool ordered;			/* deliver through the time-ordered queue */
	bool attrs_done;		/* attrs_ready was called */
	bool in_decomp;			/* processing records of a COMPRESSED payload */
	bool processed;
	struct kp_file_header hdr;
	uint64_t data_off, data_end;	/* file mode: the records; pipe (mapped): from 16 */
	struct kp_evsel **evsels;
	int nr_evsels;
	struct kp_idmap ids;
	struct kp_env env;
	struct kp_session_stats stats;
	struct kp_ordered oe;
	struct kp_decomp decomp;
	bool decomp_ready;
	uint8_t *rbuf;			/* one streamed record (records are < 64 KiB) */
	uint8_t *abuf, *dbuf;		/* aligned copies of misaligned records (file, zstd) */
	uint64_t cur_off;		/* offset of the record being processed, for messages */
	struct kp_region *dir_files;	/* perf.data directory: its data.N files */
	uint32_t nr_dir_files;
	const char *err_name;		/* file named in messages instead of @name */
	char err[512];
};

int kp_session__err(struct kp_session *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Add an evsel for @attr with @ids (from the attrs section or a HEADER_ATTR). */
int kp_session__add_evsel(struct kp_session *s, const struct perf_event_attr *attr,
			  const uint64_t *ids, uint32_t nr_ids, bool swap_ids);
/* Give evsels the names of the EVENT_DESC feature. */
void kp_session__apply_event_desc(struct kp_session *s);
/* Set leaders from the GROUP_DESC feature. */
void kp_session__apply_groups(struct kp_session *s);
int kp_session__attrs_ready(struct kp_session *s);

/* lib/session-events.c: one record, its evsel, the queue, delivery */
int kp_session__process_record(struct kp_session *s, union perf_event *ev, uint64_t off,
			       bool stable, uint64_t *skip);
void kp_session__init_queue(struct kp_session *s);
int kp_session__finish(struct kp_session *s);	/* attrs_ready if not yet, final flush */
/* @p itself when 8-byte aligned, else a copy of its @size bytes in *@buf (64 KiB) */
union perf_event *kp_session__aligned(uint8_t **buf, void *p, size_t size);

/* lib/session-read.c */
int kp_session__process_file(struct kp_session *s);
int kp_session__process_pipe(struct kp_session *s);

#endif /* KPROF_LIB_SESSION_INT_H */
