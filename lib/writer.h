/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a perf.data that perf 6.1 reads: file mode (header rewritten at the
 * end, feature sections after the data) or pipe mode ("-": stdout, HEADER_ATTR
 * and HEADER_FEATURE records ahead of the data).
 *
 *	struct kp_writer *w;
 *	err = kp_writer__open(&w, "perf.data");	// keeps an old perf.data as perf.data.old
 *	kp_writer__add_evsel(w, &attr, "cpu-clock", ids, nr_ids);
 *	kp_writer__start(w, &env);			// pipe mode writes attrs and features now
 *	kp_writer__write_event(w, event);		// ...every record, in arrival order
 *	kp_writer__finish(w, &env);			// file mode writes features and the header now
 *	kp_writer__delete(w);
 */
#ifndef KPROF_LIB_WRITER_H
#define KPROF_LIB_WRITER_H

#include <linux/perf_event.h>
#include <perf/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/env.h"

struct kp_writer;

/*
 * @path "-" writes pipe mode to standard output; any other path writes file
 * mode, renaming an existing file to PATH.old first (as perf does).
 */
int kp_writer__open(struct kp_writer **writer, const char *path);
bool kp_writer__is_pipe(const struct kp_writer *writer);

/* Declare an event and its sample ids; all before kp_writer__start(). */
int kp_writer__add_evsel(struct kp_writer *writer, const struct perf_event_attr *attr,
			 const char *name, const uint64_t *ids, uint32_t nr_ids);

/* Pipe mode: writes the attrs and the features known at start.  File mode: reserves the header. */
int kp_writer__start(struct kp_writer *writer, const struct kp_env *env);

/*
 * Append one record (header.size bytes) or raw bytes of whole records.  Output
 * is buffered; a PERF_RECORD_FINISHED_ROUND passed to write_event flushes it,
 * so every complete round is on disk (or down the pipe) when it returns.
 */
int kp_writer__write_event(struct kp_writer *writer, const union perf_event *event);
int kp_writer__write(struct kp_writer *writer, const void *buf, size_t size);

/*
 * PERF_RECORD_FINISHED_INIT: perf writes it after the synthesized records
 * (comm, mmap of existing threads, kernel mmap) and before the first sample.
 */
int kp_writer__write_finished_init(struct kp_writer *writer);

/* Push buffered bytes out now (e.g. so a pipe reader sees them); 0 or -errno. */
int kp_writer__flush(struct kp_writer *writer);

/*
 * Completes the file: file mode writes the feature sections of @env (its
 * build_ids, sample times, tracing data…) and then the final header; pipe mode
 * writes what must come last (e.g. HEADER_BUILD_ID records).  Until this
 * returns 0 a file-mode output has a header whose data size is 0.
 */
int kp_writer__finish(struct kp_writer *writer, const struct kp_env *env);

/* Bytes written so far (data section plus everything before it). */
uint64_t kp_writer__bytes(const struct kp_writer *writer);

/* Closes the output (without finishing it when kp_writer__finish was not called). */
void kp_writer__delete(struct kp_writer *writer);

#endif /* KPROF_LIB_WRITER_H */
