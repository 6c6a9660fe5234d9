/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The payloads of perf.data feature sections, laid out as perf 6.1 writes them
 * (tools/perf/Documentation/perf.data-file-format.txt).  The same bytes go into
 * a feature section in file mode and after the header of a
 * PERF_RECORD_HEADER_FEATURE record in pipe mode.  Used by lib/writer.c.
 */
#ifndef KPROF_LIB_FEATURE_WRITE_H
#define KPROF_LIB_FEATURE_WRITE_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/env.h"

/*
 * COMPRESSED's mmap_len when the env has none: perf sizes its decompression
 * buffer with it, so it must cover the decompressed bytes of one
 * PERF_RECORD_COMPRESSED (perf records one per mmap flush, mmap_len bytes at most).
 */
#define KP_COMP_MMAP_LEN (1U << 20)

/* A growing byte buffer; the first failed allocation sticks in @err (-ENOMEM). */
struct kp_fbuf {
	char *data;
	size_t len;
	size_t cap;
	int err;
};

void kp_fbuf__add(struct kp_fbuf *b, const void *p, size_t n);
void kp_fbuf__add_u32(struct kp_fbuf *b, uint32_t v);
void kp_fbuf__add_u64(struct kp_fbuf *b, uint64_t v);
void kp_fbuf__add_zeros(struct kp_fbuf *b, size_t n);
/* perf's string: u32 length (NUL included, padded to 64), then the padded bytes. */
void kp_fbuf__add_string(struct kp_fbuf *b, const char *s);
void kp_fbuf__exit(struct kp_fbuf *b);

/* An event as the writer keeps it (attr.size is always sizeof(struct perf_event_attr)). */
struct kp_feat_evsel {
	struct perf_event_attr attr;
	char *name;
	uint64_t *ids;
	uint32_t nr_ids;
};

/*
 * Whether @env has something to say for @feat; @pipe selects the pipe-mode
 * rules (TRACING_DATA and BUILD_ID travel as records of their own there).
 */
bool kp_feat__has(int feat, const struct kp_env *env, int nr_evsels, bool pipe);

/* Append the payload of @feat to @b.  Returns 0, -ENOMEM or -EINVAL (unknown feature). */
int kp_feat__write(struct kp_fbuf *b, int feat, const struct kp_env *env,
		   const struct kp_feat_evsel *evsels, int nr_evsels);

/*
 * One build-id table entry (struct perf_record_header_build_id + name padded to
 * 64) of record @type: 0 in the BUILD_ID feature section, as perf writes it;
 * PERF_RECORD_HEADER_BUILD_ID in pipe mode, then also padded to 8 bytes.
 */
void kp_feat__add_build_id(struct kp_fbuf *b, const struct kp_build_id *bid, uint32_t type);

#endif /* KPROF_LIB_FEATURE_WRITE_H */
