/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the reader's unit tests (t-session, t-session-perf): a
 * byte buffer writing fields in either byte order, and reading a perf.data
 * through kp_session into counts, names and the error line.
 */
#ifndef KPROF_TESTS_SESSION_FIXTURE_H
#define KPROF_TESTS_SESSION_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include "lib/header.h"
#include "lib/session.h"
#include "tests/unit/tap.h"

/* --- a byte buffer writing fields in either byte order ------------------------------ */

struct buf {
	uint8_t *p;
	size_t len, alloc;
	bool be; /* write big-endian (the other byte order on x86) */
};

static inline void put(struct buf *b, const void *src, size_t n)
{
	if (b->len + n > b->alloc) {
		b->alloc = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->alloc);
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static inline void putn(struct buf *b, uint64_t v, int n)
{
	uint8_t x[8];
	int i;

	for (i = 0; i < n; i++)
		x[i] = b->be ? v >> (8 * (n - 1 - i)) : v >> (8 * i);
	put(b, x, n);
}

#define u16(b, v) putn(b, v, 2)
#define u32(b, v) putn(b, v, 4)
#define u64(b, v) putn(b, v, 8)

static inline void set64(struct buf *b, size_t at, uint64_t v)
{
	size_t len = b->len;

	b->len = at;
	u64(b, v);
	b->len = len;
}

static inline void set16(struct buf *b, size_t at, uint64_t v)
{
	size_t len = b->len;

	b->len = at;
	u16(b, v);
	b->len = len;
}

static inline void zeros(struct buf *b, size_t n)
{
	while (n--)
		put(b, "", 1);
}

/* A perf string: u32 padded length, bytes, NULs to a multiple of 64. */
static inline void pstr(struct buf *b, const char *s)
{
	size_t len = strlen(s) + 1, padded = (len + 63) / 64 * 64;

	u32(b, padded);
	put(b, s, len - 1);
	zeros(b, padded - len + 1);
}

/* --- reading ----------------------------------------------------------------------- */

struct result {
	struct kp_tool tool;
	int nr_samples, nr_side, nr_attrs_ready, nr_evsels_at_ready;
	uint64_t times[32];
	uint64_t ids[32];
	char order[256]; /* 'S' sample, 'C' comm, 'L' lost per delivery */
	char names[2][32];
	char err[256];
	char host[32];
	struct kp_session_stats stats;
	bool is_pipe;
};

static inline int on_sample(struct kp_tool *tool, const union perf_event *event,
			    const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct result *r = (struct result *)tool;

	if (r->nr_samples < 32) {
		r->times[r->nr_samples] = sample->time;
		r->ids[r->nr_samples] = evsel->idx;
	}
	r->nr_samples++;
	strncat(r->order, "S", sizeof(r->order) - strlen(r->order) - 1);
	return 0;
}

static inline int on_side(struct kp_tool *tool, const union perf_event *event,
			  const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct result *r = (struct result *)tool;

	r->nr_side++;
	strncat(r->order, event->header.type == PERF_RECORD_COMM ? "C" : "L",
		sizeof(r->order) - strlen(r->order) - 1);
	return 0;
}

static inline int on_attrs(struct kp_tool *tool, struct kp_session *session)
{
	struct result *r = (struct result *)tool;

	r->nr_attrs_ready++;
	r->nr_evsels_at_ready = kp_session__nr_evsels(session);
	return 0;
}

static bool quiet_errors;

static inline int read_session(struct result *r, const char *path, bool ordered)
{
	struct kp_session *s;
	int err, i;

	memset(r, 0, sizeof(*r));
	r->tool.sample = on_sample;
	r->tool.side_band = on_side;
	r->tool.attrs_ready = on_attrs;
	r->tool.ordered = ordered;
	err = kp_session__open(&s, path, &r->tool);
	if (!err)
		err = kp_session__process(s);
	if (err) {
		snprintf(r->err, sizeof(r->err), "%s", kp_session__strerror(s));
		if (!quiet_errors)
			tap_diag("error: %s", r->err);
	}
	if (s) {
		r->stats = *kp_session__stats(s);
		r->is_pipe = kp_session__is_pipe(s);
		for (i = 0; i < 2 && i < kp_session__nr_evsels(s); i++)
			snprintf(r->names[i], 32, "%s", kp_session__evsel(s, i)->name);
		if (kp_session__env(s)->hostname)
			snprintf(r->host, 32, "%s", kp_session__env(s)->hostname);
	}
	kp_session__delete(s);
	return err;
}

static char tmpdir[] = "/tmp/kprof-t-session.XXXXXX";

static inline const char *write_file(const char *name, const void *p, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fwrite(p, 1, n, f);
	fclose(f);
	return path;
}

/* Read @p through a pipe on stdin (a writer child feeds it). */
static inline int read_via_pipe(struct result *r, const void *p, size_t n, bool ordered)
{
	int fds[2], saved = dup(0), err;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		while (n) {
			ssize_t w = write(fds[1], p, n);

			if (w <= 0)
				_exit(1);
			p = (const char *)p + w;
			n -= w;
		}
		_exit(0);
	}
	close(fds[1]);
	dup2(fds[0], 0);
	close(fds[0]);
	err = read_session(r, "-", ordered);
	dup2(saved, 0);
	close(saved);
	waitpid(pid, NULL, 0);
	return err;
}

static inline int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

#endif /* KPROF_TESTS_SESSION_FIXTURE_H */
