// SPDX-License-Identifier: GPL-2.0
/*
 * perf.data writer.  File mode follows perf 6.1's layout:
 *
 *	header | ids of each event | attrs | data ... | feature table | feature payloads
 *
 * The header, ids and attrs are written at start with data.size 0 and no
 * feature bits (what a killed perf record leaves behind); finish appends the
 * feature sections after the data and rewrites the header in place.
 *
 * Pipe mode writes the 16-byte pipe header, one PERF_RECORD_HEADER_ATTR per
 * event, one PERF_RECORD_HEADER_FEATURE per feature and the HEADER_LAST_FEATURE
 * mark, PERF_RECORD_HEADER_TRACING_DATA when there is tracing data, then the
 * records; finish appends PERF_RECORD_HEADER_BUILD_ID records.
 *
 * Output goes through one large buffer: one write(2) per flush (looping only
 * on short writes).  It is flushed when full, after start, after every
 * PERF_RECORD_FINISHED_ROUND and by finish.  The first error sticks and is returned by every later call.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/feature-write.h"
#include "lib/header.h"
#include "lib/writer.h"

#define KP_WRITER_BUF (4U << 20)

_Static_assert(sizeof(struct perf_event_attr) == 128, "perf 6.1 stores 128-byte attrs");
_Static_assert(sizeof(struct kp_file_header) == 104, "perf_file_header is 104 bytes");
_Static_assert(sizeof(struct kp_file_attr) == 144, "perf_file_attr is 144 bytes");

struct kp_writer {
	int fd;
	bool pipe;
	bool started;
	bool finished;
	int err;			/* first error, sticky */
	char *buf;
	size_t len;			/* bytes buffered */
	uint64_t pos;			/* bytes written + buffered */
	uint64_t attr_offset;
	uint64_t data_offset;
	struct kp_feat_evsel *evsels;
	int nr_evsels;
};

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t r = write(fd, c, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

int kp_writer__flush(struct kp_writer *w)
{
	int err;

	if (w->err)
		return w->err;
	if (!w->len)
		return 0;
	err = write_all(w->fd, w->buf, w->len);
	w->len = 0;
	if (err)
		w->err = err;
	return err;
}

static int writer__out(struct kp_writer *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (w->len + n > KP_WRITER_BUF && kp_writer__flush(w))
		return w->err;
	if (n >= KP_WRITER_BUF) {
		int err = p ? write_all(w->fd, p, n) : -EINVAL;	/* zeros: padding only */

		if (err)
			return w->err = err;
	} else if (p) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	} else {
		memset(w->buf + w->len, 0, n);
		w->len += n;
	}
	w->pos += n;
	return 0;
}

/* perf's check_backup(): a non-empty existing output becomes PATH.old. */
static int backup_old(const char *path)
{
	struct stat st;
	char *old;
	int err = 0;

	if (stat(path, &st) || !S_ISREG(st.st_mode) || !st.st_size)
		return 0;
	if (asprintf(&old, "%s.old", path) < 0)
		return -ENOMEM;
	if (unlink(old) && errno != ENOENT)
		err = -errno;
	else if (rename(path, old))
		err = -errno;
	free(old);
	return err;
}

int kp_writer__open(struct kp_writer **writer, const char *path)
{
	struct kp_writer *w;
	int err;

	*writer = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->buf = malloc(KP_WRITER_BUF);
	if (!w->buf) {
		err = -ENOMEM;
		goto out_free;
	}
	if (!strcmp(path, "-")) {
		w->pipe = true;
		w->fd = STDOUT_FILENO;
	} else {
		err = backup_old(path);
		if (err)
			goto out_free;
		w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (w->fd < 0) {
			err = -errno;
			goto out_free;
		}
	}
	*writer = w;
	return 0;

out_free:
	free(w->buf);
	free(w);
	return err;
}

bool kp_writer__is_pipe(const struct kp_writer *writer)
{
	return writer->pipe;
}

int kp_writer__add_evsel(struct kp_writer *w, const struct perf_event_attr *attr,
			 const char *name, const uint64_t *ids, uint32_t nr_ids)
{
	struct kp_feat_evsel *e;

	if (w->started)
		return -EINVAL;
	e = realloc(w->evsels, (w->nr_evsels + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	w->evsels = e;
	e = &e[w->nr_evsels];
	memset(e, 0, sizeof(*e));
	e->attr = *attr;
	e->attr.size = sizeof(e->attr);
	e->name = strdup(name ? name : "");
	e->ids = nr_ids ? calloc(nr_ids, sizeof(uint64_t)) : NULL;
	if (!e->name || (nr_ids && !e->ids)) {
		free(e->name);
		free(e->ids);
		return -ENOMEM;
	}
	if (nr_ids)
		memcpy(e->ids, ids, nr_ids * sizeof(uint64_t));
	e->nr_ids = nr_ids;
	w->nr_evsels++;
	return 0;
}

static void file_header__fill(const struct kp_writer *w, struct kp_file_header *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = KP_MAGIC2;
	h->size = sizeof(*h);
	h->attr_size = sizeof(struct kp_file_attr);
	h->attrs.offset = w->attr_offset;
	h->attrs.size = (uint64_t)w->nr_evsels * sizeof(struct kp_file_attr);
	h->data.offset = w->data_offset;
}

static int writer__start_file(struct kp_writer *w)
{
	struct kp_file_header h;
	uint64_t id_offset;
	int i;

	/* Placeholder header: data.size 0 and no features until finish. */
	w->attr_offset = sizeof(h);
	for (i = 0; i < w->nr_evsels; i++)
		w->attr_offset += w->evsels[i].nr_ids * sizeof(uint64_t);
	w->data_offset = w->attr_offset + (uint64_t)w->nr_evsels * sizeof(struct kp_file_attr);
	file_header__fill(w, &h);
	writer__out(w, &h, sizeof(h));
	for (i = 0; i < w->nr_evsels; i++)
		writer__out(w, w->evsels[i].ids, w->evsels[i].nr_ids * sizeof(uint64_t));

	id_offset = sizeof(h);
	for (i = 0; i < w->nr_evsels; i++) {
		struct kp_file_attr fa;

		memset(&fa, 0, sizeof(fa));
		fa.attr = w->evsels[i].attr;
		fa.ids.offset = id_offset;
		fa.ids.size = w->evsels[i].nr_ids * sizeof(uint64_t);
		id_offset += fa.ids.size;
		writer__out(w, &fa, sizeof(fa));
	}
	return w->err;
}

static int writer__pipe_feature(struct kp_writer *w, int feat, const struct kp_env *env)
{
	struct perf_record_header_feature fe;
	struct kp_fbuf b = { 0 };
	int err;

	kp_fbuf__add_zeros(&b, sizeof(fe));
	err = kp_feat__write(&b, feat, env, w->evsels, w->nr_evsels);
	if (err)
		goto out;
	/*
	 * perf 6.1 leaves these records unpadded (e.g. 84 bytes for a hostname),
	 * which misaligns every record after them; the payload readers ignore
	 * trailing bytes, so kprof pads to 8 and keeps the stream aligned.
	 */
	kp_fbuf__add_zeros(&b, (8 - b.len % 8) % 8);
	if (b.err) {
		err = b.err;
		goto out;
	}
	if (b.len > UINT16_MAX) {
		err = -E2BIG;	/* perf does not send it either */
		goto out;
	}
	memset(&fe, 0, sizeof(fe));
	fe.header.type = PERF_RECORD_HEADER_FEATURE;
	fe.header.size = (uint16_t)b.len;
	fe.feat_id = (uint64_t)feat;
	memcpy(b.data, &fe, sizeof(fe));
	err = writer__out(w, b.data, b.len);
out:
	kp_fbuf__exit(&b);
	return err;
}

/*
 * PERF_RECORD_EVENT_UPDATE with the event's name: perf script names pipe-mode
 * events from these (EVENT_DESC comes too late for it), so perf sends them.
 */
static int writer__pipe_names(struct kp_writer *w)
{
	for (int i = 0; i < w->nr_evsels; i++) {
		const struct kp_feat_evsel *e = &w->evsels[i];
		struct perf_record_event_update ev;
		size_t len = strlen(e->name) + 1;
		size_t size = (sizeof(ev) + len + 7) & ~(size_t)7;

		if (!e->nr_ids || !e->name[0] || size > UINT16_MAX)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.header.type = PERF_RECORD_EVENT_UPDATE;
		ev.header.size = (uint16_t)size;
		ev.type = PERF_EVENT_UPDATE__NAME;
		ev.id = e->ids[0];
		writer__out(w, &ev, offsetof(struct perf_record_event_update, name));
		writer__out(w, e->name, len);
		writer__out(w, NULL, size - offsetof(struct perf_record_event_update, name) - len);
	}
	return w->err;
}

static int writer__start_pipe(struct kp_writer *w, const struct kp_env *env)
{
	struct kp_pipe_header ph = { .magic = KP_MAGIC2, .size = sizeof(ph) };
	struct perf_record_header_feature last;
	int feat, err;

	writer__out(w, &ph, sizeof(ph));
	for (int i = 0; i < w->nr_evsels; i++) {
		struct perf_event_header eh = {
			.type = PERF_RECORD_HEADER_ATTR,
			.size = (uint16_t)(sizeof(eh) + sizeof(struct perf_event_attr) +
					   w->evsels[i].nr_ids * sizeof(uint64_t)),
		};

		writer__out(w, &eh, sizeof(eh));
		writer__out(w, &w->evsels[i].attr, sizeof(w->evsels[i].attr));
		writer__out(w, w->evsels[i].ids, w->evsels[i].nr_ids * sizeof(uint64_t));
	}
	for (feat = 1; feat < KP_FEAT_LAST_KNOWN; feat++) {
		if (!kp_feat__has(feat, env, w->nr_evsels, true))
			continue;
		err = writer__pipe_feature(w, feat, env);
		if (err && err != -E2BIG)
			return err;
	}
	memset(&last, 0, sizeof(last));
	last.header.type = PERF_RECORD_HEADER_FEATURE;
	last.header.size = sizeof(last);
	last.feat_id = KP_FEAT_LAST_KNOWN;
	writer__out(w, &last, sizeof(last));

	if (env->tracing_data && env->tracing_data_size) {
		struct perf_record_header_tracing_data td;
		uint64_t aligned = (env->tracing_data_size + 7) & ~7ULL;

		if (aligned > UINT32_MAX)
			return -E2BIG;
		memset(&td, 0, sizeof(td));
		td.header.type = PERF_RECORD_HEADER_TRACING_DATA;
		td.header.size = sizeof(td);
		td.size = (uint32_t)aligned;
		writer__out(w, &td, sizeof(td));
		writer__out(w, env->tracing_data, env->tracing_data_size);
		writer__out(w, NULL, aligned - env->tracing_data_size);
	}
	return writer__pipe_names(w);
}

int kp_writer__start(struct kp_writer *w, const struct kp_env *env)
{
	int err;

	if (w->started)
		return -EINVAL;
	w->started = true;
	err = w->pipe ? writer__start_pipe(w, env) : writer__start_file(w);
	/* On disk now: a recorder killed before its first flush still leaves a header. */
	return err ? err : kp_writer__flush(w);
}

int kp_writer__write(struct kp_writer *w, const void *buf, size_t size)
{
	if (!w->started || w->finished)
		return -EINVAL;
	return writer__out(w, buf, size);
}

int kp_writer__write_event(struct kp_writer *w, const union perf_event *event)
{
	int err;

	if (event->header.size < sizeof(event->header))
		return -EINVAL;
	err = kp_writer__write(w, event, event->header.size);
	/*
	 * A round is complete: put it on disk (or down the pipe) so that a
	 * recorder killed later leaves every finished round readable.
	 */
	if (!err && event->header.type == PERF_RECORD_FINISHED_ROUND)
		err = kp_writer__flush(w);
	return err;
}

int kp_writer__write_finished_init(struct kp_writer *w)
{
	struct perf_event_header eh = { .type = PERF_RECORD_FINISHED_INIT, .size = sizeof(eh) };

	return kp_writer__write(w, &eh, sizeof(eh));
}

static int pwrite_all(int fd, const void *p, size_t n, off_t off)
{
	const char *c = p;

	while (n) {
		ssize_t r = pwrite(fd, c, n, off);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO;
		c += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

static int writer__finish_file(struct kp_writer *w, const struct kp_env *env)
{
	/* every bit: kprof's own features (KP_FEAT_KPROF_MISSES) lie past the known ones */
	struct kp_fbuf payloads[KP_FEAT_BITS] = { 0 };
	struct kp_file_section sec[KP_FEAT_BITS];
	struct kp_file_header h;
	uint64_t off;
	int feat, nr = 0, err = 0;

	if (kp_writer__flush(w))
		return w->err;
	file_header__fill(w, &h);
	h.data.size = w->pos - w->data_offset;

	for (feat = 1; feat < KP_FEAT_BITS; feat++) {
		if (!kp_feat__has(feat, env, w->nr_evsels, false))
			continue;
		err = kp_feat__write(&payloads[feat], feat, env, w->evsels, w->nr_evsels);
		if (err)
			goto out;
		kp_header__set_feat(&h, feat);
		nr++;
	}
	/* The section table right after the data, then the payloads in feature order. */
	off = w->pos + (uint64_t)nr * sizeof(sec[0]);
	nr = 0;
	for (feat = 1; feat < KP_FEAT_BITS; feat++) {
		if (!kp_header__has_feat(&h, feat))
			continue;
		sec[nr].offset = off;
		sec[nr].size = payloads[feat].len;
		off += payloads[feat].len;
		nr++;
	}
	writer__out(w, sec, nr * sizeof(sec[0]));
	for (feat = 1; feat < KP_FEAT_BITS; feat++)
		if (kp_header__has_feat(&h, feat))
			writer__out(w, payloads[feat].data, payloads[feat].len);
	err = kp_writer__flush(w);
	if (err)
		goto out;
	err = pwrite_all(w->fd, &h, sizeof(h), 0);
	if (err)
		w->err = err;
out:
	for (feat = 0; feat < KP_FEAT_BITS; feat++)
		kp_fbuf__exit(&payloads[feat]);
	return err;
}

static int writer__finish_pipe(struct kp_writer *w, const struct kp_env *env)
{
	struct kp_fbuf b = { 0 };
	int err;

	for (uint32_t i = 0; i < env->nr_build_ids; i++)
		kp_feat__add_build_id(&b, &env->build_ids[i], PERF_RECORD_HEADER_BUILD_ID);
	err = b.err;
	if (!err)
		err = writer__out(w, b.data, b.len);
	kp_fbuf__exit(&b);
	if (!err)
		err = kp_writer__flush(w);
	return err;
}

int kp_writer__finish(struct kp_writer *w, const struct kp_env *env)
{
	int err;

	if (!w->started || w->finished)
		return -EINVAL;
	if (w->err)
		return w->err;
	err = w->pipe ? writer__finish_pipe(w, env) : writer__finish_file(w, env);
	if (!err)
		w->finished = true;
	return err;
}

uint64_t kp_writer__bytes(const struct kp_writer *w)
{
	return w->pos;
}

void kp_writer__delete(struct kp_writer *w)
{
	if (!w)
		return;
	/* An unfinished output keeps what was buffered: records up to the last whole one. */
	if (!w->finished)
		kp_writer__flush(w);
	if (!w->pipe && w->fd >= 0)
		close(w->fd);
	for (int i = 0; i < w->nr_evsels; i++) {
		free(w->evsels[i].name);
		free(w->evsels[i].ids);
	}
	free(w->evsels);
	free(w->buf);
	free(w);
}
