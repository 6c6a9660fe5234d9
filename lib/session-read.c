// SPDX-License-Identifier: GPL-2.0
/*
 * Where records come from: mapped memory (a file's data section, a mapped
 * pipe-mode file, the data.N files of a perf.data directory, in perf's turns)
 * or a pipe-mode stream read record by record.  Each record goes to
 * kp_session__process_record() (lib/session-events.c).
 */
#include <byteswap.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/feature-read.h"
#include "lib/session-int.h"
#include "lib/swap.h"

#define MAX_RECORD 65536

/*
 * Records from memory: the file's data section, a mapped pipe-mode file, or
 * one file of a perf.data directory.  Reads from @r->pos until the end or until
 * @budget bytes were read (perf's per-file share when it reads a directory).
 */
static int read_region(struct kp_session *s, struct kp_region *r, uint64_t budget)
{
	uint64_t start = r->pos, skip;
	int err;

	while (r->pos < r->end && r->pos - start < budget) {
		uint64_t off = r->pos, end = r->end;
		uint8_t *p = r->map + off;
		union perf_event *ev;
		uint16_t size;

		if (end - off < sizeof(struct perf_event_header)) {
			if (r->to_eof)
				goto truncated;
			return kp_session__err(
				s, -EINVAL,
				"record at offset %#llx is cut by the end of the data section at %#llx",
				(unsigned long long)off, (unsigned long long)end);
		}
		memcpy(&size, p + 6, 2);
		if (s->swap)
			size = bswap_16(size);
		if (size < sizeof(struct perf_event_header))
			return kp_session__err(s, -EINVAL, "record at offset %#llx has size %u",
					       (unsigned long long)off, size);
		if (size > end - off) {
			if (r->to_eof)
				goto truncated;
			return kp_session__err(
				s, -EINVAL,
				"record at offset %#llx has size %u, past the end of the data section at %#llx",
				(unsigned long long)off, size, (unsigned long long)end);
		}
		if (s->swap)
			kp_swap_header((struct perf_event_header *)p);
		ev = kp_session__aligned(&s->abuf, p, size);
		if (!ev)
			return kp_session__err(s, -ENOMEM, "%s", strerror(ENOMEM));
		err = kp_session__process_record(s, ev, off, (uint8_t *)ev == p, &skip);
		if (err)
			return err;
		if (skip > end - off - size) {
			if (r->to_eof)
				goto truncated;
			return kp_session__err(
				s, -EINVAL,
				"record at offset %#llx is followed by %llu bytes, past the end of the data section at %#llx",
				(unsigned long long)off, (unsigned long long)skip,
				(unsigned long long)end);
		}
		if (ev->header.type == PERF_RECORD_HEADER_TRACING_DATA && skip)
			kp_feature__read(&s->env, KP_FEAT_TRACING_DATA, p + size,
					 ev->tracing_data.size, false);
		r->pos += size + skip;
	}
	return 0;
truncated:
	s->stats.truncated = true;
	r->pos = r->end;
	return 0;
}

/* perf reads the files of a directory in turns of this many bytes each */
#define DIR_TURN (2ULL << 20)

int kp_session__process_file(struct kp_session *s)
{
	struct kp_region main = {
		.map = s->in.map,
		.pos = s->data_off,
		.end = s->data_end,
		.to_eof = s->data_end == s->in.size,
	};
	uint32_t i, left;
	int err;

	kp_session__init_queue(s);
	err = s->pipe ? 0 : kp_session__attrs_ready(s);
	if (err)
		return err;
	if (!s->nr_dir_files) {
		err = read_region(s, &main, ~0ULL);
		return err ?: kp_session__finish(s);
	}
	/* a directory (perf record --threads): the main file, then data.N, in turns */
	for (;;) {
		left = main.pos < main.end;
		if (left) {
			err = read_region(s, &main, DIR_TURN);
			if (err)
				return err;
		}
		for (i = 0; i < s->nr_dir_files; i++) {
			struct kp_region *r = &s->dir_files[i];

			if (r->pos >= r->end)
				continue;
			left++;
			s->err_name = r->name;
			err = read_region(s, r, DIR_TURN);
			s->err_name = NULL;
			if (err)
				return err;
		}
		if (!left)
			break;
	}
	return kp_session__finish(s);
}

/* Read @n stream bytes to @buf; a short read is an error naming where the record started. */
static int stream_read(struct kp_session *s, void *buf, size_t n, uint64_t off, const char *what)
{
	ssize_t r = kp_input__read(&s->in, buf, n);

	if (r < 0)
		return kp_session__err(s, (int)r, "read error at offset %#llx: %s",
				       (unsigned long long)s->in.pos, strerror((int)-r));
	if ((size_t)r < n)
		return kp_session__err(s, -EINVAL, "stream ends inside the %s at offset %#llx",
				       what, (unsigned long long)off);
	return 0;
}

/* Bytes following a streamed record: tracing data is kept, AUXTRACE data dropped. */
static int stream_skip(struct kp_session *s, union perf_event *ev, uint64_t skip, uint64_t off)
{
	bool keep = ev->header.type == PERF_RECORD_HEADER_TRACING_DATA;
	uint32_t want = keep ? ev->tracing_data.size : 0;
	uint8_t *data = NULL;
	uint64_t got = 0;
	int err = 0;

	while (got < skip) {
		size_t n = skip - got < MAX_RECORD ? skip - got : MAX_RECORD;

		if (keep && got < want) {
			uint8_t *d = realloc(data, got + n);

			if (!d) {
				err = kp_session__err(s, -ENOMEM, "%s", strerror(ENOMEM));
				break;
			}
			data = d;
			err = stream_read(s, data + got, n, off, "payload of the record");
		} else {
			err = stream_read(s, s->rbuf, n, off, "payload of the record");
		}
		if (err)
			break;
		got += n;
	}
	if (!err && keep) {
		free(s->env.tracing_data);
		s->env.tracing_data = data;
		s->env.tracing_data_size = want;
		s->env.features[0] |= 1ULL << KP_FEAT_TRACING_DATA;
		data = NULL;
	}
	free(data);
	return err;
}

int kp_session__process_pipe(struct kp_session *s)
{
	uint64_t skip;
	int err;

	kp_session__init_queue(s);
	if (!s->in.stream)
		return kp_session__process_file(s);
	s->rbuf = malloc(MAX_RECORD);
	if (!s->rbuf)
		return kp_session__err(s, -ENOMEM, "%s", strerror(ENOMEM));
	for (;;) {
		union perf_event *ev = (union perf_event *)s->rbuf;
		uint64_t off = s->in.pos;
		ssize_t r = kp_input__read(&s->in, ev, sizeof(ev->header));

		if (r == 0)
			break;
		if (r < 0)
			return kp_session__err(s, (int)r, "read error at offset %#llx: %s",
					       (unsigned long long)off, strerror((int)-r));
		if ((size_t)r < sizeof(ev->header))
			return kp_session__err(
				s, -EINVAL, "stream ends inside the record header at offset %#llx",
				(unsigned long long)off);
		if (s->swap)
			kp_swap_header(&ev->header);
		if (ev->header.size < sizeof(ev->header))
			return kp_session__err(s, -EINVAL, "record at offset %#llx has size %u",
					       (unsigned long long)off, ev->header.size);
		err = stream_read(s, (uint8_t *)ev + sizeof(ev->header),
				  ev->header.size - sizeof(ev->header), off, "record");
		if (err)
			return err;
		err = kp_session__process_record(s, ev, off, false, &skip);
		if (err)
			return err;
		if (skip) {
			err = stream_skip(s, ev, skip, off);
			if (err)
				return err;
		}
	}
	return kp_session__finish(s);
}
