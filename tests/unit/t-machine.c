// SPDX-License-Identifier: GPL-2.0
/*
 * The machine: thread and map lifecycles from synthetic COMM/MMAP2/FORK/EXIT
 * records, kernel symbols through a kernel MMAP, JIT maps; and, when perf
 * can record here, every sample of a recorded workload resolved to the same
 * (comm, tid, dso, symbol) as `perf script` prints.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "lib/dso.h"
#include "lib/machine.h"
#include "lib/session.h"
#include "tests/unit/tap.h"

static union {
	union perf_event ev;
	char buf[4096];
} rec;

static const union perf_event *comm_ev(int pid, int tid, const char *comm, int exec)
{
	memset(&rec, 0, sizeof(rec));
	rec.ev.header.type = PERF_RECORD_COMM;
	rec.ev.header.misc = exec ? PERF_RECORD_MISC_COMM_EXEC : 0;
	rec.ev.comm.pid = pid;
	rec.ev.comm.tid = tid;
	snprintf(rec.ev.comm.comm, sizeof(rec.ev.comm.comm), "%s", comm);
	rec.ev.header.size = sizeof(rec.ev.comm);
	return &rec.ev;
}

static const union perf_event *task_ev(int type, int pid, int tid, int ppid, int ptid)
{
	memset(&rec, 0, sizeof(rec));
	rec.ev.header.type = type;
	rec.ev.fork.pid = pid;
	rec.ev.fork.tid = tid;
	rec.ev.fork.ppid = ppid;
	rec.ev.fork.ptid = ptid;
	rec.ev.header.size = sizeof(rec.ev.fork);
	return &rec.ev;
}

static const union perf_event *mmap2_ev(int pid, uint64_t start, uint64_t len, uint64_t pgoff,
					uint32_t prot, const char *name, int kernel)
{
	memset(&rec, 0, sizeof(rec));
	rec.ev.header.type = PERF_RECORD_MMAP2;
	rec.ev.header.misc = kernel ? PERF_RECORD_MISC_KERNEL : PERF_RECORD_MISC_USER;
	rec.ev.mmap2.pid = pid;
	rec.ev.mmap2.tid = pid;
	rec.ev.mmap2.start = start;
	rec.ev.mmap2.len = len;
	rec.ev.mmap2.pgoff = pgoff;
	rec.ev.mmap2.prot = prot;
	rec.ev.mmap2.flags = MAP_PRIVATE;
	snprintf(rec.ev.mmap2.filename, 1024, "%s", name);
	rec.ev.header.size = offsetof(struct perf_record_mmap2, filename) +
			     ((strlen(name) + 8) & ~7UL);
	return &rec.ev;
}

static void resolve(struct kp_machine *m, int pid, int tid, uint64_t ip, int kernel,
		    struct kp_addr_location *al)
{
	struct kp_sample s = { .pid = pid, .tid = tid, .ip = ip, .has_tid = true };

	s.misc = kernel ? PERF_RECORD_MISC_KERNEL : PERF_RECORD_MISC_USER;
	if (kp_machine__resolve(m, &s, 0, al))
		memset(al, 0, sizeof(*al));
}

static const char *dso_of(const struct kp_addr_location *al)
{
	return al->dso ? kp_dso__short_name(al->dso) : "[unknown]";
}

static const char *sym_of(const struct kp_addr_location *al)
{
	return al->sym ? al->sym->name : "[unknown]";
}

static void test_threads(void)
{
	struct kp_machine_opts opts = { 0 };
	struct kp_addr_location al;
	struct kp_machine *m;
	const char *comm;

	check_int(kp_machine__new(&m, &opts), ==, 0);
	/* a thread first seen in a sample is ":TID" and uses its leader's maps */
	resolve(m, 100, 101, 0x400100, 0, &al);
	check_str(kp_thread__comm(al.thread), ":101");
	check_int(kp_thread__pid(al.thread), ==, 100);
	check(al.map == NULL);
	check_int(al.level, ==, '.');
	check_uint(al.map_addr, ==, 0x400100);
	comm = kp_thread__comm(al.thread);
	kp_machine__process_event(m, mmap2_ev(100, 0x400000, 0x1000, 0, PROT_EXEC, "/bin/a", 0),
				  NULL);
	resolve(m, 100, 101, 0x400100, 0, &al);
	check_str(dso_of(&al), "a");
	check_uint(al.map_addr, ==, 0x100);
	/* the first name overwrites ":101" in place (perf's comm__override) */
	kp_machine__process_event(m, comm_ev(100, 101, "worker", 0), NULL);
	check_str(comm, "worker");
	kp_machine__process_event(m, comm_ev(100, 101, "renamed", 0), NULL);
	resolve(m, 100, 101, 0x400100, 0, &al);
	check_str(kp_thread__comm(al.thread), "renamed");
	check_str(comm, "worker");

	/* exec'ed process, a thread and a child process */
	kp_machine__process_event(m, comm_ev(100, 100, "main", 1), NULL);
	kp_machine__process_event(m, task_ev(PERF_RECORD_FORK, 100, 102, 100, 100), NULL);
	kp_machine__process_event(m, task_ev(PERF_RECORD_FORK, 200, 200, 100, 100), NULL);
	resolve(m, 100, 102, 0x400100, 0, &al);
	check_str(kp_thread__comm(al.thread), "main");
	check_str(dso_of(&al), "a");
	resolve(m, 200, 200, 0x400100, 0, &al);
	check_str(kp_thread__comm(al.thread), "main");
	check_str(dso_of(&al), "a");
	/* a new map in the parent: its thread sees it, the child process does not */
	kp_machine__process_event(m, mmap2_ev(100, 0x500000, 0x1000, 0, PROT_EXEC, "/bin/b", 0),
				  NULL);
	resolve(m, 100, 102, 0x500010, 0, &al);
	check_str(dso_of(&al), "b");
	resolve(m, 200, 200, 0x500010, 0, &al);
	check(al.map == NULL);
	/* the child execs: new comm, new maps replace the copied ones */
	kp_machine__process_event(m, comm_ev(200, 200, "child", 1), NULL);
	kp_machine__process_event(m, mmap2_ev(200, 0x400000, 0x2000, 0x1000, PROT_EXEC,
					      "/bin/c", 0), NULL);
	resolve(m, 200, 200, 0x401010, 0, &al);
	check_str(kp_thread__comm(al.thread), "child");
	check_str(dso_of(&al), "c");
	check_uint(al.map_addr, ==, 0x2010);
	resolve(m, 100, 100, 0x400100, 0, &al);
	check_str(dso_of(&al), "a");
	/* EXIT keeps the thread; a FORK reusing the tid makes a new one */
	kp_machine__process_event(m, task_ev(PERF_RECORD_EXIT, 200, 200, 100, 100), NULL);
	resolve(m, 200, 200, 0x401010, 0, &al);
	check_str(kp_thread__comm(al.thread), "child");
	kp_machine__process_event(m, comm_ev(300, 300, "other", 0), NULL);
	kp_machine__process_event(m, task_ev(PERF_RECORD_FORK, 200, 200, 300, 300), NULL);
	resolve(m, 200, 200, 0x401010, 0, &al);
	check_str(kp_thread__comm(al.thread), "other");
	check(al.map == NULL);
	/* malformed records are ignored: a comm running past its record, a short FORK */
	comm_ev(300, 300, "0123456789abcdef", 0);
	memset(rec.ev.comm.comm, 'x', 64);
	rec.ev.header.size = offsetof(struct perf_record_comm, comm) + 16;
	check_int(kp_machine__process_event(m, &rec.ev, NULL), ==, 0);
	resolve(m, 300, 300, 0, 0, &al);
	check_str(kp_thread__comm(al.thread), "other");
	task_ev(PERF_RECORD_FORK, 400, 400, 300, 300);
	rec.ev.header.size = 12;
	check_int(kp_machine__process_event(m, &rec.ev, NULL), ==, 0);
	resolve(m, 400, 400, 0, 0, &al);
	check_str(kp_thread__comm(al.thread), ":400");
	/* kernel addresses without a kernel map, and guest samples */
	resolve(m, 100, 100, 0xffffffff81000000ULL, 1, &al);
	check(al.map == NULL);
	check_int(al.level, ==, 'k');
	kp_machine__delete(m);
}

static void test_overlaps(void)
{
	struct kp_machine_opts opts = { .no_symbols = true };
	struct kp_addr_location al;
	struct kp_machine *m;

	check_int(kp_machine__new(&m, &opts), ==, 0);
	kp_machine__process_event(m, mmap2_ev(1, 0x10000, 0x4000, 0x1000, PROT_EXEC, "/x/old", 0),
				  NULL);
	kp_machine__process_event(m, mmap2_ev(1, 0x11000, 0x1000, 0, PROT_EXEC, "/x/new", 0),
				  NULL);
	resolve(m, 1, 1, 0x10010, 0, &al);
	check_str(dso_of(&al), "old");
	check_uint(al.map_addr, ==, 0x1010);
	resolve(m, 1, 1, 0x11010, 0, &al);
	check_str(dso_of(&al), "new");
	check_uint(al.map_addr, ==, 0x10);
	/* the piece after keeps mapping the same file offsets */
	resolve(m, 1, 1, 0x12010, 0, &al);
	check_str(dso_of(&al), "old");
	check_uint(al.map_addr, ==, 0x3010);
	check(kp_dso__hit(al.dso));
	/* anonymous executable memory is a JIT map: perf-PID.map, addresses unchanged */
	kp_machine__process_event(m, mmap2_ev(1, 0x7f0000000000ULL, 0x1000, 0,
					      PROT_EXEC | PROT_READ, "//anon", 0), NULL);
	resolve(m, 1, 1, 0x7f0000000010ULL, 0, &al);
	check_str(dso_of(&al), "[JIT] tid 1");
	check_str(al.dso ? kp_dso__long_name(al.dso) : "", "/tmp/perf-1.map");
	check_uint(al.map_addr, ==, 0x7f0000000010ULL);
	kp_machine__delete(m);
}

static void test_kernel(void)
{
	static const char ks[] = "ffffffff81000000 T _text\n"
				 "ffffffff81000100 T kfunc_a\n"
				 "ffffffff81000200 t kfunc_b\n"
				 "ffffffff81000300 T _etext\n";
	char path[] = "/tmp/kprof-t-machine-XXXXXX";
	struct kp_machine_opts opts = { .kallsyms = path };
	struct kp_addr_location al;
	struct kp_machine *m;
	int fd = mkstemp(path);

	check(fd >= 0 && write(fd, ks, sizeof(ks) - 1) == sizeof(ks) - 1);
	close(fd);
	check_int(kp_machine__new(&m, &opts), ==, 0);
	kp_machine__process_event(m, mmap2_ev(-1, 0xffffffff81000000ULL, 0x300,
					      0xffffffff81000000ULL, PROT_EXEC,
					      "[kernel.kallsyms]_text", 1), NULL);
	resolve(m, 5, 5, 0xffffffff81000180ULL, 1, &al);
	check_str(dso_of(&al), "[kernel.kallsyms]");
	check_str(sym_of(&al), "kfunc_a");
	check(al.dso && kp_dso__is_kernel(al.dso));
	check_uint(al.map_addr, ==, 0xffffffff81000180ULL);
	check_int(al.level, ==, 'k');
	resolve(m, 5, 5, 0xffffffff81000250ULL, 1, &al);
	check_str(sym_of(&al), "kfunc_b");
	/* once a thread and its DSOs are known, resolving allocates nothing */
	{
		struct mallinfo2 before = mallinfo2(), after;
		int i;

		for (i = 0; i < 1000; i++)
			resolve(m, 5, 5, 0xffffffff81000100ULL + i % 0x200, 1, &al);
		after = mallinfo2();
		check_uint(after.uordblks, ==, before.uordblks);
		check_str(sym_of(&al), "kfunc_b");
	}
	/* once loaded, the kernel map spans its symbols: _etext gets a page */
	resolve(m, 5, 5, 0xffffffff81000400ULL, 1, &al);
	check_str(sym_of(&al), "_etext");
	resolve(m, 5, 5, 0xffffffff81002000ULL, 1, &al);
	check(al.dso == NULL);
	/* user addresses never look at kernel maps */
	resolve(m, 5, 5, 0xffffffff81000180ULL, 0, &al);
	check(al.dso == NULL);
	kp_machine__delete(m);
	unlink(path);
}

/* --- build ids and caches ------------------------------------------------------- */

static uint64_t nm_addr(const char *path, const char *name)
{
	char cmd[1024], line[512], sym[256], type;
	uint64_t addr, ret = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm --defined-only '%s'", path);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name))
			ret = addr;
	pclose(p);
	return ret;
}

/*
 * The file recorded (BUILD_ID feature) is not the one on disk any more: perf
 * takes the copy in its build-id cache, or gives no symbols.  Same for the
 * kernel: a kallsyms kept in the cache by build id.
 */
static void test_build_ids(void)
{
	char dir[] = "/tmp/kprof-t-machine-bid-XXXXXX", cmd[4096], prog[256], v2[256], hex[41];
	struct kp_build_id bids[2] = { 0 };
	struct kp_env env = { .build_ids = bids, .nr_build_ids = 2 };
	struct kp_machine_opts opts = { .env = &env };
	struct kp_addr_location al;
	struct kp_machine *m;
	uint64_t addr;
	int n;

	if (!mkdtemp(dir) || access("tests/targets/sym-funcs.c", R_OK)) {
		tap_skip("no sources");
		return;
	}
	snprintf(prog, sizeof(prog), "%s/prog", dir);
	snprintf(v2, sizeof(v2), "%s/v2", dir);
	snprintf(cmd, sizeof(cmd),
		 "cc -O1 -fno-inline -o %s tests/targets/sym-funcs.c && "
		 "cc -O1 -fno-inline -DSYM_V2 -o %s tests/targets/sym-funcs.c", prog, v2);
	if (system(cmd)) {
		tap_skip("no C compiler");
		goto out;
	}
	n = kp_build_id__read_file(v2, bids[0].id);
	check_int(n, ==, 20);
	bids[0].size = n;
	bids[0].misc = PERF_RECORD_MISC_USER;
	bids[0].filename = prog;
	kp_build_id__hex(bids[0].id, n, hex);
	/* the kernel: an id that is not the running kernel's */
	memset(bids[1].id, 0xab, 20);
	bids[1].size = 20;
	bids[1].misc = PERF_RECORD_MISC_KERNEL;
	bids[1].filename = "[kernel.kallsyms]";
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/cache/.build-id/%.2s/%s %s/cache/'[kernel.kallsyms]'/%s && "
		 "cp %s %s/cache/.build-id/%.2s/%s/elf && "
		 "printf 'ffffffff81000000 T _text\nffffffff81000100 T cached_kfunc\n' > "
		 "%s/cache/'[kernel.kallsyms]'/%s/kallsyms", dir, hex, hex + 2, dir,
		 "abababababababababababababababababababab", v2, dir, hex, hex + 2, dir,
		 "abababababababababababababababababababab");
	check_int(system(cmd), ==, 0);
	addr = nm_addr(v2, "sym_only_v2");
	check_uint(addr, !=, 0);

	snprintf(cmd, sizeof(cmd), "%s/cache", dir);
	setenv("PERF_BUILDID_DIR", cmd, 1);
	check_int(kp_machine__new(&m, &opts), ==, 0);
	/* a PIE's text segment, mapped at its file offset */
	kp_machine__process_event(m, mmap2_ev(7, 0x555500000000ULL, 0x10000, 0, PROT_EXEC, prog, 0),
				  NULL);
	kp_machine__process_event(m, mmap2_ev(-1, 0xffffffff81000000ULL, 0x1000000,
					      0xffffffff81000000ULL, PROT_EXEC,
					      "[kernel.kallsyms]_text", 1), NULL);
	resolve(m, 7, 7, 0x555500000000ULL + addr, 0, &al);
	check_str(sym_of(&al), "sym_only_v2");
	check_int(kp_dso__build_id(al.dso, (uint8_t *)cmd), ==, 20);
	check(!memcmp(cmd, bids[0].id, 20));
	resolve(m, 7, 7, 0xffffffff81000104ULL, 1, &al);
	check_str(sym_of(&al), "cached_kfunc");
	kp_machine__delete(m);

	/* without the cache: no symbols, addresses in the DSO instead */
	snprintf(cmd, sizeof(cmd), "%s/nocache", dir);
	setenv("PERF_BUILDID_DIR", cmd, 1);
	check_int(kp_machine__new(&m, &opts), ==, 0);
	kp_machine__process_event(m, mmap2_ev(7, 0x555500000000ULL, 0x10000, 0, PROT_EXEC, prog, 0),
				  NULL);
	kp_machine__process_event(m, mmap2_ev(-1, 0xffffffff81000000ULL, 0x1000000,
					      0xffffffff81000000ULL, PROT_EXEC,
					      "[kernel.kallsyms]_text", 1), NULL);
	resolve(m, 7, 7, 0x555500000000ULL + addr, 0, &al);
	check_str(dso_of(&al), "prog");
	check(al.sym == NULL);
	check_uint(al.map_addr, ==, addr);
	resolve(m, 7, 7, 0xffffffff81000104ULL, 1, &al);
	check_str(dso_of(&al), "[kernel.kallsyms]");
	check(al.sym == NULL);
	kp_machine__delete(m);
	unsetenv("PERF_BUILDID_DIR");
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("cannot remove %s", dir);
}

/* A JIT writes /tmp/perf-PID.map for code in anonymous executable memory. */
static void test_jit_map(void)
{
	struct kp_machine_opts opts = { 0 };
	struct kp_addr_location al;
	struct kp_machine *m;
	char path[64];
	int pid = 2000000000;	/* above pid_max: no real process writes this map */
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/perf-%d.map", pid);
	f = fopen(path, "w");
	if (!f) {
		tap_skip("cannot write /tmp");
		return;
	}
	fprintf(f, "7f0000001000 40 jit_compiled_fn\n7f0000001040 40 Interpreter::run\n");
	fclose(f);
	check_int(kp_machine__new(&m, &opts), ==, 0);
	kp_machine__process_event(m, mmap2_ev(pid, 0x7f0000000000ULL, 0x10000, 0,
					      PROT_EXEC | PROT_READ, "//anon", 0), NULL);
	resolve(m, pid, pid, 0x7f0000001010ULL, 0, &al);
	check_str(sym_of(&al), "jit_compiled_fn");
	resolve(m, pid, pid, 0x7f0000001070ULL, 0, &al);
	check_str(sym_of(&al), "Interpreter::run");
	resolve(m, pid, pid, 0x7f0000002000ULL, 0, &al);
	check(al.sym == NULL);
	check_uint(al.map_addr, ==, 0x7f0000002000ULL);
	kp_machine__delete(m);
	unlink(path);
}

/* --- against perf ------------------------------------------------------------ */

struct row {
	const char *comm;	/* the pointer, renamed in place like perf's comm */
	const struct kp_dso *dso;
	const struct kp_symbol *sym;
	uint64_t addr;
	char level;
	unsigned long n;
};

struct cmp {
	struct kp_tool tool;
	struct kp_machine *m;
	FILE *out;
	struct row *rows;
	size_t nr, cap;
};

/* Count the sample in its row (no hashing: the test files are small). */
static int cmp_count(struct cmp *c, const struct kp_addr_location *al)
{
	const char *comm = kp_thread__comm(al->thread);
	size_t i;

	for (i = 0; i < c->nr; i++) {
		struct row *r = &c->rows[i];

		if (r->comm == comm && r->dso == al->dso && r->sym == al->sym &&
		    r->level == al->level && (al->sym || r->addr == al->map_addr)) {
			r->n++;
			return 0;
		}
	}
	if (c->nr == c->cap) {
		struct row *n = realloc(c->rows, (c->cap * 2 + 64) * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->rows = n;
		c->cap = c->cap * 2 + 64;
	}
	c->rows[c->nr++] = (struct row){ comm, al->dso, al->sym, al->map_addr, al->level, 1 };
	return 0;
}

/* Rows as perf report -F sample,comm,dso,sym -t TAB prints them, plus a key column. */
static void cmp_print_rows(struct cmp *c, FILE *f)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		struct row *r = &c->rows[i];
		const char *dso = r->dso ? kp_dso__short_name(r->dso) : "[unknown]";

		if (r->sym)
			fprintf(f, "%lu\t%s\t%s\t[%c] %s\t%" PRIx64 "-%" PRIx64 "\n", r->n, r->comm,
				dso, r->level, r->sym->name, r->sym->start, r->sym->end);
		else
			fprintf(f, "%lu\t%s\t%s\t[%c] %#018" PRIx64 "\t-\n", r->n, r->comm, dso,
				r->level, r->addr);
	}
}

static int cmp_side(struct kp_tool *tool, const union perf_event *ev, const struct kp_sample *s,
		    struct kp_evsel *e)
{
	struct cmp *c = (struct cmp *)tool;

	return c->m ? kp_machine__process_event(c->m, ev, s) : 0;
}

static int cmp_sample(struct kp_tool *tool, const union perf_event *ev,
		      const struct kp_sample *s, struct kp_evsel *e)
{
	struct cmp *c = (struct cmp *)tool;
	struct kp_addr_location al;
	int err = kp_machine__resolve(c->m, s, 0, &al);

	if (err || (err = cmp_count(c, &al)))
		return err;
	fprintf(c->out, "%s %d %" PRIx64 " %s (%s)\n", kp_thread__comm(al.thread),
		kp_thread__tid(al.thread), s->ip, sym_of(&al),
		al.dso ? kp_dso__long_name(al.dso) : "[unknown]");
	return 0;
}

static int cmp_ready(struct kp_tool *tool, struct kp_session *s)
{
	struct cmp *c = (struct cmp *)tool;
	struct kp_machine_opts o = { .env = kp_session__env(s) };

	return kp_machine__new(&c->m, &o);
}

/* perf record stores its own vdso's build id: the same as ours, on the same kernel */
static void check_vdso_build_id(const struct kp_env *env)
{
	uint8_t id[20];
	uint32_t i;

	for (i = 0; env && i < env->nr_build_ids; i++) {
		if (!env->build_ids[i].filename || strcmp(env->build_ids[i].filename, "[vdso]"))
			continue;
		check_int(kp_vdso__build_id_self(id), ==, env->build_ids[i].size);
		check(!memcmp(id, env->build_ids[i].id, env->build_ids[i].size));
	}
}

static void test_against_perf(const char *targets, const char *record_flags)
{
	char dir[] = "/tmp/kprof-t-machine-perf-XXXXXX", cmd[8192];
	struct cmp c = { .tool = { .sample = cmp_sample, .side_band = cmp_side,
				   .attrs_ready = cmp_ready, .ordered = true } };
	struct kp_session *s;
	int err;

	if (access("/usr/bin/perf", X_OK) || !mkdtemp(dir)) {
		tap_skip("no perf");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "cd %s && perf record -q %s -e cpu-clock -c 50000 -o perf.data -- sh -c '"
		 "%s/sym-funcs 150; %s/threads 2 60; %s/forkexec 60' >/dev/null 2>&1",
		 dir, record_flags, targets, targets, targets);
	if (system(cmd)) {
		tap_skip("perf record does not work here");
		goto out;
	}
	/* perf script's line: comm, tid, ip, sym, (dso) */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && perf script -F comm,tid,ip,sym,dso -i perf.data 2>/dev/null |"
		 " sed -E 's/^ *//; s/ +/ /g' > perf.txt", dir);
	check_int(system(cmd), ==, 0);
	snprintf(cmd, sizeof(cmd), "%s/perf.data", dir);
	err = kp_session__open(&s, cmd, &c.tool);
	check_int(err, ==, 0);
	snprintf(cmd, sizeof(cmd), "%s/kprof.txt", dir);
	c.out = fopen(cmd, "w");
	if (!err && c.out)
		check_int(kp_session__process(s), ==, 0);
	if (!err)
		check_vdso_build_id(kp_session__env(s));
	if (c.out)
		fclose(c.out);
	snprintf(cmd, sizeof(cmd), "%s/rows.txt", dir);
	c.out = fopen(cmd, "w");
	if (c.out) {
		cmp_print_rows(&c, c.out);
		fclose(c.out);
	}
	kp_session__delete(s);
	kp_machine__delete(c.m);
	free(c.rows);
	snprintf(cmd, sizeof(cmd), "cd %s && sed -E 's/ +/ /g' kprof.txt > kprof2.txt && "
		 "grep -c . perf.txt >/dev/null && grep -q sym_alias kprof2.txt && "
		 "grep -q thread_a_work kprof2.txt && grep -q spin_work kprof2.txt && "
		 "diff perf.txt kprof2.txt | head -20 >&2; cmp -s perf.txt kprof2.txt", dir);
	check_int(system(cmd), ==, 0);
	/*
	 * perf report's rows: merge ours by comm string, dso name and symbol
	 * range (or address), then compare sample counts row by row
	 */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && perf report --stdio -F sample,comm,dso,sym -t '\t' -i perf.data "
		 "2>/dev/null | grep -v '^#' | grep -v '^$' |"
		 " sed -E 's/ +\t/\t/g; s/^ +//; s/ +$//'"
		 " | sort > report-perf.txt && awk -F'\t' '{k = $2 \"\\t\" $3 \"\\t\" "
		 "($5 == \"-\" ? $4 : $5); if (!(k in nm)) nm[k] = $4; n[k] += $1} "
		 "END {for (k in n) {split(k, a, \"\\t\"); print n[k] \"\\t\" a[1] \"\\t\" "
		 "a[2] \"\\t\" nm[k]}}' rows.txt | sort > report-kprof.txt && "
		 "test $(grep -c . report-perf.txt) -gt 10 && "
		 "diff report-perf.txt report-kprof.txt | head -20 >&2; "
		 "cmp -s report-perf.txt report-kprof.txt", dir);
	check_int(system(cmd), ==, 0);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("cannot remove %s", dir);
}

int main(void)
{
	const char *b = getenv("KPROF_BUILD");
	char rel[512], targets[4096];

	test_threads();
	test_overlaps();
	test_kernel();
	test_build_ids();
	test_jit_map();
	snprintf(rel, sizeof(rel), "%s/tests/targets", b ? b : "build");
	if (!realpath(rel, targets) || strlen(targets) > 512 || access(targets, X_OK))
		tap_skip("no test targets");
	else {
		test_against_perf(targets, "--no-buildid-cache");
		/* no BUILD_ID feature: build ids are read from the files (they find debug files) */
		test_against_perf(targets, "--no-buildid");
	}
	return test_done();
}
