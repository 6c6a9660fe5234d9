// SPDX-License-Identifier: GPL-2.0
/*
 * kprof's KPROF_MISSES feature: the payload byte by byte, read back equal (and
 * byte-swapped), every truncation refused, another version ignored; a perf.data
 * holding it is read back by kprof's session, and by perf 6.1 without a word
 * on stderr; a pipe never carries it.
 */
#include <byteswap.h>
#include <errno.h>

#include "lib/feature-misses.h"
#include "lib/feature-write.h"
#include "lib/header.h"
#include "lib/session.h"
#include "tests/unit/tap.h"
#include "tests/unit/writer-fixture.h"

static void fill(struct kp_misses *m)
{
	memset(m, 0, sizeof(*m));
	m->lost = 7;
	m->lost_samples = 11;
	m->throttles = 3;
	check_int(kp_misses__add(m, "probe:do_nanosleep__return", 2980, true, 20,
				 KP_MISS_SRC_BPF_LINK), ==, 0);
	check_int(kp_misses__add(m, "probe_app:work_a", 777, false, 99, KP_MISS_SRC_BPF_LINK),
		  ==, 0);
	check_int(kp_misses__add(m, "kprof_1/open", 5, true, 0, KP_MISS_SRC_KPROBE_PROFILE), ==,
		  0);
}

static void check_equal(const struct kp_misses *got, const struct kp_misses *want)
{
	check_uint(got->lost, ==, want->lost);
	check_uint(got->lost_samples, ==, want->lost_samples);
	check_uint(got->throttles, ==, want->throttles);
	if (!check_int(got->nr, ==, want->nr))
		return;
	for (uint32_t i = 0; i < got->nr; i++) {
		check_str(got->probes[i].event, want->probes[i].event);
		check_uint(got->probes[i].hits, ==, want->probes[i].hits);
		check_uint(got->probes[i].missed, ==, want->probes[i].missed);
		check_int(got->probes[i].missed_known, ==, want->probes[i].missed_known);
		check_int(got->probes[i].source, ==, want->probes[i].source);
	}
}

static void test_model(void)
{
	struct kp_misses m, c = { 0 };

	fill(&m);
	/* an unknown count is no count: 0, source none, whatever was passed */
	check_int(m.probes[1].missed_known, ==, 0);
	check_uint(m.probes[1].missed, ==, 0);
	check_int(m.probes[1].source, ==, KP_MISS_SRC_NONE);
	check_str(kp_miss_source__name(KP_MISS_SRC_BPF_LINK), "bpf-link");
	check_str(kp_miss_source__name(KP_MISS_SRC_KPROBE_PROFILE), "kprobe_profile");
	check_str(kp_miss_source__name(KP_MISS_SRC_NONE), "none");
	check_int(kp_misses__copy(&c, &m), ==, 0);
	check_equal(&c, &m);
	kp_misses__exit(&c);
	kp_misses__exit(&m);
	check_int(m.nr, ==, 0);
}

static void test_payload(void)
{
	struct kp_misses m, r = { 0 };
	struct kp_fbuf b = { 0 };
	uint32_t v;
	uint64_t q;

	fill(&m);
	kp_misses__write(&m, &b);
	check_int(b.err, ==, 0);
	/* 4 + 4 + 3*8, then per probe a 64-byte padded string (+4) and 8+8+4+4 */
	check_int(b.len, ==, 32 + 3 * (4 + 64 + 24));
	memcpy(&v, b.data, 4);
	check_uint(v, ==, KP_MISSES_VERSION);
	memcpy(&v, b.data + 4, 4);
	check_uint(v, ==, 3);
	memcpy(&q, b.data + 8, 8);
	check_uint(q, ==, 7);
	memcpy(&v, b.data + 32, 4);
	check_uint(v, ==, 64);
	check_str(b.data + 36, "probe:do_nanosleep__return");
	memcpy(&q, b.data + 100, 8);
	check_uint(q, ==, 2980);
	memcpy(&q, b.data + 108, 8);
	check_uint(q, ==, 20);
	memcpy(&v, b.data + 116, 4);
	check_uint(v, ==, KP_MISS_KNOWN);
	memcpy(&v, b.data + 120, 4);
	check_uint(v, ==, KP_MISS_SRC_BPF_LINK);

	check_int(kp_misses__read(&r, b.data, b.len, false), ==, 0);
	check_equal(&r, &m);

	/* every truncation is refused and leaves nothing behind */
	int bad = 0;

	for (size_t n = 0; n < b.len; n++) {
		if (kp_misses__read(&r, b.data, n, false) != -EINVAL || r.nr || r.probes)
			bad++;
	}
	check_int(bad, ==, 0);

	/* another version: nothing, no error */
	v = 2;
	memcpy(b.data, &v, 4);
	check_int(kp_misses__read(&r, b.data, b.len, false), ==, 0);
	check_int(r.nr, ==, 0);
	kp_misses__exit(&r);
	kp_fbuf__exit(&b);
	kp_misses__exit(&m);
}

/* The payload as a machine of the other byte order writes it. */
static void test_swapped(void)
{
	struct kp_misses m, r = { 0 };
	struct kp_fbuf b = { 0 };

	fill(&m);
	kp_fbuf__add_u32(&b, bswap_32(KP_MISSES_VERSION));
	kp_fbuf__add_u32(&b, bswap_32(m.nr));
	kp_fbuf__add_u64(&b, bswap_64(m.lost));
	kp_fbuf__add_u64(&b, bswap_64(m.lost_samples));
	kp_fbuf__add_u64(&b, bswap_64(m.throttles));
	for (uint32_t i = 0; i < m.nr; i++) {
		char name[64] = { 0 };

		strncpy(name, m.probes[i].event, sizeof(name) - 1);
		kp_fbuf__add_u32(&b, bswap_32(64));
		kp_fbuf__add(&b, name, sizeof(name));
		kp_fbuf__add_u64(&b, bswap_64(m.probes[i].hits));
		kp_fbuf__add_u64(&b, bswap_64(m.probes[i].missed));
		kp_fbuf__add_u32(&b, bswap_32(m.probes[i].missed_known ? KP_MISS_KNOWN : 0));
		kp_fbuf__add_u32(&b, bswap_32(m.probes[i].source));
	}
	check_int(kp_misses__read(&r, b.data, b.len, true), ==, 0);
	check_equal(&r, &m);
	kp_misses__exit(&r);
	kp_fbuf__exit(&b);
	kp_misses__exit(&m);
}

static int null_sample(struct kp_tool *tool, const union perf_event *event,
		       const struct kp_sample *s, struct kp_evsel *evsel)
{
	return 0;
}

/* A file with the feature: kprof reads it back; perf reads the file without complaint. */
static void test_file(bool pipe)
{
	struct kp_tool tool = { .sample = null_sample, .ordered = true };
	struct kp_misses m;
	struct kp_session *s;
	struct kp_env env;
	const char *p = fx_path(pipe ? "pipe.data" : "file.data");
	char cmd[512], *out, *err;

	fill(&m);
	fx_env(&env);
	env.misses = &m;
	check_int(fx_write(p, pipe, true, &env), >, 0);
	if (!check_int(kp_session__open(&s, p, &tool), ==, 0))
		return;
	check_int(kp_session__process(s), ==, 0);
	if (pipe) {
		check(kp_session__env(s)->misses == NULL);	/* known too late for a pipe */
	} else if (check(kp_session__env(s)->misses != NULL)) {
		check_equal(kp_session__env(s)->misses, &m);
		check(kp_session__env(s)->features[KP_FEAT_KPROF_MISSES / 64] &
		      (1ULL << (KP_FEAT_KPROF_MISSES % 64)));
	}
	kp_session__delete(s);
	kp_misses__exit(&m);

	if (!fx_have_perf()) {
		tap_skip("no perf");
		return;
	}
	snprintf(cmd, sizeof(cmd), "perf report --stdio -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check(strstr(out, "# Samples: 6  of event 'cpu-clock'") != NULL);
	if (!check_str(err, ""))
		tap_diag("perf report said: %s", err);
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "perf script -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check_int(fx_count(out, "fakeproc"), ==, FX_NR_SAMPLES_A + FX_NR_SAMPLES_B);
	if (!check_str(err, ""))
		tap_diag("perf script said: %s", err);
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s", p);
	check_int(fx_run(cmd, &out, &err), ==, 0);
	check(strstr(out, "# hostname : fxhost") != NULL);
	if (!check_str(err, ""))
		tap_diag("perf report --header-only said: %s", err);
	free(out);
	free(err);
}

int main(void)
{
	if (!mkdtemp(fx_dir))
		return 1;
	test_model();
	test_payload();
	test_swapped();
	test_file(false);
	test_file(true);
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx_dir);
	if (system(cmd))
		return 1;
	return test_done();
}
