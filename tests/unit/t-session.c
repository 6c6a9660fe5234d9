// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader on synthetic files built byte by byte here (file and
 * pipe mode, both byte orders, compressed, malformed), then on files perf
 * records (skipped without perf).
 */
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

static void put(struct buf *b, const void *src, size_t n)
{
	if (b->len + n > b->alloc) {
		b->alloc = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->alloc);
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void putn(struct buf *b, uint64_t v, int n)
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

static void set64(struct buf *b, size_t at, uint64_t v)
{
	size_t len = b->len;

	b->len = at;
	u64(b, v);
	b->len = len;
}

static void set16(struct buf *b, size_t at, uint64_t v)
{
	size_t len = b->len;

	b->len = at;
	u16(b, v);
	b->len = len;
}

static void zeros(struct buf *b, size_t n)
{
	while (n--)
		put(b, "", 1);
}

/* A perf string: u32 padded length, bytes, NULs to a multiple of 64. */
static void pstr(struct buf *b, const char *s)
{
	size_t len = strlen(s) + 1, padded = (len + 63) / 64 * 64;

	u32(b, padded);
	put(b, s, len - 1);
	zeros(b, padded - len + 1);
}

/* --- the layout of the synthetic events --------------------------------------------- */

#define STYPE                                                                                     \
	(PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID | PERF_SAMPLE_CPU | \
	 PERF_SAMPLE_PERIOD)

/* perf_event_attr, 128 bytes; bitfield bit n is allocated from the top on big-endian */
static void attr(struct buf *b, uint64_t config, bool sample_id_all)
{
	uint64_t flags = 1ULL << 0 /* disabled */ | 1ULL << 20 /* exclude_guest */;
	uint64_t word = 0;
	int n;

	if (sample_id_all)
		flags |= 1ULL << 18;
	for (n = 0; n < 64; n++)
		if (flags >> n & 1)
			word |= 1ULL << (b->be ? 63 - n : n);
	u32(b, PERF_TYPE_SOFTWARE);
	u32(b, 128);
	u64(b, config);
	u64(b, 4000); /* sample_period */
	u64(b, STYPE);
	u64(b, 0); /* read_format */
	if (b->be) { /* the word as the big-endian machine stores it */
		uint8_t x[8];

		for (n = 0; n < 8; n++)
			x[n] = word >> (56 - 8 * n);
		put(b, x, 8);
	} else {
		u64(b, word);
	}
	zeros(b, 128 - 48);
}

static void hdr(struct buf *b, uint32_t type, uint16_t misc, uint16_t size)
{
	u32(b, type);
	u16(b, misc);
	u16(b, size);
}

static void trailer(struct buf *b, uint32_t pid, uint64_t time, uint64_t id, uint32_t cpu)
{
	u32(b, pid), u32(b, pid);
	u64(b, time);
	u64(b, id);
	u32(b, cpu), u32(b, 0);
}

static void sample(struct buf *b, uint64_t ip, uint32_t pid, uint64_t time, uint64_t id,
		   uint32_t cpu)
{
	hdr(b, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 8 + 6 * 8);
	u64(b, ip);
	u32(b, pid), u32(b, pid);
	u64(b, time);
	u64(b, id);
	u32(b, cpu), u32(b, 0);
	u64(b, 4000);
}

static void comm(struct buf *b, uint32_t pid, const char *name, uint64_t time)
{
	hdr(b, PERF_RECORD_COMM, 0, 8 + 8 + 16 + 32);
	u32(b, pid), u32(b, pid);
	put(b, name, strlen(name));
	zeros(b, 16 - strlen(name));
	trailer(b, pid, time, 1, 0);
}

static void lost(struct buf *b, uint64_t n, uint64_t time)
{
	hdr(b, PERF_RECORD_LOST, 0, 8 + 16 + 32);
	u64(b, 1), u64(b, n);
	trailer(b, 0, time, 1, 0);
}

static void round_(struct buf *b)
{
	hdr(b, PERF_RECORD_FINISHED_ROUND, 0, 8);
}

/* The records of the data section used by most tests. */
enum { NR_SAMPLES = 6 };
static const uint64_t times[NR_SAMPLES] = { 10, 30, 20, 15, 40, 25 };

static void records(struct buf *b)
{
	comm(b, 100, "busy", 0); /* synthesized: no time, delivered at once */
	sample(b, 0x1000, 100, times[0], 1, 0);
	sample(b, 0x1001, 100, times[1], 2, 1);
	sample(b, 0x1002, 100, times[2], 1, 0);
	round_(b);
	sample(b, 0x1003, 100, times[3], 1, 0);
	sample(b, 0x1004, 100, times[4], 2, 1);
	lost(b, 7, 35);
	round_(b);
	hdr(b, 200, 0, 16); /* record types nobody knows */
	u64(b, 0);
	hdr(b, 30, 0, 8);
	sample(b, 0x1005, 100, times[5], 2, 1); /* older than the last flush */
}

struct layout {
	size_t attrs, data, data_size, feat;
};

/*
 * A file-mode perf.data with two cpu-clock/task-clock events (ids 1 and 2),
 * the records above, and hostname, event_desc and kprof-misses features.
 */
static struct layout build_file(struct buf *b, bool be, bool features)
{
	struct layout l;
	size_t ids, fsec, at;

	memset(b, 0, sizeof(*b));
	b->be = be;
	u64(b, KP_MAGIC2);
	u64(b, 104);
	u64(b, 144);
	zeros(b, 104 - 24);
	ids = b->len;
	u64(b, 1);
	u64(b, 2);
	l.attrs = b->len;
	attr(b, PERF_COUNT_SW_CPU_CLOCK, true);
	u64(b, ids), u64(b, 8);
	attr(b, PERF_COUNT_SW_TASK_CLOCK, true);
	u64(b, ids + 8), u64(b, 8);
	l.data = b->len;
	records(b);
	l.data_size = b->len - l.data;
	l.feat = b->len;
	set64(b, 24, l.attrs);
	set64(b, 32, 2 * 144);
	set64(b, 40, l.data);
	set64(b, 48, l.data_size);
	if (!features)
		return l;
	/* features hostname(3), event_desc(12), kprof misses(200) */
	set64(b, 72, 1ULL << KP_FEAT_HOSTNAME | 1ULL << KP_FEAT_EVENT_DESC);
	set64(b, 72 + 24, 1ULL << (KP_FEAT_KPROF_MISSES - 192));
	fsec = b->len;
	zeros(b, 3 * 16);
	at = b->len;
	pstr(b, "synthetic");
	set64(b, fsec, at), set64(b, fsec + 8, b->len - at);
	at = b->len;
	u32(b, 2), u32(b, 128);
	attr(b, PERF_COUNT_SW_CPU_CLOCK, true);
	u32(b, 1);
	pstr(b, "cpu-clock:u");
	u64(b, 1);
	attr(b, PERF_COUNT_SW_TASK_CLOCK, true);
	u32(b, 1);
	pstr(b, "task-clock");
	u64(b, 2);
	set64(b, fsec + 16, at), set64(b, fsec + 24, b->len - at);
	at = b->len;
	u64(b, 0xdeadbeef);
	set64(b, fsec + 32, at), set64(b, fsec + 40, b->len - at);
	return l;
}

/* Pipe mode: 16-byte header, HEADER_ATTRs, a HEADER_FEATURE hostname, the records. */
static void build_pipe(struct buf *b, bool be)
{
	size_t at;

	memset(b, 0, sizeof(*b));
	b->be = be;
	u64(b, KP_MAGIC2);
	u64(b, 16);
	hdr(b, PERF_RECORD_HEADER_ATTR, 0, 8 + 128 + 8);
	attr(b, PERF_COUNT_SW_CPU_CLOCK, true);
	u64(b, 1);
	hdr(b, PERF_RECORD_HEADER_ATTR, 0, 8 + 128 + 8);
	attr(b, PERF_COUNT_SW_TASK_CLOCK, true);
	u64(b, 2);
	at = b->len;
	hdr(b, PERF_RECORD_HEADER_FEATURE, 0, 0);
	u64(b, KP_FEAT_HOSTNAME);
	pstr(b, "piped");
	set16(b, at + 6, b->len - at);
	at = b->len;
	hdr(b, PERF_RECORD_EVENT_UPDATE, 0, 0);
	u64(b, 2 /* PERF_EVENT_UPDATE__NAME */), u64(b, 2);
	put(b, "task-clock:k\0\0\0\0", 16);
	set16(b, at + 6, b->len - at);
	hdr(b, PERF_RECORD_FINISHED_INIT, 0, 8);
	records(b);
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

static int on_sample(struct kp_tool *tool, const union perf_event *event,
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

static int on_side(struct kp_tool *tool, const union perf_event *event,
		   const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct result *r = (struct result *)tool;

	r->nr_side++;
	strncat(r->order, event->header.type == PERF_RECORD_COMM ? "C" : "L",
		sizeof(r->order) - strlen(r->order) - 1);
	return 0;
}

static int on_attrs(struct kp_tool *tool, struct kp_session *session)
{
	struct result *r = (struct result *)tool;

	r->nr_attrs_ready++;
	r->nr_evsels_at_ready = kp_session__nr_evsels(session);
	return 0;
}

static bool quiet_errors;

static int read_session(struct result *r, const char *path, bool ordered)
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

static const char *write_file(const char *name, const void *p, size_t n)
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
static int read_via_pipe(struct result *r, const void *p, size_t n, bool ordered)
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

/* --- the tests ------------------------------------------------------------------------ */

static void check_ordered(struct result *r, const char *what)
{
	/* perf's rounds: the first round flushes nothing, the second up to 30 */
	static const uint64_t want[NR_SAMPLES] = { 10, 15, 20, 30, 25, 40 };
	int i, same = 1;

	tap_diag("%s", what);
	check_int(r->nr_samples, ==, NR_SAMPLES);
	for (i = 0; i < NR_SAMPLES; i++)
		same &= r->times[i] == want[i];
	if (!check(same))
		for (i = 0; i < NR_SAMPLES; i++)
			tap_diag("time[%d] = %llu", i, (unsigned long long)r->times[i]);
	check_str(r->order, "CSSSSSLS");
	check_uint(r->stats.nr_unordered, ==, 1);
	check_uint(r->stats.nr_samples, ==, NR_SAMPLES);
	check_uint(r->stats.nr_events[PERF_RECORD_SAMPLE], ==, NR_SAMPLES);
	check_uint(r->stats.nr_events[PERF_RECORD_FINISHED_ROUND], ==, 2);
	check_uint(r->stats.lost, ==, 7);
	check_uint(r->stats.nr_unknown, ==, 2);
	check_int(r->nr_attrs_ready, ==, 1);
	check_int(r->nr_evsels_at_ready, ==, 2);
	check(!r->stats.truncated);
	/* sample ids 1 and 2 map to the first and second event */
	check_int(r->ids[0], ==, 0);
	check_int(r->ids[5], ==, 1);
}

static void test_file(bool be)
{
	struct buf b;
	struct result r;
	const char *path;

	build_file(&b, be, true);
	path = write_file(be ? "be.data" : "le.data", b.p, b.len);
	check_int(read_session(&r, path, true), ==, 0);
	check_ordered(&r, be ? "file, big-endian, ordered" : "file, ordered");
	check_str(r.names[0], "cpu-clock:u");
	check_str(r.names[1], "task-clock");
	check_str(r.host, "synthetic");
	check(!r.is_pipe);

	/* file order when the tool does not ask for order */
	check_int(read_session(&r, path, false), ==, 0);
	check_str(r.order, "CSSSSSLS");
	check_uint(r.times[1], ==, 30);
	check_uint(r.stats.nr_unordered, ==, 0);

	/* the same bytes through a pipe on stdin: buffered, then read as a file */
	check_int(read_via_pipe(&r, b.p, b.len, true), ==, 0);
	check_ordered(&r, "file through a pipe");
	check_str(r.host, "synthetic");
	free(b.p);
}

static void test_pipe(bool be)
{
	struct buf b;
	struct result r;
	const char *path;

	build_pipe(&b, be);
	check_int(read_via_pipe(&r, b.p, b.len, true), ==, 0);
	check_ordered(&r, be ? "pipe stream, big-endian" : "pipe stream");
	check(r.is_pipe);
	check_str(r.host, "piped");
	check_str(r.names[0], "cpu-clock");
	check_str(r.names[1], "task-clock:k");
	check_uint(r.stats.nr_events[PERF_RECORD_HEADER_ATTR], ==, 2);

	/* a pipe-mode file given by path is read from memory */
	path = write_file("pipe.data", b.p, b.len);
	check_int(read_session(&r, path, true), ==, 0);
	check_ordered(&r, "pipe-mode file");

	/* a stream cut inside a record is an error naming where the record starts */
	check_int(read_via_pipe(&r, b.p, b.len - 4, true), ==, -EINVAL);
	{
		char want[128];

		snprintf(want, sizeof(want), "stdin: stream ends inside the record at offset %#zx",
			 b.len - 56);
		check_str(r.err, want);
	}
	/* ... and the same file cut is read up to its last record, flagged */
	path = write_file("pipe-cut.data", b.p, b.len - 4);
	check_int(read_session(&r, path, true), ==, 0);
	check(r.stats.truncated);
	check_int(r.nr_samples, ==, NR_SAMPLES - 1);
	free(b.p);
}

/* COMPRESSED records: one zstd stream over the records, cut in two mid-record. */
static void test_compressed(void)
{
	struct buf raw = { 0 }, b;
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	uint8_t out[65536];
	struct result r;
	size_t cut, part;
	int i;

	records(&raw);
	cut = 8 + 60; /* inside the first sample */
	build_pipe(&b, false);
	b.len -= raw.len; /* keep the header, attrs, feature records */
	for (i = 0; i < 2; i++) {
		ZSTD_inBuffer in = { raw.p + (i ? cut : 0), i ? raw.len - cut : cut, 0 };
		ZSTD_outBuffer o = { out, sizeof(out), 0 };

		ZSTD_compressStream2(cc, &o, &in, i ? ZSTD_e_end : ZSTD_e_flush);
		part = o.pos;
		hdr(&b, PERF_RECORD_COMPRESSED, 0, 8 + part);
		put(&b, out, part);
		zeros(&b, 0);
	}
	ZSTD_freeCCtx(cc);
	check_int(read_via_pipe(&r, b.p, b.len, true), ==, 0);
	check_ordered(&r, "compressed pipe");
	check_uint(r.stats.nr_events[PERF_RECORD_COMPRESSED], ==, 2);

	/* garbage in a COMPRESSED record */
	memset(b.p + b.len - part, 0x5a, part);
	check_int(read_via_pipe(&r, b.p, b.len, true), ==, -EBADMSG);
	{
		char want[128];

		snprintf(want, sizeof(want), "stdin: compressed record at offset %#zx is corrupt",
			 b.len - part - 8);
		check_str(r.err, want);
	}
	free(raw.p);
	free(b.p);

	/* big-endian: the decompressed records are in the writer's byte order */
	memset(&raw, 0, sizeof(raw));
	raw.be = true;
	records(&raw);
	build_pipe(&b, true);
	b.len -= raw.len;
	cc = ZSTD_createCCtx();
	for (i = 0; i < 2; i++) {
		ZSTD_inBuffer in = { raw.p + (i ? cut : 0), i ? raw.len - cut : cut, 0 };
		ZSTD_outBuffer o = { out, sizeof(out), 0 };

		ZSTD_compressStream2(cc, &o, &in, i ? ZSTD_e_end : ZSTD_e_flush);
		hdr(&b, PERF_RECORD_COMPRESSED, 0, 8 + o.pos);
		put(&b, out, o.pos);
	}
	ZSTD_freeCCtx(cc);
	check_int(read_via_pipe(&r, b.p, b.len, true), ==, 0);
	check_ordered(&r, "compressed pipe, big-endian");
	free(raw.p);
	free(b.p);
}

/* Build the good file, break it with @fix, and read it back; returns the error. */
static int broken(struct result *r, void (*fix)(struct buf *, struct layout *))
{
	struct buf b;
	struct layout l = build_file(&b, false, true);
	const char *path;
	int err;

	fix(&b, &l);
	path = write_file("bad.data", b.p, b.len);
	err = read_session(r, path, true);
	free(b.p);
	return err;
}

static void fix_hdr_size0(struct buf *b, struct layout *l)
{
	set64(b, 8, 0);
}
static void fix_hdr_size_max(struct buf *b, struct layout *l)
{
	set64(b, 8, 0xffffffffULL);
}
static void fix_attr_size0(struct buf *b, struct layout *l)
{
	set64(b, 16, 0);
}
static void fix_attr_size_max(struct buf *b, struct layout *l)
{
	set64(b, 16, 0xffffffffULL);
}
static void fix_attrs_past(struct buf *b, struct layout *l)
{
	set64(b, 24, 0x100000);
}
static void fix_rec_size0(struct buf *b, struct layout *l)
{
	set16(b, l->data + 64 + 6, 0);
}
static void fix_rec_big(struct buf *b, struct layout *l)
{
	set16(b, l->data + 64 + 6, 0xfff8);
}
static void fix_magic(struct buf *b, struct layout *l)
{
	memcpy(b->p, "ELF\0\0\0\0\0", 8);
}
static void fix_feat_off(struct buf *b, struct layout *l)
{
	set64(b, l->feat, 0x7fff0000);
}
static void fix_feat_table(struct buf *b, struct layout *l)
{
	b->len = l->feat + 8;
}
static void fix_cut(struct buf *b, struct layout *l)
{
	b->len = l->data + l->data_size - 20;
}
static void fix_data0(struct buf *b, struct layout *l)
{
	set64(b, 48, 0);
	b->len = l->feat;
}
static void fix_short_sample(struct buf *b, struct layout *l)
{
	set16(b, l->data + 64 + 6, 8 + 16); /* a sample of 2 words, then garbage */
}
static void fix_empty(struct buf *b, struct layout *l)
{
	b->len = 0;
}
static void fix_tiny(struct buf *b, struct layout *l)
{
	b->len = 12;
}
static void fix_comm_name(struct buf *b, struct layout *l)
{
	memset(b->p + l->data + 16, 'x', 48); /* comm and its trailer without a NUL */
}

static void test_malformed(void)
{
	static const struct {
		void (*fix)(struct buf *, struct layout *);
		const char *err;
	} cases[] = {
		{ fix_empty, "file is empty" },
		{ fix_tiny, "file of 12 bytes is too short for a header" },
		{ fix_magic, "not a perf.data file (bad magic)" },
		{ fix_hdr_size0, "header size at offset 0x8 is 0, expected 104" },
		{ fix_hdr_size_max, "header size at offset 0x8 is 4294967295, expected 104" },
		{ fix_attr_size0, "attr size at offset 0x10 is 0" },
		{ fix_attr_size_max, "attr size at offset 0x10 is 4294967295" },
		{ fix_attrs_past,
		  "attrs section at offset 0x100000 (size 0x120) is past the end of the file (size %#zx)" },
		{ fix_rec_size0, "record at offset %#zx has size 0" },
		{ fix_rec_big,
		  "record at offset %#zx has size 65528, past the end of the data section at %#zx" },
		{ fix_feat_off,
		  "feature 'hostname' at offset 0x7fff0000 (size 0x44) is past the end of the file (size %#zx)" },
		{ fix_feat_table,
		  "feature table entry of 'hostname' at offset %#zx is past the end of the file (size %#zx)" },
		{ fix_short_sample,
		  "sample at offset %#zx of size 24 is too short for its sample_type 0x1c7" },
		{ fix_comm_name, "COMM record at offset %#zx has an unterminated name" },
	};
	struct buf b;
	struct layout l = build_file(&b, false, true);
	struct result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[256], fmt[256];
		size_t size = b.len, at = l.data + 64;

		if (cases[i].fix == fix_feat_table) {
			size = l.feat + 8;
			at = l.feat;
		} else if (cases[i].fix == fix_comm_name) {
			at = l.data;
		}
		snprintf(fmt, sizeof(fmt), "%s/bad.data: %s", tmpdir, cases[i].err);
		if (cases[i].fix == fix_rec_big)
			snprintf(want, sizeof(want), fmt, at, l.data + l.data_size);
		else if (strstr(cases[i].err, "offset %#zx") && strstr(cases[i].err, "size %#zx"))
			snprintf(want, sizeof(want), fmt, at, size);
		else if (strstr(cases[i].err, "offset %#zx"))
			snprintf(want, sizeof(want), fmt, at);
		else
			snprintf(want, sizeof(want), fmt, size);
		check_int(broken(&r, cases[i].fix), <, 0);
		check_str(r.err, want);
		check(!strchr(r.err, '\n'));
	}
	free(b.p);

	/* killed recorders: read up to the last complete record, flagged */
	check_int(broken(&r, fix_cut), ==, 0);
	check(r.stats.truncated);
	check_int(r.nr_samples, ==, NR_SAMPLES - 1);
	check_int(broken(&r, fix_data0), ==, 0);
	check(r.stats.truncated);
	check_int(r.nr_samples, ==, NR_SAMPLES);

	check_int(read_session(&r, "/nonexistent/perf.data", true), ==, -ENOENT);
	check_str(r.err, "cannot open '/nonexistent/perf.data': No such file or directory");
	check_int(read_via_pipe(&r, "", 0, true), <, 0);
	check_str(r.err, "stdin: file is empty");
	check_int(read_via_pipe(&r, "PERFILE2\x10\0\0\0\0\0\0\0\x09\0\0\0\0\0", 18, true), ==,
		  -EINVAL);
	check_str(r.err, "stdin: stream ends inside the record header at offset 0x10");
	check_int(read_via_pipe(&r, "PERFILE2\x10\0\0\0\0\0\0\0\x44\0\0\0\0\0\0\0", 24, true), ==,
		  -EINVAL);
	check_str(r.err, "stdin: record at offset 0x10 has size 0");
}

/* Random corruption of the synthetic files: an error or success, never a crash (run under ASan). */
static void test_mutations(void)
{
	unsigned int seed = 12345, i, nr_err = 0, nr_ok = 0, bad_msg = 0;
	struct buf good[4], b;
	struct result r;

	build_file(&good[0], false, true);
	build_file(&good[1], true, true);
	build_pipe(&good[2], false);
	build_pipe(&good[3], true);
	quiet_errors = true;
	for (i = 0; i < 1000; i++) {
		struct buf *g = &good[i % 4];
		int k, n = 1 + rand_r(&seed) % 4;
		const char *path;

		b.p = malloc(g->len);
		memcpy(b.p, g->p, g->len);
		b.len = g->len;
		for (k = 0; k < n; k++) {
			size_t at = rand_r(&seed) % b.len;

			switch (rand_r(&seed) % 4) {
			case 0:
				b.p[at] = rand_r(&seed);
				break;
			case 1:
				b.p[at] = 0xff;
				break;
			case 2:
				b.p[at] = 0;
				break;
			default:
				b.len = at + 1;
				break;
			}
		}
		path = write_file("mut.data", b.p, b.len);
		if (read_session(&r, path, i & 8) < 0) {
			nr_err++;
			bad_msg += !r.err[0] || strchr(r.err, '\n') ||
				   strncmp(r.err, path, strlen(path));
		} else {
			nr_ok++;
		}
		free(b.p);
	}
	quiet_errors = false;
	tap_diag("1000 corrupted files: %u errors, %u read", nr_err, nr_ok);
	check_int(nr_err + nr_ok, ==, 1000);
	check_int(bad_msg, ==, 0);
	for (i = 0; i < 4; i++)
		free(good[i].p);
}

/* --- files perf records ----------------------------------------------------------------- */

static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Delivery order as "time kind" lines, to compare with perf script's. */
struct dump {
	struct kp_tool tool;
	FILE *f;
};

static int dump_sample(struct kp_tool *tool, const union perf_event *event,
		       const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct dump *d = (struct dump *)tool;

	fprintf(d->f, "%llu.%09llu S\n", (unsigned long long)sample->time / 1000000000,
		(unsigned long long)sample->time % 1000000000);
	return 0;
}

static int dump_side(struct kp_tool *tool, const union perf_event *event,
		     const struct kp_sample *sample, struct kp_evsel *evsel)
{
	static const char *const kinds[] = {
		[PERF_RECORD_MMAP] = "MMAP",   [PERF_RECORD_COMM] = "COMM",
		[PERF_RECORD_FORK] = "FORK",   [PERF_RECORD_EXIT] = "EXIT",
		[PERF_RECORD_MMAP2] = "MMAP2",
	};
	struct dump *d = (struct dump *)tool;
	uint32_t type = event->header.type;

	if (type < sizeof(kinds) / sizeof(kinds[0]) && kinds[type])
		fprintf(d->f, "%llu.%09llu %s\n", (unsigned long long)sample->time / 1000000000,
			(unsigned long long)sample->time % 1000000000, kinds[type]);
	return 0;
}

/* Our delivery order equals perf script's (which uses perf's ordered events). */
static void check_same_order(const char *path, const char *how)
{
	char mine[300], theirs[300];
	struct kp_session *s;
	struct dump d = {
		.tool = { .sample = dump_sample, .side_band = dump_side, .ordered = true }
	};
	int err;

	snprintf(mine, sizeof(mine), "%s/order.kprof", tmpdir);
	snprintf(theirs, sizeof(theirs), "%s/order.perf", tmpdir);
	d.f = fopen(mine, "w");
	err = kp_session__open(&s, path, &d.tool);
	if (!err)
		err = kp_session__process(s);
	if (err)
		tap_diag("error: %s", kp_session__strerror(s));
	kp_session__delete(s);
	fclose(d.f);
	check_int(err, ==, 0);
	run("perf script -i %s -F tid,time,ip --ns --show-task-events --show-mmap-events 2>/dev/null |"
	    " awk '{t=$2; sub(\":$\",\"\",t); k=\"S\"; if ($3 ~ /^PERF_RECORD_/) {k=$3;"
	    " sub(\"PERF_RECORD_\",\"\",k); sub(\":.*\",\"\",k); sub(\"[(].*\",\"\",k)} print t, k}' > %s",
	    path, theirs);
	tap_diag("%s: delivery order", how);
	if (!check_int(run("cmp -s %s %s", mine, theirs), ==, 0))
		run("diff %s %s | head -20 | sed 's/^/# /'", mine, theirs);
}

/* Per-event sample counts and period sums, as perf script sees them. */
struct sums {
	struct kp_tool tool;
	uint64_t n[2], period[2];
};

static int sum_sample(struct kp_tool *tool, const union perf_event *event,
		      const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct sums *t = (struct sums *)tool;

	if (evsel->idx < 2) {
		t->n[evsel->idx]++;
		t->period[evsel->idx] += sample->period;
	}
	return 0;
}

/* A group read on sample ({a,b}:S) is split per member with period deltas, as perf does. */
static void test_perf_group(const char *target)
{
	char path[256], line[512];
	struct sums t = { .tool = { .sample = sum_sample, .ordered = true } };
	uint64_t want_n[2] = { 0 }, want_p[2] = { 0 };
	struct kp_session *s;
	FILE *p;
	int err;

	snprintf(path, sizeof(path), "%s/perf.data", tmpdir);
	/* sampling reads disable inherit: a single-threaded target */
	if (run("perf record -q -e '{cpu-clock,task-clock}:S' -c 100000 -o %s -- %s/spin 60 >/dev/null 2>&1",
		path, target))
		return tap_skip("perf record of a group failed");
	snprintf(line, sizeof(line), "perf script -i %s -F event,period 2>/dev/null", path);
	p = popen(line, "r");
	while (p && fgets(line, sizeof(line), p)) {
		unsigned long long v;
		char ev[64];

		if (sscanf(line, "%llu %63s", &v, ev) != 2)
			continue;
		want_n[!strcmp(ev, "task-clock:")]++;
		want_p[!strcmp(ev, "task-clock:")] += v;
	}
	if (p)
		pclose(p);
	err = kp_session__open(&s, path, &t.tool);
	if (!err)
		err = kp_session__process(s);
	if (!err && check_int(kp_session__nr_evsels(s), ==, 2)) {
		struct kp_evsel *a = kp_session__evsel(s, 0), *b = kp_session__evsel(s, 1);

		/* GROUP_DESC: one anonymous group led by cpu-clock */
		check(a->leader == a);
		check(b->leader == a);
		check_int(a->nr_members, ==, 2);
		check(a->group_name == NULL);
		check_int(kp_session__env(s)->nr_groups, ==, 1);
	}
	kp_session__delete(s);
	check_int(err, ==, 0);
	check_int(want_n[0], >, 100);
	check_uint(t.n[0], ==, want_n[0]);
	check_uint(t.n[1], ==, want_n[1]);
	check_uint(t.period[0], ==, want_p[0]);
	check_uint(t.period[1], ==, want_p[1]);
}

/* Files perf records (file, pipe, -z with two events): same samples, same order as perf script. */
static void test_perf(void)
{
	static const struct {
		const char *name, *opts, *out;
	} runs[] = {
		{ "perf record", "-e cpu-clock", "-o %s/perf.data" },
		{ "perf record -o -", "-e cpu-clock", "-o - > %s/perf.data" },
		{ "perf record -z, two events", "-z -e cpu-clock,task-clock", "-o %s/perf.data" },
		{ "perf record -z -o -", "-z -e cpu-clock", "-o - > %s/perf.data" },
		{ "perf record --threads (a directory)", "--threads -e cpu-clock",
		  "-o %s/perf.dir" },
		{ "kprof record", "-e cpu-clock", "-o %s/perf.data" },
		{ "kprof record -o -", "-e cpu-clock", "-o - > %s/perf.data" },
	};
	const char *build = getenv("KPROF_BUILD");
	char path[256], out[300], targets[256], order[300], kprof[300];
	struct result r;
	size_t i;

	if (run("command -v perf >/dev/null 2>&1"))
		return tap_skip("perf is not installed");
	snprintf(targets, sizeof(targets), "%s/tests/targets", build ? build : "build");
	snprintf(kprof, sizeof(kprof), "%s/kprof", build ? build : "build");
	snprintf(path, sizeof(path), "%s/perf.data", tmpdir);
	snprintf(order, sizeof(order), "%s/order.perf", tmpdir);
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct buf b = { 0 };
		char chunk[65536];
		long want = 0;
		size_t n;
		FILE *f;

		snprintf(out, sizeof(out), runs[i].out, tmpdir);
		snprintf(path, sizeof(path), "%s/%s", tmpdir,
			 strstr(out, "perf.dir") ? "perf.dir" : "perf.data");
		if (run("%s record -q %s -c 100000 %s -- %s/threads 2 50 2>/dev/null",
			strncmp(runs[i].name, "kprof", 5) ? "perf" : kprof, runs[i].opts, out,
			targets)) {
			tap_skip("perf record failed");
			continue;
		}
		check_same_order(path, runs[i].name);
		f = fopen(order, "r");
		while (f && fgets(chunk, sizeof(chunk), f))
			want += strstr(chunk, " S\n") != NULL;
		if (f)
			fclose(f);
		tap_diag("%s: perf script sees %ld samples", runs[i].name, want);
		check_int(read_session(&r, path, true), ==, 0);
		check_int(r.nr_samples, ==, want);
		check_int(r.nr_samples, >, 200);
		check_str(r.names[0], "cpu-clock");
		check(r.host[0]);
		check_int(r.stats.nr_unordered, ==, 0);
		if (strstr(path, "perf.dir"))
			continue; /* a directory does not go through a pipe */
		/* and the same bytes through a pipe */
		f = fopen(path, "r");
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			put(&b, chunk, n);
		fclose(f);
		check_int(read_via_pipe(&r, b.p, b.len, true), ==, 0);
		check_int(r.nr_samples, ==, want);
		free(b.p);
	}
	test_perf_group(targets);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	test_file(false);
	test_file(true);
	test_pipe(false);
	test_pipe(true);
	test_compressed();
	test_malformed();
	test_mutations();
	test_perf();
	run("rm -rf %s", tmpdir);
	return test_done();
}
