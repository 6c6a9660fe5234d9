// SPDX-License-Identifier: GPL-2.0
/*
 * Feature payloads byte by byte, kp_env__collect() against the system, and
 * against perf itself: the machine lines of `perf report --header-only` must be
 * the same for a file perf recorded and one kprof wrote with a collected env.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/utsname.h>

#include "lib/feature-write.h"
#include "lib/header.h"
#include "tests/unit/tap.h"
#include "tests/unit/writer-fixture.h"

static uint32_t u32_at(const char *d, size_t off)
{
	uint32_t v;

	memcpy(&v, d + off, sizeof(v));
	return v;
}

static uint64_t u64_at(const char *d, size_t off)
{
	uint64_t v;

	memcpy(&v, d + off, sizeof(v));
	return v;
}

static void test_strings(void)
{
	struct kp_fbuf b = { 0 };
	char str63[64], str64[65];

	kp_fbuf__add_string(&b, "abc");
	check_int(b.len, ==, 4 + 64);
	check_uint(u32_at(b.data, 0), ==, 64);		/* length includes NUL and padding */
	check_str(b.data + 4, "abc");
	check_int(b.data[4 + 63], ==, 0);
	kp_fbuf__exit(&b);

	memset(str63, 'x', 63);
	str63[63] = '\0';
	kp_fbuf__add_string(&b, str63);
	check_uint(u32_at(b.data, 0), ==, 64);
	memset(str64, 'y', 64);
	str64[64] = '\0';
	kp_fbuf__add_string(&b, str64);
	check_uint(u32_at(b.data, 68), ==, 128);
	check_int(b.len, ==, 68 + 132);
	check_int(b.err, ==, 0);
	kp_fbuf__exit(&b);

	kp_fbuf__add_string(&b, "");
	check_uint(u32_at(b.data, 0), ==, 64);
	kp_fbuf__exit(&b);
}

static void test_payloads(void)
{
	struct kp_env env;
	struct kp_fbuf b = { 0 };
	struct kp_feat_evsel ev[2];
	uint64_t ids0[] = { 7, 8 }, ids1[] = { 9 };
	struct kp_build_id bid = { .pid = -1, .misc = PERF_RECORD_MISC_KERNEL, .size = 20,
				   .filename = (char *)"[kernel.kallsyms]" };
	size_t off;

	fx_env(&env);
	check_int(kp_feat__write(&b, KP_FEAT_NRCPUS, &env, NULL, 0), ==, 0);
	check_int(b.len, ==, 8);
	check_uint(u32_at(b.data, 0), ==, 4);		/* avail first, then online */
	check_uint(u32_at(b.data, 4), ==, 3);
	kp_fbuf__exit(&b);

	check_int(kp_feat__write(&b, KP_FEAT_TOTAL_MEM, &env, NULL, 0), ==, 0);
	check_int(b.len, ==, 8);
	check_uint(u64_at(b.data, 0), ==, 16384000);
	kp_fbuf__exit(&b);

	check_int(kp_feat__write(&b, KP_FEAT_SAMPLE_TIME, &env, NULL, 0), ==, 0);
	check_int(b.len, ==, 16);
	check_uint(u64_at(b.data, 0), ==, env.first_sample_time);
	check_uint(u64_at(b.data, 8), ==, env.last_sample_time);
	kp_fbuf__exit(&b);

	check_int(kp_feat__write(&b, KP_FEAT_CLOCKID, &env, NULL, 0), ==, 0);
	check_int(b.len, ==, 8);
	kp_fbuf__exit(&b);

	/* the command line, one string per word as perf stores argv */
	env.cmdline = (char *)"/usr/bin/kprof  record -o x";
	check_int(kp_feat__write(&b, KP_FEAT_CMDLINE, &env, NULL, 0), ==, 0);
	check_uint(u32_at(b.data, 0), ==, 4);
	check_str(b.data + 8, "/usr/bin/kprof");
	check_str(b.data + 4 + 68 + 4, "record");
	check_str(b.data + 4 + 3 * 68 + 4, "x");
	check_int(b.len, ==, 4 + 4 * 68);
	kp_fbuf__exit(&b);

	check_int(kp_feat__write(&b, KP_FEAT_PMU_MAPPINGS, &env, NULL, 0), ==, 0);
	check_uint(u32_at(b.data, 0), ==, 2);
	check_uint(u32_at(b.data, 4), ==, 1);
	check_str(b.data + 12, "software");
	check_uint(u32_at(b.data, 4 + 72), ==, 2);
	check_str(b.data + 4 + 72 + 8, "tracepoint");
	check_int(b.len, ==, 4 + 2 * 72);
	kp_fbuf__exit(&b);

	/* EVENT_DESC: nr, attr size, then attr, nr ids, name, ids for each */
	memset(ev, 0, sizeof(ev));
	fx_attr(&ev[0].attr, PERF_COUNT_SW_CPU_CLOCK);
	ev[0].attr.size = 128;
	ev[0].name = (char *)"cpu-clock";
	ev[0].ids = ids0;
	ev[0].nr_ids = 2;
	fx_attr(&ev[1].attr, PERF_COUNT_SW_TASK_CLOCK);
	ev[1].name = (char *)"task-clock";
	ev[1].ids = ids1;
	ev[1].nr_ids = 1;
	check_int(kp_feat__write(&b, KP_FEAT_EVENT_DESC, &env, ev, 2), ==, 0);
	check_uint(u32_at(b.data, 0), ==, 2);
	check_uint(u32_at(b.data, 4), ==, 128);
	check(!memcmp(b.data + 8, &ev[0].attr, 128));
	off = 8 + 128;
	check_uint(u32_at(b.data, off), ==, 2);
	check_uint(u32_at(b.data, off + 4), ==, 64);
	check_str(b.data + off + 8, "cpu-clock");
	off += 8 + 64;
	check_uint(u64_at(b.data, off), ==, 7);
	check_uint(u64_at(b.data, off + 8), ==, 8);
	off += 16;
	check_uint(u64_at(b.data, off + 8), ==, PERF_COUNT_SW_TASK_CLOCK);
	off += 128;
	check_uint(u32_at(b.data, off), ==, 1);
	check_str(b.data + off + 8, "task-clock");
	check_uint(u64_at(b.data, off + 8 + 64), ==, 9);
	check_int(b.len, ==, off + 8 + 64 + 8);
	kp_fbuf__exit(&b);

	/* a build-id table entry: perf_record_header_build_id + padded name */
	for (int i = 0; i < 20; i++)
		bid.id[i] = (uint8_t)i;
	kp_feat__add_build_id(&b, &bid, 0);
	check_int(b.len, ==, 36 + 64);
	check_uint(u32_at(b.data, 0), ==, 0);				/* type */
	check_uint(u32_at(b.data, 4) & 0xffff, ==,
		   PERF_RECORD_MISC_KERNEL | PERF_RECORD_MISC_BUILD_ID_SIZE);
	check_uint(u32_at(b.data, 4) >> 16, ==, 100);			/* size */
	check_int((int32_t)u32_at(b.data, 8), ==, -1);			/* pid */
	check_int(b.data[12 + 19], ==, 19);
	check_int(b.data[12 + 20], ==, 20);				/* id size */
	check_str(b.data + 36, "[kernel.kallsyms]");
	kp_fbuf__exit(&b);

	/* COMPRESSED: five u32 as perf_env keeps them */
	check(!kp_feat__has(KP_FEAT_COMPRESSED, &env, 1, false));
	env.compressed = 1;
	env.comp_level = 3;
	env.comp_ratio = 7;
	check(kp_feat__has(KP_FEAT_COMPRESSED, &env, 1, false));
	check_int(kp_feat__write(&b, KP_FEAT_COMPRESSED, &env, NULL, 0), ==, 0);
	check_int(b.len, ==, 20);
	check_uint(u32_at(b.data, 0), ==, 0);
	check_uint(u32_at(b.data, 4), ==, 1);
	check_uint(u32_at(b.data, 8), ==, 3);
	check_uint(u32_at(b.data, 12), ==, 7);
	check_uint(u32_at(b.data, 16), ==, KP_COMP_MMAP_LEN);
	kp_fbuf__exit(&b);
	env.compressed = 0;

	check_int(kp_feat__write(&b, KP_FEAT_CPU_TOPOLOGY, &env, NULL, 0), ==, -EINVAL);
	kp_fbuf__exit(&b);

	/* what goes where: no build-id table or tracing data in pipe features */
	check(kp_feat__has(KP_FEAT_BUILD_ID, &env, 1, false) == (env.nr_build_ids > 0));
	check(!kp_feat__has(KP_FEAT_BUILD_ID, &env, 1, true));
	env.tracing_data = (void *)"x";
	env.tracing_data_size = 1;
	check(kp_feat__has(KP_FEAT_TRACING_DATA, &env, 1, false));
	check(!kp_feat__has(KP_FEAT_TRACING_DATA, &env, 1, true));
	check(kp_feat__has(KP_FEAT_EVENT_DESC, &env, 1, true));
	check(!kp_feat__has(KP_FEAT_EVENT_DESC, &env, 0, true));
	env.has_sample_time = 0;
	check(!kp_feat__has(KP_FEAT_SAMPLE_TIME, &env, 1, false));
}

static char *first_line(const char *text, const char *prefix)
{
	static char buf[1024];
	const char *p = strstr(text, prefix);
	size_t n;

	if (!p)
		return NULL;
	n = strcspn(p, "\n");
	snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
	return buf;
}

static void test_collect(struct kp_env *env)
{
	const char *argv[] = { "kprof", "record", "-o", "x.data", "--", "true", NULL };
	char exe[4096], want[4200];
	struct utsname uts;
	ssize_t n;
	bool sw = false;

	check_int(kp_env__collect(env, 6, argv), ==, 0);
	check_int(uname(&uts), ==, 0);
	check_str(env->hostname, uts.nodename);
	check_str(env->os_release, uts.release);
	check_str(env->arch, uts.machine);
	check_str(env->version, "kprof " KPROF_VERSION);
	check_int(env->nr_cpus_online, ==, sysconf(_SC_NPROCESSORS_ONLN));
	check_int(env->nr_cpus_avail, >=, env->nr_cpus_online);
	check_int(env->total_mem, >, 0);
	check_int(env->clockid_res_ns, >, 0);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%s record -o x.data -- true", exe);
	check_str(env->cmdline, want);
	for (uint32_t i = 0; i < env->nr_pmus; i++)
		if (!strcmp(env->pmus[i].name, "software") && env->pmus[i].type == PERF_TYPE_SOFTWARE)
			sw = true;
	check(sw);
#if defined(__x86_64__) || defined(__i386__)
	check(env->cpuid && strchr(env->cpuid, ','));
#endif
}

static void test_add_build_id(void)
{
	struct kp_env env;
	uint8_t id[20];

	memset(&env, 0, sizeof(env));
	for (int i = 0; i < 20; i++)
		id[i] = (uint8_t)(i * 3);
	check_int(kp_env__add_build_id(&env, "/usr/bin/true", -1, PERF_RECORD_MISC_USER, id, 20),
		  ==, 0);
	check_int(kp_env__add_build_id(&env, "[kernel.kallsyms]", -1, PERF_RECORD_MISC_KERNEL, id,
				       16), ==, 0);
	check_int(kp_env__add_build_id(&env, "x", -1, 0, id, 21), ==, -EINVAL);
	check_int(kp_env__add_build_id(&env, NULL, -1, 0, id, 20), ==, -EINVAL);
	check_int(env.nr_build_ids, ==, 2);
	check_str(env.build_ids[0].filename, "/usr/bin/true");
	check_int(env.build_ids[0].pid, ==, -1);
	check_int(env.build_ids[0].size, ==, 20);
	check_int(env.build_ids[0].id[19], ==, 57);
	check_str(env.build_ids[1].filename, "[kernel.kallsyms]");
	check_int(env.build_ids[1].misc, ==, PERF_RECORD_MISC_KERNEL);
	check_int(env.build_ids[1].size, ==, 16);
	kp_env__exit(&env);
}

/* The machine lines perf prints for perf's own file and for kprof's must be equal. */
static void test_same_as_perf(struct kp_env *env)
{
	static const char *const lines[] = {
		"# hostname :", "# os release :", "# arch :", "# nrcpus online :",
		"# nrcpus avail :", "# cpudesc :", "# cpuid :", "# total memory :",
		"# pmu mappings:",
	};
	char dir[] = "/tmp/kp-t-feature-XXXXXX", cmd[1024], pf[256], kf[256];
	char *pout, *perr, *kout, *kerr;
	struct kp_writer *w;
	int rc;

	if (!fx_have_perf() || !mkdtemp(dir)) {
		tap_skip("perf not installed");
		return;
	}
	snprintf(pf, sizeof(pf), "%s/perf.data", dir);
	snprintf(kf, sizeof(kf), "%s/kprof.data", dir);
	snprintf(cmd, sizeof(cmd), "perf record -q -o %s -e cpu-clock -- true", pf);
	rc = fx_run(cmd, &pout, &perr);
	free(pout);
	free(perr);
	if (rc) {
		tap_skip("perf record cannot run here");
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s", pf);
	check_int(fx_run(cmd, &pout, &perr), ==, 0);

	check_int(kp_writer__open(&w, kf), ==, 0);
	check_int(fx_add_evsels(w), ==, 0);
	check_int(kp_writer__start(w, env), ==, 0);
	check_int(fx_write_records(w), >, 0);
	check_int(kp_writer__finish(w, env), ==, 0);
	kp_writer__delete(w);
	snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s", kf);
	check_int(fx_run(cmd, &kout, &kerr), ==, 0);
	check_str(kerr, "");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char *p = first_line(pout, lines[i]), pl[1024];

		snprintf(pl, sizeof(pl), "%s", p ? p : "(none)");
		check_str(first_line(kout, lines[i]), pl);
	}
	check(strstr(kout, "# perf version : kprof " KPROF_VERSION "\n"));
	free(pout);
	free(perr);
	free(kout);
	free(kerr);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("cannot remove %s", dir);
}

int main(void)
{
	struct kp_env env;

	memset(&env, 0, sizeof(env));
	setenv("PERF_PAGER", "cat", 1);
	test_strings();
	test_payloads();
	test_collect(&env);
	test_add_build_id();
	test_same_as_perf(&env);
	kp_env__exit(&env);
	return test_done();
}
