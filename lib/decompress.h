/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PERF_RECORD_COMPRESSED payloads (perf record -z): one zstd stream across all
 * of them; a record may start in one COMPRESSED record and end in the next, so
 * the tail that is not a complete record is kept for the next call.
 */
#ifndef KPROF_LIB_DECOMPRESS_H
#define KPROF_LIB_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kp_decomp {
	void *zstd;		/* ZSTD_DStream */
	uint8_t *buf;		/* decompressed bytes; [head, size) not yet consumed */
	size_t head, size, alloc;
};

/*
 * Called for each complete record found in the decompressed bytes (@ev points
 * into the buffer, writable, valid until the callback returns); a non-zero
 * return stops and is returned.  @size < 8 is reported to the callback too so
 * it can name the error.
 */
typedef int (*kp_decomp_record_t)(void *data, void *ev, size_t size);

int kp_decomp__init(struct kp_decomp *d);
void kp_decomp__exit(struct kp_decomp *d);

/*
 * Decompress @src and hand every complete record to @cb.  @swap: record
 * headers are in the other byte order.  Memory stays bounded whatever the
 * compression ratio: output is decompressed and consumed in windows.
 * Returns 0, the callback's value, or -EBADMSG on corrupt input.
 */
int kp_decomp__feed(struct kp_decomp *d, const void *src, size_t src_size, bool swap,
		    kp_decomp_record_t cb, void *data);

/* Bytes left over that did not form a complete record. */
static inline size_t kp_decomp__pending(const struct kp_decomp *d)
{
	return d->size - d->head;
}

#endif /* KPROF_LIB_DECOMPRESS_H */
