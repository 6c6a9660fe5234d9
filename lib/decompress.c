// SPDX-License-Identifier: GPL-2.0
#include <byteswap.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "lib/decompress.h"

#define WINDOW (1024 * 1024) /* decompressed bytes handled at once (> 64 KiB record) */

int kp_decomp__init(struct kp_decomp *d)
{
	memset(d, 0, sizeof(*d));
	d->zstd = ZSTD_createDStream();
	if (!d->zstd)
		return -ENOMEM;
	ZSTD_initDStream(d->zstd);
	d->buf = malloc(WINDOW);
	if (!d->buf) {
		ZSTD_freeDStream(d->zstd);
		d->zstd = NULL;
		return -ENOMEM;
	}
	d->alloc = WINDOW;
	return 0;
}

void kp_decomp__exit(struct kp_decomp *d)
{
	if (d->zstd)
		ZSTD_freeDStream(d->zstd);
	free(d->buf);
	memset(d, 0, sizeof(*d));
}

/* Hand out the complete records in [head, size). */
static int consume(struct kp_decomp *d, bool swap, kp_decomp_record_t cb, void *data)
{
	while (d->size - d->head >= 8) {
		uint8_t *ev = d->buf + d->head;
		uint16_t size;
		int err;

		memcpy(&size, ev + 6, 2);
		if (swap)
			size = bswap_16(size);
		if (size < 8)
			return cb(data, ev, size) ?: -EBADMSG;
		if (size > d->size - d->head)
			break;
		d->head += size;
		err = cb(data, ev, size);
		if (err)
			return err;
	}
	return 0;
}

/* Move the incomplete tail to the front and decompress after it, into @out. */
static int decomp__step(struct kp_decomp *d, ZSTD_inBuffer *in, ZSTD_outBuffer *out)
{
	if (d->head) {
		memmove(d->buf, d->buf + d->head, d->size - d->head);
		d->size -= d->head;
		d->head = 0;
	}
	out->dst = d->buf;
	out->size = d->alloc;
	out->pos = d->size;
	return ZSTD_isError(ZSTD_decompressStream(d->zstd, out, in)) ? -EBADMSG : 0;
}

int kp_decomp__feed(struct kp_decomp *d, const void *src, size_t src_size, bool swap,
		    kp_decomp_record_t cb, void *data)
{
	ZSTD_inBuffer in = { .src = src, .size = src_size, .pos = 0 };
	ZSTD_outBuffer out;
	int err;

	while (in.pos < in.size) {
		err = decomp__step(d, &in, &out);
		if (err)
			return err;
		if (out.pos == d->size && in.pos < in.size && out.pos == out.size)
			return -EBADMSG; /* cannot happen: a record is < 64 KiB */
		d->size = out.pos;
		err = consume(d, swap, cb, data);
		if (err)
			return err;
		if (out.pos < out.size && in.pos == in.size)
			break;
	}
	/* flush what zstd still holds for this input */
	for (;;) {
		err = decomp__step(d, &in, &out);
		if (err)
			return err;
		if (out.pos == d->size)
			break;
		d->size = out.pos;
		err = consume(d, swap, cb, data);
		if (err)
			return err;
	}
	return 0;
}
