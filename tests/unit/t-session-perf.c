// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader on files perf (and kprof) record: the same samples,
 * in the same order, as perf script; group reads split like perf.  Skipped
 * without perf.
 */
#include "tests/unit/session-fixture.h"

/* --- files perf records ----------------------------------------------------------------- */

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
	test_perf();
	run("rm -rf %s", tmpdir);
	return test_done();
}
