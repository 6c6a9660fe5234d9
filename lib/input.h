/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the bytes of a perf.data come from: a mapped file (a path, a seekable
 * stdin, or a non-seekable stdin carrying a file-mode perf.data, buffered into
 * an anonymous memfd first) or a stream (stdin carrying pipe mode).
 */
#ifndef KPROF_LIB_INPUT_H
#define KPROF_LIB_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct kp_input {
	const char *name;	/* for messages: the path, or "stdin" */
	int fd;
	bool own_fd;
	uint8_t *map;		/* the whole input, private and writable (for byte swapping) */
	size_t size;
	bool stream;		/* read with kp_input__read(), no map */
	uint8_t peek[16];	/* the stream's first bytes, already read */
	size_t npeek, peek_pos;
	uint64_t pos;		/* bytes consumed from the stream */
	bool dir;		/* the path was a perf.data directory; this is its "data" */
	uint8_t *rbuf;		/* stream read buffer: [rpos, rlen) not consumed yet */
	size_t rpos, rlen;
};

/*
 * Open @path (NULL or "-": stdin).  Returns 0 or -errno and writes a message
 * (without the name) into @err.
 */
int kp_input__open(struct kp_input *in, const char *path, char *err, size_t errsz);

/* Read up to @n bytes of a stream; returns the count (short only at end of input) or -errno. */
ssize_t kp_input__read(struct kp_input *in, void *buf, size_t n);

void kp_input__close(struct kp_input *in);

/* Map a whole regular file (private, writable); *map is NULL for an empty file. */
int kp_input__map_file(const char *path, uint8_t **map, size_t *size);

#endif /* KPROF_LIB_INPUT_H */
