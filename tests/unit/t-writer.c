// SPDX-License-Identifier: GPL-2.0
/*
 * kp_writer in file and pipe mode: the bytes at known offsets, and what the
 * peer (perf 6.1) reads back: the same records, the same features, no warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <zstd.h>

#include "lib/header.h"
#include "tests/unit/tap.h"
#include "tests/unit/writer-fixture.h"

#define NR_SAMPLES (FX_NR_SAMPLES_A + FX_NR_SAMPLES_B)

/* The features the fixture's env has, as a bitmap word. */
static uint64_t fx_features(const struct kp_env *env)
{
	uint64_t m = 0;
	int f[] = { KP_FEAT_HOSTNAME, KP_FEAT_OSRELEASE, KP_FEAT_VERSION, KP_FEAT_ARCH,
		    KP_FEAT_NRCPUS, KP_FEAT_CPUDESC, KP_FEAT_CPUID, KP_FEAT_TOTAL_MEM,
		    KP_FEAT_CMDLINE, KP_FEAT_EVENT_DESC, KP_FEAT_PMU_MAPPINGS,
		    KP_FEAT_SAMPLE_TIME, KP_FEAT_CLOCKID };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		m |= 1ULL << f[i];
	if (env->nr_build_ids)
		m |= 1ULL << KP_FEAT_BUILD_ID;
	return m;
}

/* "NAME events:   N" from the "Aggregated stats" block of perf report -D / --stats. */
static long perf_stat(const char *out, const char *name)
{
	const char *p = strstr(out, "Aggregated stats:");
	char key[64];

	if (!p)
		return -1;
	snprintf(key, sizeof(key), " %s events:", name);
	p = strstr(p, key);
	return p ? strtol(p + strlen(key), NULL, 10) : 0;
}

/*
 * perf buildid-list lists every build id of a file, but of a pipe only those
 * of DSOs with samples (the kernel has none here).
 */
static void check_perf_reads(const char *p, const struct kp_env *env, bool pipe)
{
	char *out, *err, line[512], hex[KP_BUILD_ID_HEX_SIZE];
	int rc;

	snprintf(line, sizeof(line), "perf report --header-only -i %s", p);
	rc = fx_run(line, &out, &err);
	check_int(rc, ==, 0);
	check_str(err, "");
	check(strstr(out, "# hostname : fxhost\n"));
	check(strstr(out, "# os release : 6.1.0-fx\n"));
	check(strstr(out, "# perf version : kprof 0.1.0\n"));
	check(strstr(out, "# arch : x86_64\n"));
	check(strstr(out, "# nrcpus online : 3\n# nrcpus avail : 4\n"));
	check(strstr(out, "# cpudesc : Fake CPU 3000\n"));
	check(strstr(out, "# cpuid : GenuineIntel,6,85,4\n"));
	check(strstr(out, "# total memory : 16384000 kB\n"));
	check(strstr(out, "# cmdline : /usr/bin/kprof record -o fx.data -- fakeproc \n"));
	check(strstr(out, "# event : name = cpu-clock, , id = { 101, 102 }, type = 1, size = 128,"));
	check(strstr(out, "# event : name = task-clock, , id = { 201, 202 }, type = 1, size = 128, "
			  "config = 0x1,"));
	check(strstr(out, "# pmu mappings: software = 1, tracepoint = 2\n"));
	check(strstr(out, "# time of first sample : 1.001000\n"));
	check(strstr(out, "# time of last sample : 1.010000\n"));
	check(strstr(out, "# clockid frequency: 1000 MHz\n"));
	if (!strstr(out, "# hostname"))
		tap_diag("%s", out);
	free(out);
	free(err);

	snprintf(line, sizeof(line), "perf script -i %s", p);
	rc = fx_run(line, &out, &err);
	check_int(rc, ==, 0);
	check_str(err, "");
	check_int(fx_count(out, "\n"), ==, NR_SAMPLES);
	check_int(fx_count(out, " fakeproc  4243 "), ==, NR_SAMPLES);
	check_int(fx_count(out, " cpu-clock: "), ==, FX_NR_SAMPLES_A);
	check_int(fx_count(out, " task-clock: "), ==, FX_NR_SAMPLES_B);
	check_int(fx_count(out, "(/usr/bin/true)"), ==, NR_SAMPLES);
	free(out);
	free(err);

	snprintf(line, sizeof(line), "perf report -D -i %s", p);
	rc = fx_run(line, &out, &err);
	check_int(rc, ==, 0);
	check_str(err, "");
	check_int(perf_stat(out, "SAMPLE"), ==, NR_SAMPLES);
	check_int(perf_stat(out, "COMM"), ==, 1);
	check_int(perf_stat(out, "MMAP"), ==, 1);
	check_int(perf_stat(out, "MMAP2"), ==, 1);
	check_int(perf_stat(out, "LOST"), ==, 0);
	if (pipe) {
		int nr_feat = __builtin_popcountll(fx_features(env)) - !!env->nr_build_ids;

		check_int(perf_stat(out, "ATTR"), ==, 2);
		check_int(perf_stat(out, "FEATURE"), ==, nr_feat + 1);	/* + the LAST mark */
		check_int(perf_stat(out, "EVENT_UPDATE"), ==, 2);
		check_int(perf_stat(out, "BUILD_ID"), ==, (long)env->nr_build_ids);
		check_int(perf_stat(out, "TOTAL"), ==,
			  NR_SAMPLES + 3 + 2 + nr_feat + 1 + 2 + (long)env->nr_build_ids);
	} else {
		check_int(perf_stat(out, "TOTAL"), ==, NR_SAMPLES + 3);
	}
	free(out);
	free(err);

	snprintf(line, sizeof(line), "perf report --stdio -i %s", p);
	rc = fx_run(line, &out, &err);
	check_int(rc, ==, 0);
	check_str(err, "");
	check(strstr(out, "# Samples: 6  of event 'cpu-clock'"));
	check(strstr(out, "# Samples: 4  of event 'task-clock'"));
	free(out);
	free(err);

	snprintf(line, sizeof(line), "perf buildid-list -i %s", p);
	rc = fx_run(line, &out, &err);
	check_int(rc, ==, 0);
	check_str(err, "");
	for (uint32_t i = 0; i < env->nr_build_ids; i++) {
		char want[256];

		if (pipe && strcmp(env->build_ids[i].filename, FX_DSO))
			continue;
		kp_build_id__hex(env->build_ids[i].id, env->build_ids[i].size, hex);
		snprintf(want, sizeof(want), "%s %s", hex, env->build_ids[i].filename);
		if (!check(strstr(out, want)))
			tap_diag("want '%s' in:\n%s", want, out);
	}
	free(out);
	free(err);
}

static void test_file_mode(bool have_perf)
{
	struct kp_env env;
	const char *p = fx_path("f.data");
	size_t size, feat_off, nr_feat, off;
	uint64_t data_size, data_off, attrs_off;
	char *d, *old;
	long n;
	int fd;

	fx_env(&env);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check_int(write(fd, "old", 3), ==, 3);
	close(fd);

	n = fx_write(p, false, true, &env);
	check_int(n, >, 0);

	/* the existing output was kept as PATH.old, as perf does */
	old = fx_slurp(fx_path("f.data.old"), &size);
	check(old && size == 3 && !memcmp(old, "old", 3));
	free(old);

	d = fx_slurp(p, &size);
	if (!check(d && size > 104))
		return;
	check(!memcmp(d, "PERFILE2", 8));
	check_uint(fx_u64_at(d, 8), ==, 104);		/* header size */
	check_uint(fx_u64_at(d, 16), ==, 144);		/* attr_size: attr (128) + ids section */
	attrs_off = fx_u64_at(d, 24);
	check_uint(attrs_off, ==, 104 + 4 * 8);		/* after the ids of both events */
	check_uint(fx_u64_at(d, 32), ==, 2 * 144);
	data_off = fx_u64_at(d, 40);
	data_size = fx_u64_at(d, 48);
	check_uint(data_off, ==, attrs_off + 2 * 144);
	check_uint(data_size, ==, (uint64_t)n);
	check_uint(fx_u64_at(d, 56), ==, 0);		/* event_types */
	check_uint(fx_u64_at(d, 64), ==, 0);
	check_uint(fx_u64_at(d, 72), ==, fx_features(&env));
	check_uint(fx_u64_at(d, 80) | fx_u64_at(d, 88) | fx_u64_at(d, 96), ==, 0);

	/* attrs: attr.size as perf 6.1 writes it, then each event's ids section */
	check_uint(fx_u32_at(d, attrs_off + 0), ==, PERF_TYPE_SOFTWARE);
	check_uint(fx_u32_at(d, attrs_off + 4), ==, 128);
	check_uint(fx_u64_at(d, attrs_off + 8), ==, PERF_COUNT_SW_CPU_CLOCK);
	check_uint(fx_u64_at(d, attrs_off + 128), ==, 104);
	check_uint(fx_u64_at(d, attrs_off + 136), ==, 16);
	check_uint(fx_u64_at(d, attrs_off + 144 + 8), ==, PERF_COUNT_SW_TASK_CLOCK);
	check_uint(fx_u64_at(d, attrs_off + 144 + 128), ==, 120);
	check_uint(fx_u64_at(d, 104), ==, 101);
	check_uint(fx_u64_at(d, 112), ==, 102);
	check_uint(fx_u64_at(d, 120), ==, 201);
	check_uint(fx_u64_at(d, 128), ==, 202);

	/* first record at the data offset; the feature table right after the data */
	check_uint(fx_u32_at(d, data_off), ==, PERF_RECORD_MMAP);
	feat_off = data_off + data_size;
	nr_feat = (size_t)__builtin_popcountll(fx_features(&env));
	off = feat_off + nr_feat * 16;
	for (size_t i = 0; i < nr_feat; i++) {
		if (!check_uint(fx_u64_at(d, feat_off + 16 * i), ==, off))
			break;
		off += fx_u64_at(d, feat_off + 16 * i + 8);
	}
	check_uint(off, ==, size);
	/* the first present feature is BUILD_ID or HOSTNAME; HOSTNAME's string */
	off = fx_u64_at(d, feat_off + (env.nr_build_ids ? 16 : 0));
	check_uint(fx_u32_at(d, off), ==, 64);
	check_str(d + off + 4, "fxhost");
	free(d);

	if (have_perf)
		check_perf_reads(p, &env, false);
	else
		tap_skip("perf not installed");
}

/* Pipe mode: ATTRs, FEATUREs in order up to the LAST mark, names, records, BUILD_IDs. */
static void test_pipe_mode(bool have_perf)
{
	struct kp_env env;
	const char *p = fx_path("p.data");
	size_t size, off;
	int nr_attr = 0, nr_feat = 0, nr_names = 0, nr_samples = 0, nr_bid = 0;
	uint64_t last_feat = 0;
	bool order_ok = true, mark_seen = false, aligned = true;
	char *d;
	long n;

	fx_env(&env);
	n = fx_write(p, true, true, &env);
	check_int(n, >, 0);
	d = fx_slurp(p, &size);
	if (!check(d && size > 16))
		return;
	check(!memcmp(d, "PERFILE2", 8));
	check_uint(fx_u64_at(d, 8), ==, 16);
	/* first record: HEADER_ATTR with the 128-byte attr and 2 ids */
	check_uint(fx_u32_at(d, 16), ==, PERF_RECORD_HEADER_ATTR);
	check_uint(fx_u32_at(d, 16 + 4) >> 16, ==, 8 + 128 + 16);
	check_uint(fx_u32_at(d, 16 + 8 + 4), ==, 128);
	check_uint(fx_u64_at(d, 16 + 8 + 128), ==, 101);
	check_uint(fx_u64_at(d, 16 + 8 + 136), ==, 102);

	for (off = 16; off + 8 <= size;) {
		uint32_t type = fx_u32_at(d, off);
		uint16_t sz = (uint16_t)(fx_u32_at(d, off + 4) >> 16);

		if (!sz)
			break;
		aligned &= sz % 8 == 0;
		switch (type) {
		case PERF_RECORD_HEADER_ATTR:
			nr_attr++;
			order_ok &= !nr_feat;
			break;
		case PERF_RECORD_HEADER_FEATURE: {
			uint64_t f = fx_u64_at(d, off + 8);

			order_ok &= f > last_feat && !mark_seen;
			last_feat = f;
			if (f == KP_FEAT_LAST_KNOWN)
				mark_seen = true;
			else
				nr_feat++;
			break;
		}
		case PERF_RECORD_EVENT_UPDATE:
			order_ok &= mark_seen && !nr_samples;
			nr_names++;
			break;
		case PERF_RECORD_SAMPLE:
			nr_samples++;
			break;
		case PERF_RECORD_HEADER_BUILD_ID:
			order_ok &= nr_samples == NR_SAMPLES;
			nr_bid++;
			break;
		}
		off += sz;
	}
	check_uint(off, ==, size);
	check(order_ok);
	check(aligned);		/* every record keeps the next one 8-byte aligned */
	check(mark_seen);
	check_int(nr_attr, ==, 2);
	/* every file-mode feature except BUILD_ID, which comes as records at the end */
	check_int(nr_feat, ==, __builtin_popcountll(fx_features(&env)) - !!env.nr_build_ids);
	check_int(nr_names, ==, 2);
	check_int(nr_samples, ==, NR_SAMPLES);
	check_int(nr_bid, ==, (int)env.nr_build_ids);
	free(d);

	if (have_perf)
		check_perf_reads(p, &env, true);
	else
		tap_skip("perf not installed");
}

/* No finish (a SIGKILLed record): the header says data size 0; the records are all there. */
static void test_unfinished(bool have_perf)
{
	struct kp_env env;
	const char *p = fx_path("u.data");
	char *d, *out, *err, cmd[512];
	size_t size;
	long n;

	fx_env(&env);
	n = fx_write(p, false, false, &env);
	check_int(n, >, 0);
	d = fx_slurp(p, &size);
	if (!check(d))
		return;
	check(!memcmp(d, "PERFILE2", 8));
	check_uint(fx_u64_at(d, 48), ==, 0);			/* data size */
	check_uint(fx_u64_at(d, 72) | fx_u64_at(d, 80), ==, 0);	/* no features yet */
	check_uint(size, ==, fx_u64_at(d, 40) + (uint64_t)n);	/* every record written */
	free(d);
	if (!have_perf) {
		tap_skip("perf not installed");
		return;
	}
	/* perf 6.1 warns and then processes nothing when data size is 0 */
	snprintf(cmd, sizeof(cmd), "perf script -i %s", p);
	check_int(fx_run(cmd, &out, &err), !=, 0);
	check_str(out, "");
	check(strstr(err, "data size field is 0 which is unexpected"));
	free(out);
	free(err);
}

/* A full disk is reported, not lost. */
static void test_enospc(void)
{
	struct kp_writer *w;
	struct kp_env env;
	int err;

	fx_env(&env);
	err = kp_writer__open(&w, "/dev/full");
	if (!check_int(err, ==, 0))
		return;
	check_int(fx_add_evsels(w), ==, 0);
	check_int(kp_writer__start(w, &env), ==, -ENOSPC);	/* the header goes out at once */
	check_int(kp_writer__flush(w), ==, -ENOSPC);
	check_int(fx_write_records(w), ==, -ENOSPC);		/* the error sticks */
	check_int(kp_writer__finish(w, &env), ==, -ENOSPC);
	kp_writer__delete(w);
}

/* Misuse is refused; records larger in total than the buffer all land. */
static void test_api(bool have_perf)
{
	struct perf_event_attr a;
	struct kp_writer *w;
	struct kp_env env;
	const char *p = fx_path("big.data");
	struct fx_rec r;
	char *out, *err, cmd[512];
	long total = 0;
	int nr = 120000, i;
	struct stat st;

	fx_env(&env);
	check_int(kp_writer__open(&w, fx_path("nodir/x.data")), ==, -ENOENT);
	check_int(kp_writer__open(&w, p), ==, 0);
	check(!kp_writer__is_pipe(w));
	check_int(fx_add_evsels(w), ==, 0);
	check_int(kp_writer__write(w, "x", 1), ==, -EINVAL);	/* before start */
	check_int(kp_writer__start(w, &env), ==, 0);
	fx_attr(&a, PERF_COUNT_SW_CPU_CLOCK);
	check_int(kp_writer__add_evsel(w, &a, "late", NULL, 0), ==, -EINVAL);
	check_uint(kp_writer__bytes(w), ==, 104 + 32 + 288);
	/* header, ids and attrs are on disk before the first record */
	check_int(stat(p, &st), ==, 0);
	check_int(st.st_size, ==, 104 + 32 + 288);
	for (i = 0; i < nr; i++) {
		fx_begin(&r, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER);
		fx_u64(&r, FX_MAP_START + 0x100);
		fx_u32(&r, FX_PID);
		fx_u32(&r, FX_TID);
		fx_u64(&r, FX_T0 + (uint64_t)i);
		fx_u64(&r, fx_ids_a[i % 2]);
		fx_u64(&r, 1);
		if (fx_end(w, &r))
			break;
		total += (long)r.n;
	}
	check_int(i, ==, nr);
	/* a FINISHED_ROUND puts everything before it on disk */
	check_int(stat(p, &st), ==, 0);
	check_int(st.st_size, <, 104 + 32 + 288 + total);
	fx_begin(&r, PERF_RECORD_FINISHED_ROUND, 0);
	check_int(fx_end(w, &r), ==, 0);
	total += (long)r.n;
	check_int(stat(p, &st), ==, 0);
	check_int(st.st_size, ==, 104 + 32 + 288 + total);
	check_uint(kp_writer__bytes(w), ==, 104 + 32 + 288 + (uint64_t)total);
	check_int(kp_writer__finish(w, &env), ==, 0);
	check_int(kp_writer__finish(w, &env), ==, -EINVAL);
	kp_writer__delete(w);
	check_int(stat(p, &st), ==, 0);
	check_int(st.st_mode & 0777, ==, 0600);
	if (!have_perf) {
		tap_skip("perf not installed");
		return;
	}
	snprintf(cmd, sizeof(cmd), "perf report --stats -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check_str(err, "");
	check_int(perf_stat(out, "SAMPLE"), ==, nr);
	free(out);
	free(err);
}

/* Tracing data: a feature section in file mode, a padded record after the features in pipe mode. */
static void test_tracing_data(void)
{
	static char payload[] = "0123456789";	/* 10 bytes: the pipe record pads to 16 */
	struct kp_env env;
	size_t size, off, feat_off;
	uint64_t data_off, data_size;
	bool found = false;
	char *d;

	fx_env(&env);
	env.tracing_data = payload;
	env.tracing_data_size = 10;
	check_int(fx_write(fx_path("td-pipe.data"), true, true, &env), >, 0);
	d = fx_slurp(fx_path("td-pipe.data"), &size);
	for (off = 16; d && off + 8 <= size;) {
		uint16_t sz = (uint16_t)(fx_u32_at(d, off + 4) >> 16);

		if (fx_u32_at(d, off) == PERF_RECORD_HEADER_TRACING_DATA) {
			found = true;
			check_int(sz, ==, 16);
			check_uint(fx_u32_at(d, off + 8), ==, 16);		/* size, aligned to 8 */
			check(!memcmp(d + off + 16, payload, 10));
			check(!memcmp(d + off + 26, "\0\0\0\0\0\0", 6));
			/* the payload follows the record; the next record starts after it */
			check_uint(fx_u32_at(d, off + 32), ==, PERF_RECORD_EVENT_UPDATE);
			sz += 16;
		}
		if (!sz)
			break;
		off += sz;
	}
	check(found);
	check_uint(off, ==, size);
	free(d);

	check_int(fx_write(fx_path("td-file.data"), false, true, &env), >, 0);
	d = fx_slurp(fx_path("td-file.data"), &size);
	if (!check(d))
		return;
	check_uint(fx_u64_at(d, 72) & 3, ==, 1ULL << KP_FEAT_TRACING_DATA);
	data_off = fx_u64_at(d, 40);
	data_size = fx_u64_at(d, 48);
	feat_off = data_off + data_size;
	/* TRACING_DATA is feature 1: the first section, 10 bytes, unpadded as perf writes it */
	check_uint(fx_u64_at(d, feat_off + 8), ==, 10);
	check(!memcmp(d + fx_u64_at(d, feat_off), payload, 10));
	free(d);
}

/*
 * COMPRESSED: the fixture's records in one zstd-compressed PERF_RECORD_COMPRESSED,
 * and the feature that tells perf how to decompress it.
 */
static void test_compressed(bool have_perf)
{
	struct perf_event_header eh = { .type = PERF_RECORD_COMPRESSED };
	const char *plain = fx_path("plain.data"), *p = fx_path("z.data");
	char *d, *z, *out, *err, cmd[512];
	struct kp_writer *w;
	struct kp_env env;
	size_t size, zsize;
	long n;

	fx_env(&env);
	n = fx_write(plain, false, true, &env);
	d = fx_slurp(plain, &size);
	if (!check(n > 0 && d))
		return;
	z = malloc(ZSTD_compressBound((size_t)n));
	zsize = ZSTD_compress(z, ZSTD_compressBound((size_t)n), d + fx_u64_at(d, 40), (size_t)n, 1);
	check(!ZSTD_isError(zsize) && zsize + 8 < 65536);
	/* unpadded, as perf writes it: perf would take padding for another zstd frame */
	eh.size = (uint16_t)(sizeof(eh) + zsize);

	env.compressed = 1;
	env.comp_level = 1;
	env.comp_ratio = (uint32_t)((size_t)n / zsize);
	check_int(kp_writer__open(&w, p), ==, 0);
	check_int(fx_add_evsels(w), ==, 0);
	check_int(kp_writer__start(w, &env), ==, 0);
	check_int(kp_writer__write(w, &eh, sizeof(eh)), ==, 0);
	check_int(kp_writer__write(w, z, zsize), ==, 0);
	check_int(kp_writer__finish(w, &env), ==, 0);
	kp_writer__delete(w);
	free(d);
	free(z);
	d = fx_slurp(p, &size);
	check(d && fx_u64_at(d, 72) & 1ULL << KP_FEAT_COMPRESSED);
	free(d);
	if (!have_perf) {
		tap_skip("perf not installed");
		return;
	}
	snprintf(cmd, sizeof(cmd), "perf script -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check_str(err, "");
	check_int(fx_count(out, " fakeproc  4243 "), ==, NR_SAMPLES);
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check(strstr(out, "# compressed : Zstd, level = 1, ratio = "));
	free(out);
	free(err);
}

int main(void)
{
	bool have_perf = fx_have_perf();
	char cmd[300];

	if (!mkdtemp(fx_dir))
		return 1;
	setenv("PERF_PAGER", "cat", 1);
	test_file_mode(have_perf);
	test_pipe_mode(have_perf);
	test_unfinished(have_perf);
	test_enospc();
	test_api(have_perf);
	test_tracing_data();
	test_compressed(have_perf);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx_dir);
	if (system(cmd))
		return 1;
	return test_done();
}
