// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader on synthetic files built byte by byte here: file and
 * pipe mode, both byte orders, compressed, malformed, randomly corrupted.
 * Files perf records are in t-session-perf.c.
 */
#include "tests/unit/session-fixture.h"

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
	run("rm -rf %s", tmpdir);
	return test_done();
}
