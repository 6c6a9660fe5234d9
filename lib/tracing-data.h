/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracing data perf.data carries for tracepoint events (feature
 * HEADER_TRACING_DATA in file mode, a PERF_RECORD_HEADER_TRACING_DATA record in
 * pipe mode), so that `perf script` and kprof can print the fields of raw
 * samples: header_page, header_event, the formats of the recorded events,
 * kallsyms, printk formats and saved cmdlines, read from tracefs.
 */
#ifndef KPROF_LIB_TRACING_DATA_H
#define KPROF_LIB_TRACING_DATA_H

#include <linux/perf_event.h>
#include <stddef.h>

struct tep_handle;

/*
 * Build the payload for the tracepoint events among @attrs (attr.type ==
 * PERF_TYPE_TRACEPOINT; the others are ignored).  *@buf is malloc'ed.
 * Returns 0 or -errno.
 */
int kp_tracing_data__build(const struct perf_event_attr *attrs, int nr_attrs, void **buf,
			   size_t *size);

/* Parse a payload (built by kprof or perf) into a libtraceevent handle. */
int kp_tracing_data__parse(const void *buf, size_t size, struct tep_handle **tep);

#endif /* KPROF_LIB_TRACING_DATA_H */
