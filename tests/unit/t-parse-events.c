// SPDX-License-Identifier: GPL-2.0
/*
 * kp_parse_event(): every accepted spelling with its attr, every error with its
 * message; a few events also compared with the attr perf 6.1 prints for them
 * (`perf record -e X -vv`).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/parse-events.h"
#include "lib/tracefs.h"
#include "tests/unit/tap.h"

#define HW PERF_TYPE_HARDWARE
#define SW PERF_TYPE_SOFTWARE
#define TP PERF_TYPE_TRACEPOINT
#define RAW PERF_TYPE_RAW

/*
 * The exclude_* bits as letters: u=exclude_user k=exclude_kernel h=exclude_hv
 * G=exclude_guest H=exclude_host I=exclude_idle, then 'p' per precise_ip level,
 * D=pinned e=exclusive.
 */
static const char *attr_bits(const struct perf_event_attr *a, char *buf)
{
	char *p = buf;
	unsigned int i;

	if (a->exclude_user)
		*p++ = 'u';
	if (a->exclude_kernel)
		*p++ = 'k';
	if (a->exclude_hv)
		*p++ = 'h';
	if (a->exclude_guest)
		*p++ = 'G';
	if (a->exclude_host)
		*p++ = 'H';
	if (a->exclude_idle)
		*p++ = 'I';
	for (i = 0; i < a->precise_ip; i++)
		*p++ = 'p';
	if (a->pinned)
		*p++ = 'D';
	if (a->exclusive)
		*p++ = 'e';
	*p = '\0';
	return buf;
}

struct ok_case {
	const char *str;
	unsigned int type;
	unsigned long long config;
	const char *bits;	/* attr_bits() */
	const char *name;
};

static const struct ok_case ok_cases[] = {
	/* software events and aliases (perf list sw) */
	{ "cpu-clock", SW, PERF_COUNT_SW_CPU_CLOCK, "G", "cpu-clock" },
	{ "task-clock", SW, PERF_COUNT_SW_TASK_CLOCK, "G", "task-clock" },
	{ "page-faults", SW, PERF_COUNT_SW_PAGE_FAULTS, "G", "page-faults" },
	{ "faults", SW, PERF_COUNT_SW_PAGE_FAULTS, "G", "faults" },
	{ "context-switches", SW, PERF_COUNT_SW_CONTEXT_SWITCHES, "G", "context-switches" },
	{ "cs", SW, PERF_COUNT_SW_CONTEXT_SWITCHES, "G", "cs" },
	{ "cpu-migrations", SW, PERF_COUNT_SW_CPU_MIGRATIONS, "G", "cpu-migrations" },
	{ "migrations", SW, PERF_COUNT_SW_CPU_MIGRATIONS, "G", "migrations" },
	{ "minor-faults", SW, PERF_COUNT_SW_PAGE_FAULTS_MIN, "G", "minor-faults" },
	{ "major-faults", SW, PERF_COUNT_SW_PAGE_FAULTS_MAJ, "G", "major-faults" },
	{ "alignment-faults", SW, PERF_COUNT_SW_ALIGNMENT_FAULTS, "G", "alignment-faults" },
	{ "emulation-faults", SW, PERF_COUNT_SW_EMULATION_FAULTS, "G", "emulation-faults" },
	{ "dummy", SW, PERF_COUNT_SW_DUMMY, "G", "dummy" },
	{ "bpf-output", SW, PERF_COUNT_SW_BPF_OUTPUT, "G", "bpf-output" },
	{ "cgroup-switches", SW, PERF_COUNT_SW_CGROUP_SWITCHES, "G", "cgroup-switches" },
	/* hardware events: parsed even though this machine cannot open them */
	{ "cpu-cycles", HW, PERF_COUNT_HW_CPU_CYCLES, "G", "cpu-cycles" },
	{ "cycles", HW, PERF_COUNT_HW_CPU_CYCLES, "G", "cycles" },
	{ "instructions", HW, PERF_COUNT_HW_INSTRUCTIONS, "G", "instructions" },
	{ "cache-references", HW, PERF_COUNT_HW_CACHE_REFERENCES, "G", "cache-references" },
	{ "cache-misses", HW, PERF_COUNT_HW_CACHE_MISSES, "G", "cache-misses" },
	{ "branch-instructions", HW, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "G", "branch-instructions" },
	{ "branches", HW, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "G", "branches" },
	{ "branch-misses", HW, PERF_COUNT_HW_BRANCH_MISSES, "G", "branch-misses" },
	{ "bus-cycles", HW, PERF_COUNT_HW_BUS_CYCLES, "G", "bus-cycles" },
	{ "stalled-cycles-frontend", HW, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, "G",
	  "stalled-cycles-frontend" },
	{ "idle-cycles-frontend", HW, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, "G",
	  "idle-cycles-frontend" },
	{ "stalled-cycles-backend", HW, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, "G",
	  "stalled-cycles-backend" },
	{ "idle-cycles-backend", HW, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, "G",
	  "idle-cycles-backend" },
	{ "ref-cycles", HW, PERF_COUNT_HW_REF_CPU_CYCLES, "G", "ref-cycles" },
	/* hardware cache events: perf names them without their modifiers */
#define HC PERF_TYPE_HW_CACHE
	{ "L1-dcache-load-misses", HC, 0x10000, "G", "L1-dcache-load-misses" },
	{ "L1-dcache-loads", HC, 0x0, "G", "L1-dcache-loads" },
	{ "L1-dcache-stores", HC, 0x100, "G", "L1-dcache-stores" },
	{ "l1d-prefetch-miss", HC, 0x10200, "G", "l1d-prefetch-miss" },
	{ "L1-icache-load-misses", HC, 0x10001, "G", "L1-icache-load-misses" },
	{ "LLC", HC, 0x2, "G", "LLC" },
	{ "LLC-store-misses", HC, 0x10102, "G", "LLC-store-misses" },
	{ "dTLB-misses", HC, 0x10003, "G", "dTLB-misses" },
	{ "iTLB-load-misses:u", HC, 0x10004, "khG", "iTLB-load-misses" },
	{ "branch-loads", HC, 0x5, "G", "branch-loads" },
	{ "branch-load-misses", HC, 0x10005, "G", "branch-load-misses" },
	{ "node-speculative-read-misses", HC, 0x10206, "G", "node-speculative-read-misses" },
	{ "node-misses-loads", HC, 0x10006, "G", "node-misses-loads" },
	{ "L1-dcache-load-store", HC, 0x0, "G", "L1-dcache-load-store" },
	/* modifiers, as perf 6.1 sets them (perf record -e X -vv) */
	{ "cpu-clock:u", SW, 0, "khG", "cpu-clock:u" },
	{ "cpu-clock:k", SW, 0, "uh", "cpu-clock:k" },
	{ "cpu-clock:h", SW, 0, "uk", "cpu-clock:h" },
	{ "cpu-clock:uk", SW, 0, "hG", "cpu-clock:uk" },
	{ "cpu-clock:ku", SW, 0, "hG", "cpu-clock:ku" },
	{ "cpu-clock:kh", SW, 0, "u", "cpu-clock:kh" },
	{ "cpu-clock:ukh", SW, 0, "G", "cpu-clock:ukh" },
	{ "cpu-clock:p", SW, 0, "Gp", "cpu-clock:p" },
	{ "cpu-clock:pp", SW, 0, "Gpp", "cpu-clock:pp" },
	{ "cpu-clock:ppp", SW, 0, "Gppp", "cpu-clock:ppp" },
	{ "cpu-clock:up", SW, 0, "khGp", "cpu-clock:up" },
	{ "cpu-clock:kpp", SW, 0, "uhGpp", "cpu-clock:kpp" },
	{ "cpu-clock:G", SW, 0, "H", "cpu-clock:G" },
	{ "cpu-clock:H", SW, 0, "G", "cpu-clock:H" },
	{ "cpu-clock:Gu", SW, 0, "khH", "cpu-clock:Gu" },
	{ "cpu-clock:I", SW, 0, "I", "cpu-clock:I" },
	{ "cpu-clock:D", SW, 0, "D", "cpu-clock:D" },
	{ "cpu-clock:e", SW, 0, "e", "cpu-clock:e" },
	{ "cpu-clock:", SW, 0, "G", "cpu-clock:" },
	{ "cs:k", SW, PERF_COUNT_SW_CONTEXT_SWITCHES, "uh", "cs:k" },
	{ "faults:uk", SW, PERF_COUNT_SW_PAGE_FAULTS, "hG", "faults:uk" },
	{ "cycles:pp", HW, PERF_COUNT_HW_CPU_CYCLES, "Gpp", "cycles:pp" },
	/* symbolic events with (empty) terms */
	{ "cpu-clock//", SW, 0, "G", "cpu-clock//" },
	{ "cpu-clock//u", SW, 0, "khG", "cpu-clock//u" },
	{ "cpu-clock/name=x/", SW, 0, "G", "x" },
	/* raw and numeric */
	{ "r1a8", RAW, 0x1a8, "G", "r1a8" },
	{ "rA8", RAW, 0xa8, "G", "rA8" },
	{ "r0", RAW, 0, "G", "r0" },
	{ "r1a8:u", RAW, 0x1a8, "khG", "r1a8:u" },
	{ "rffffffffffffffff", RAW, ~0ULL, "G", "rffffffffffffffff" },
	{ "1:0", SW, 0, "G", "1:0" },
	{ "1:0x3:u", SW, 3, "khG", "1:0x3:u" },
	/* dynamic PMUs, with the "software" PMU that every kernel has */
	{ "software/config=0/", SW, 0, "G", "software/config=0/" },
	{ "software/config=0x2/", SW, 2, "G", "software/config=0x2/" },
	{ "software/config=3/k", SW, 3, "uh", "software/config=3/k" },
	{ "software/config=1,name=clk/", SW, 1, "G", "clk" },
	{ "software/config=1,config1=2,config2=3/", SW, 1, "G",
	  "software/config=1,config1=2,config2=3/" },
};

struct err_case {
	const char *str;
	int ret;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ "", -EINVAL, "empty event" },
	{ "L1-icache-store", -EINVAL, "invalid cache operation in 'L1-icache-store'" },
	{ "iTLB-prefetches", -EINVAL, "invalid cache operation in 'iTLB-prefetches'" },
	{ "L1-dcache-loads-misses-x", -EINVAL, "unknown event 'L1-dcache-loads-misses-x'" },
	{ "L1-dcache-lo", -EINVAL, "unknown event 'L1-dcache-lo'" },
	{ "l1-dcache", -EINVAL, "unknown event 'l1-dcache'" },
	{ "cpu-clok", -EINVAL, "unknown event 'cpu-clok'" },
	{ "s\n\tx", -EINVAL, "unknown event 's??x'" },	/* fuzz: errors stay one line */
	{ "cpu_clock", -EINVAL, "unknown event 'cpu_clock'" },
	{ "r0x1a8", -EINVAL, "unknown event 'r0x1a8'" },
	{ "r", -EINVAL, "unknown event 'r'" },
	{ "cpu-clock:uu", -EINVAL, "bad modifier 'uu' in 'cpu-clock:uu'" },
	{ "cpu-clock:pppp", -EINVAL, "bad modifier 'pppp' in 'cpu-clock:pppp'" },
	{ "cpu-clock:x", -EINVAL, "bad modifier 'x' in 'cpu-clock:x'" },
	{ "cpu-clock:u:k", -EINVAL, "unknown event 'cpu-clock:u:k'" },
	{ "cpu-clock:S", -EINVAL, "modifier 'S' is not supported in 'cpu-clock:S'" },
	{ "cpu-clock:P", -EINVAL, "modifier 'P' is not supported in 'cpu-clock:P'" },
	{ "cpu-clock/period=3/", -EINVAL, "unknown term 'period' in 'cpu-clock/period=3/'" },
	{ "cpu-clock/name/", -EINVAL, "term 'name' needs a value in 'cpu-clock/name/'" },
	{ "nosuchpmu/config=1/", -EINVAL, "unknown pmu 'nosuchpmu' in 'nosuchpmu/config=1/'" },
	{ "software/config=zz/", -EINVAL,
	  "bad value 'zz' for term 'config' in 'software/config=zz/'" },
	{ "software/config/", -EINVAL, "term 'config' needs a value in 'software/config/'" },
	{ "software/foo=1/", -EINVAL,
	  "unknown term 'foo' for pmu 'software' in 'software/foo=1/'" },
	{ "software/config=1,,/", -EINVAL, "empty term in 'software/config=1,,/'" },
	{ "software/config=1/:u", -EINVAL, "unknown event 'software/config=1/:u'" },
	{ "software/config=1", -EINVAL, "unknown event 'software/config=1'" },
	{ "software/config=1/uu", -EINVAL, "bad modifier 'uu' in 'software/config=1/uu'" },
	{ "../software/config=1/", -EINVAL, "unknown event '../software/config=1/'" },
	{ "99999999999:1", -EINVAL, "bad type in '99999999999:1'" },
};

static void test_ok(void)
{
	struct kp_event_spec spec;
	char err[256], bits[32];
	size_t i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct ok_case *c = &ok_cases[i];
		int ret = kp_parse_event(c->str, &spec, err, sizeof(err));

		if (!check_int(ret, ==, 0)) {
			tap_diag("'%s': %s", c->str, err);
			continue;
		}
		check_int(spec.attr.type, ==, c->type);
		check_uint(spec.attr.config, ==, c->config);
		check_int(spec.attr.size, ==, sizeof(spec.attr));
		check_str(attr_bits(&spec.attr, bits), c->bits);
		check_str(spec.name, c->name);
		kp_event_spec__exit(&spec);
	}
}

static void test_errors(void)
{
	struct kp_event_spec spec;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];

		check_int(kp_parse_event(c->str, &spec, err, sizeof(err)), ==, c->ret);
		check_str(err, c->msg);
		check(spec.name == NULL);
	}
	/* a NULL or tiny error buffer is fine */
	check_int(kp_parse_event("cpu-clok", &spec, NULL, 0), ==, -EINVAL);
	check_int(kp_parse_event("cpu-clok", &spec, err, 4), ==, -EINVAL);
	check_str(err, "unk");
}

static void test_tracepoints(void)
{
	char dir[256], *buf, err[256], bits[32];
	struct kp_event_spec spec;
	size_t size;

	if (kp_tracefs_dir(dir, sizeof(dir))) {
		tap_skip("tracefs not accessible");
		return;
	}
	if (kp_tracefs_read("events/sched/sched_switch/id", &buf, &size)) {
		tap_skip("no sched:sched_switch");
		return;
	}
	check_int(kp_parse_event("sched:sched_switch", &spec, err, sizeof(err)), ==, 0);
	check_int(spec.attr.type, ==, TP);
	check_uint(spec.attr.config, ==, strtoull(buf, NULL, 10));
	check_str(spec.name, "sched:sched_switch");
	check_str(attr_bits(&spec.attr, bits), "G");
	kp_event_spec__exit(&spec);

	/* modifiers apply but are not part of the name, as with perf */
	check_int(kp_parse_event("sched:sched_switch:k", &spec, err, sizeof(err)), ==, 0);
	check_uint(spec.attr.config, ==, strtoull(buf, NULL, 10));
	check_str(spec.name, "sched:sched_switch");
	check_str(attr_bits(&spec.attr, bits), "uh");
	kp_event_spec__exit(&spec);
	free(buf);

	check_int(kp_parse_event("sched:nosuch", &spec, err, sizeof(err)), ==, -ENOENT);
	check_str(err, "tracepoint 'sched:nosuch' not found");
	check_int(kp_parse_event("nosuchsys:sched_switch", &spec, err, sizeof(err)), ==, -ENOENT);
	check_str(err, "tracepoint 'nosuchsys:sched_switch' not found");
	check_int(kp_parse_event("sched:*", &spec, err, sizeof(err)), ==, -EINVAL);
	check_str(err, "unknown event 'sched:*'");
	check_int(kp_parse_event("sched:sched_switch:uu", &spec, err, sizeof(err)), ==, -EINVAL);
	check_str(err, "bad modifier 'uu' in 'sched:sched_switch:uu'");
	check(spec.name == NULL);
}

/* Every tracepoint of this kernel parses to its id, whatever its name looks like. */
static void test_all_tracepoints(void)
{
	char path[1024], ev[600], err[256], idbuf[32];
	struct dirent *sd, *ed;
	struct kp_event_spec spec;
	int n = 0, bad = 0;
	DIR *sysd, *evd;
	FILE *f;

	sysd = opendir("/sys/kernel/tracing/events");
	if (!sysd) {
		tap_skip("no tracefs");
		return;
	}
	while ((sd = readdir(sysd))) {
		if (sd->d_name[0] == '.' || sd->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s", sd->d_name);
		evd = opendir(path);
		while (evd && (ed = readdir(evd))) {
			if (ed->d_name[0] == '.' || ed->d_type != DT_DIR)
				continue;
			snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/%s/id",
				 sd->d_name, ed->d_name);
			f = fopen(path, "r");
			if (!f)
				continue;
			if (!fgets(idbuf, sizeof(idbuf), f))
				idbuf[0] = '\0';
			fclose(f);
			snprintf(ev, sizeof(ev), "%s:%s", sd->d_name, ed->d_name);
			n++;
			if (kp_parse_event(ev, &spec, err, sizeof(err)) ||
			    spec.attr.type != PERF_TYPE_TRACEPOINT ||
			    spec.attr.config != strtoull(idbuf, NULL, 10) || strcmp(spec.name, ev)) {
				if (bad++ < 5)
					tap_diag("%s: %s", ev, err);
			}
			kp_event_spec__exit(&spec);
		}
		if (evd)
			closedir(evd);
	}
	closedir(sysd);
	tap_diag("%d tracepoints", n);
	check(n > 100);
	check_int(bad, ==, 0);
}

/* Format fields and event aliases of PMUs that exist here (uprobe, msr). */
static void test_pmu_formats(void)
{
	struct kp_event_spec spec;
	char err[256];

	if (access("/sys/bus/event_source/devices/uprobe/format/retprobe", R_OK)) {
		tap_skip("no uprobe pmu");
	} else {
		check_int(kp_parse_event("uprobe/retprobe/", &spec, err, sizeof(err)), ==, 0);
		check_uint(spec.attr.config, ==, 1);
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("uprobe/retprobe=1,ref_ctr_offset=0x10/", &spec, err,
					 sizeof(err)), ==, 0);
		check_uint(spec.attr.config, ==, 0x1000000001ULL);
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("uprobe/retprobe=2/", &spec, err, sizeof(err)), ==,
			  -EINVAL);
		check_str(err, "value 0x2 too big for term 'retprobe' (config:0) in "
			       "'uprobe/retprobe=2/'");
	}
	if (access("/sys/bus/event_source/devices/msr/events/tsc", R_OK)) {
		tap_skip("no msr pmu");
	} else {
		check_int(kp_parse_event("msr/tsc/", &spec, err, sizeof(err)), ==, 0);
		check_int(spec.attr.type, >, PERF_TYPE_MAX - 1);
		check_uint(spec.attr.config, ==, 0);
		check_str(spec.name, "msr/tsc/");
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("msr/event=0x2/u", &spec, err, sizeof(err)), ==, 0);
		check_uint(spec.attr.config, ==, 2);
		check(spec.attr.exclude_kernel && !spec.attr.exclude_user);
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("msr/tsc=2/", &spec, err, sizeof(err)), ==, -EINVAL);
		check_str(err, "unknown term 'tsc' for pmu 'msr' in 'msr/tsc=2/'");
		/* an event alias alone, as perf 6.1 takes it */
		check_int(kp_parse_event("tsc", &spec, err, sizeof(err)), ==, 0);
		check_int(spec.attr.type, >, PERF_TYPE_MAX - 1);
		check_uint(spec.attr.config, ==, 0);
		check_str(spec.name, "tsc");
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("tsc:u", &spec, err, sizeof(err)), ==, 0);
		check(spec.attr.exclude_kernel && spec.attr.exclude_hv && !spec.attr.exclude_user);
		check_str(spec.name, "tsc:u");
		kp_event_spec__exit(&spec);
		check_int(kp_parse_event("tsc:uu", &spec, err, sizeof(err)), ==, -EINVAL);
		check_str(err, "bad modifier 'uu' in 'tsc:uu'");
	}
}

/* Start `perf record -e @ev -vv`; perf takes a second even for `true`, so all run at once. */
static FILE *perf_start(const char *ev)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "perf record -e '%s' -vv -o /dev/null -- true 2>&1 </dev/null", ev);
	return popen(cmd, "r");
}

/* type/config/exclude bits of the first attr perf_start()'s perf prints */
static int perf_attr(FILE *p, struct perf_event_attr *a)
{
	char line[256], key[64];
	unsigned long long v;
	int n = 0;

	memset(a, 0, sizeof(*a));
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		if (strstr(line, "perf_event_attr:")) {
			n++;
			continue;
		}
		if (n != 1 || sscanf(line, " %63s %lli", key, &v) != 2)
			continue;
		if (!strcmp(key, "type"))
			a->type = v;
		else if (!strcmp(key, "config"))
			a->config = v;
		else if (!strcmp(key, "exclude_user"))
			a->exclude_user = v;
		else if (!strcmp(key, "exclude_kernel"))
			a->exclude_kernel = v;
		else if (!strcmp(key, "exclude_hv"))
			a->exclude_hv = v;
		else if (!strcmp(key, "exclude_guest"))
			a->exclude_guest = v;
		else if (!strcmp(key, "exclude_host"))
			a->exclude_host = v;
		else if (!strcmp(key, "exclude_idle"))
			a->exclude_idle = v;
		else if (!strcmp(key, "precise_ip"))
			a->precise_ip = v;
	}
	pclose(p);
	return n ? 0 : -1;
}

static void test_against_perf(void)
{
	/* few: perf record costs ~0.1 s of CPU each */
	static const char *const evs[] = {
		"cpu-clock:u", "cpu-clock:k", "cs:uk", "cpu-clock:pp", "cpu-clock:Gu", "faults:I",
		"sched:sched_switch:k", "software/config=1/u", "iTLB-load-misses:u", "tsc:u",
	};
	FILE *perf[sizeof(evs) / sizeof(evs[0])];
	struct perf_event_attr pa;
	struct kp_event_spec spec;
	char err[256], b1[32], b2[32];
	size_t i;

	if (access("/usr/bin/perf", X_OK) || getenv("KPROF_NO_PERF")) {
		tap_skip("perf not installed");
		return;
	}
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		perf[i] = perf_start(evs[i]);
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		if (perf_attr(perf[i], &pa)) {
			tap_skip("perf record did not print an attr");
			continue;
		}
		if (!check_int(kp_parse_event(evs[i], &spec, err, sizeof(err)), ==, 0))
			continue;
		tap_diag("%s", evs[i]);
		check_int(spec.attr.type, ==, pa.type);
		check_uint(spec.attr.config, ==, pa.config);
		check_str(attr_bits(&spec.attr, b1), attr_bits(&pa, b2));
		kp_event_spec__exit(&spec);
	}
}

int main(void)
{
	test_ok();
	test_errors();
	test_tracepoints();
	test_all_tracepoints();
	test_pmu_formats();
	test_against_perf();
	return test_done();
}
