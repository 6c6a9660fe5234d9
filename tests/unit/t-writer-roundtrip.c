// SPDX-License-Identifier: GPL-2.0
/*
 * What kp_writer writes, kprof's reader (kp_session) reads back equal: the env
 * of every feature, the events with their names and ids, every record, in
 * file mode, pipe mode and from a file whose finish never ran.
 */
#include "lib/session.h"
#include "tests/unit/tap.h"
#include "tests/unit/writer-fixture.h"

#define NR_SAMPLES (FX_NR_SAMPLES_A + FX_NR_SAMPLES_B)

struct rt_tool {
	struct kp_tool tool;
	int nr_samples, per_evsel[2], nr_bad;
	int side[PERF_RECORD_MAX];
};

static int rt_sample(struct kp_tool *tool, const union perf_event *event,
		     const struct kp_sample *s, struct kp_evsel *evsel)
{
	struct rt_tool *t = (struct rt_tool *)tool;
	int i = t->nr_samples++;
	int a = i < FX_NR_SAMPLES_A;

	/* exactly what fx_write_records() wrote, in order */
	if (s->ip != FX_MAP_START + 0x100 + 0x10 * (uint64_t)i || s->pid != FX_PID ||
	    s->tid != FX_TID || s->time != FX_T0 + 1000000ULL * (uint64_t)(i + 1) ||
	    s->id != (a ? fx_ids_a[i % 2] : fx_ids_b[i % 2]) || s->period != 250000 ||
	    event->header.misc != PERF_RECORD_MISC_USER)
		t->nr_bad++;
	if (evsel && evsel->idx >= 0 && evsel->idx < 2)
		t->per_evsel[evsel->idx]++;
	return 0;
}

static int rt_side_band(struct kp_tool *tool, const union perf_event *event,
			const struct kp_sample *s, struct kp_evsel *evsel)
{
	struct rt_tool *t = (struct rt_tool *)tool;

	if (event->header.type < PERF_RECORD_MAX)
		t->side[event->header.type]++;
	return 0;
}

static void check_env_equal(const struct kp_env *got, const struct kp_env *want)
{
	check_str(got->hostname, want->hostname);
	check_str(got->os_release, want->os_release);
	check_str(got->version, want->version);
	check_str(got->arch, want->arch);
	check_str(got->cpudesc, want->cpudesc);
	check_str(got->cpuid, want->cpuid);
	check_str(got->cmdline, want->cmdline);
	check_int(got->nr_cpus_avail, ==, want->nr_cpus_avail);
	check_int(got->nr_cpus_online, ==, want->nr_cpus_online);
	check_uint(got->total_mem, ==, want->total_mem);
	check_uint(got->clockid_res_ns, ==, want->clockid_res_ns);
	check_int(got->nr_pmus, ==, want->nr_pmus);
	for (uint32_t i = 0; i < got->nr_pmus && i < want->nr_pmus; i++) {
		check_int(got->pmus[i].type, ==, want->pmus[i].type);
		check_str(got->pmus[i].name, want->pmus[i].name);
	}
}

static void check_build_ids_equal(const struct kp_env *got, const struct kp_env *want)
{
	check_int(got->nr_build_ids, ==, want->nr_build_ids);
	for (uint32_t i = 0; i < got->nr_build_ids && i < want->nr_build_ids; i++) {
		const struct kp_build_id *g = &got->build_ids[i], *w = &want->build_ids[i];

		check_int(g->pid, ==, w->pid);
		check_uint(g->misc & ~PERF_RECORD_MISC_BUILD_ID_SIZE, ==, w->misc);
		check_int(g->size, ==, w->size);
		check(!memcmp(g->id, w->id, w->size));
		check_str(g->filename, w->filename);
	}
}

static void test_roundtrip(const char *name, bool pipe, bool finish)
{
	struct rt_tool t = { .tool = { .sample = rt_sample, .side_band = rt_side_band,
				       .ordered = true } };
	const struct kp_env *got;
	struct kp_session *s;
	struct kp_env env;
	const char *p = fx_path(name);
	int err;

	fx_env(&env);
	check_int(fx_write(p, pipe, finish, &env), >, 0);
	err = kp_session__open(&s, p, &t.tool);
	if (!check_int(err, ==, 0)) {
		tap_diag("%s", kp_session__strerror(s));
		kp_session__delete(s);
		return;
	}
	err = kp_session__process(s);
	if (!check_int(err, ==, 0))
		tap_diag("%s", kp_session__strerror(s));
	check(kp_session__is_pipe(s) == pipe);

	/* the events: names, ids, attrs */
	if (check_int(kp_session__nr_evsels(s), ==, 2)) {
		struct kp_evsel *a = kp_session__evsel(s, 0), *b = kp_session__evsel(s, 1);

		check_str(a->name, "cpu-clock");
		check_str(b->name, "task-clock");
		check_int(a->nr_ids, ==, 2);
		check_int(b->nr_ids, ==, 2);
		check(a->nr_ids == 2 && a->ids[0] == 101 && a->ids[1] == 102);
		check(b->nr_ids == 2 && b->ids[0] == 201 && b->ids[1] == 202);
		check_uint(a->attr.config, ==, PERF_COUNT_SW_CPU_CLOCK);
		check_uint(b->attr.config, ==, PERF_COUNT_SW_TASK_CLOCK);
		check_uint(b->attr.sample_type, ==, FX_SAMPLE_TYPE);
		check_int(a->attr.size, ==, 128);
	}
	/* the records */
	check_int(t.nr_samples, ==, NR_SAMPLES);
	check_int(t.nr_bad, ==, 0);
	check_int(t.per_evsel[0], ==, FX_NR_SAMPLES_A);
	check_int(t.per_evsel[1], ==, FX_NR_SAMPLES_B);
	check_int(t.side[PERF_RECORD_MMAP], ==, 1);
	check_int(t.side[PERF_RECORD_COMM], ==, 1);
	check_int(t.side[PERF_RECORD_MMAP2], ==, 1);
	/* the features */
	got = kp_session__env(s);
	if (finish || pipe)
		check_env_equal(got, &env);
	if (finish) {
		check_build_ids_equal(got, &env);
		check_int(got->has_sample_time, ==, 1);
		check_uint(got->first_sample_time, ==, env.first_sample_time);
		check_uint(got->last_sample_time, ==, env.last_sample_time);
	} else {
		check_int(got->nr_build_ids, ==, 0);	/* features are written by finish */
		check_int(got->has_sample_time, ==, 0);
	}
	kp_session__delete(s);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(fx_dir))
		return 1;
	test_roundtrip("rt-file.data", false, true);
	test_roundtrip("rt-pipe.data", true, true);
	test_roundtrip("rt-unfinished.data", false, false);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx_dir);
	if (system(cmd))
		return 1;
	return test_done();
}
