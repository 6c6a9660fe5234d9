// SPDX-License-Identifier: GPL-2.0
/* Unit tests of lib/synthesize: maps parsing, and records from a fake /proc and the real one. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/synthesize.h"
#include "tests/unit/tap.h"

#define MAX_RECORDS 64

struct collected {
	union perf_event *ev[MAX_RECORDS];
	int nr;
	int fail_at;		/* return -EIO on this record (1-based), 0: never */
};

static int collect(void *arg, union perf_event *event)
{
	struct collected *c = arg;

	if (c->nr < MAX_RECORDS) {
		c->ev[c->nr] = malloc(event->header.size);
		memcpy(c->ev[c->nr], event, event->header.size);
	}
	c->nr++;
	if (c->fail_at && c->nr == c->fail_at)
		return -EIO;
	return 0;
}

static void collected__exit(struct collected *c)
{
	for (int i = 0; i < c->nr && i < MAX_RECORDS; i++)
		free(c->ev[i]);
	memset(c, 0, sizeof(*c));
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *dir, const char *sub)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

/* Every record is 8-byte aligned and ends with an all-zero trailer of @id_size bytes. */
static int trailer_ok(const union perf_event *ev, unsigned int id_size)
{
	const unsigned char *end = (const unsigned char *)ev + ev->header.size;

	if (ev->header.size % 8)
		return 0;
	for (unsigned int i = 1; i <= id_size; i++)
		if (end[-(int)i])
			return 0;
	return 1;
}

static void test_parse_maps_line(void)
{
	struct kp_maps_entry e;
	char l1[] = "55d6ffa8d000-55d6ffa92000 r-xp 00002000 fe:00 248056     /usr/bin/sleep\n";
	char l2[] = "7f1d24000000-7f1d24021000 rw-p 00000000 00:00 0 \n";
	char l3[] = "7ffd5a1e0000-7ffd5a1e2000 r-xp 00000000 00:00 0                          [vdso]";
	char l4[] = "7f0000000000-7f0000001000 rwxs 00001000 08:02 42 /dev/shm/with space\n";
	char bad1[] = "garbage";
	char bad2[] = "2000-1000 r-xp 00000000 00:00 0 x";

	check_int(kp_synthesize__parse_maps_line(l1, &e), ==, 0);
	check_uint(e.start, ==, 0x55d6ffa8d000ULL);
	check_uint(e.end, ==, 0x55d6ffa92000ULL);
	check_uint(e.pgoff, ==, 0x2000);
	check_int(e.maj, ==, 0xfe);
	check_int(e.min, ==, 0);
	check_int(e.ino, ==, 248056);
	check_int(e.prot, ==, PROT_READ | PROT_EXEC);
	check_int(e.flags, ==, MAP_PRIVATE);
	check_str(e.name, "/usr/bin/sleep");

	check_int(kp_synthesize__parse_maps_line(l2, &e), ==, 0);
	check_str(e.name, "//anon");
	check_int(e.prot, ==, PROT_READ | PROT_WRITE);

	check_int(kp_synthesize__parse_maps_line(l3, &e), ==, 0);
	check_str(e.name, "[vdso]");

	check_int(kp_synthesize__parse_maps_line(l4, &e), ==, 0);
	check_str(e.name, "/dev/shm/with space");
	check_int(e.flags, ==, MAP_SHARED);
	check_int(e.prot, ==, PROT_READ | PROT_WRITE | PROT_EXEC);
	check_int(e.maj, ==, 8);
	check_int(e.min, ==, 2);

	check_int(kp_synthesize__parse_maps_line(bad1, &e), ==, -EINVAL);
	check_int(kp_synthesize__parse_maps_line(bad2, &e), ==, -EINVAL);
}

static void make_fake_proc(const char *dir)
{
	mkdirs(dir, "100/task/100");
	mkdirs(dir, "100/task/101");
	mkdirs(dir, "200/task/200");
	write_file(dir, "100/task/100/status", "Name:\tfakeproc\nUmask:\t0022\nTgid:\t100\nPPid:\t1\n");
	write_file(dir, "100/task/101/status",
		   "Name:\tworker-thread-long-name\nTgid:\t100\nPPid:\t1\n");
	write_file(dir, "100/maps",
		   "00400000-00401000 r--p 00000000 08:01 77 /opt/fake/bin\n"
		   "00401000-00402000 r-xp 00001000 08:01 77 /opt/fake/bin\n"
		   "7f0000000000-7f0000010000 rw-p 00000000 00:00 0 \n"
		   "7f0000010000-7f0000020000 r-xp 00000000 00:00 0 \n"
		   "7fff00000000-7fff00002000 r-xp 00000000 00:00 0 [vdso]\n");
	write_file(dir, "200/task/200/status", "Name:\tkthreadish\nTgid:\t200\nPPid:\t2\n");
	write_file(dir, "200/maps", "");
	write_file(dir, "kallsyms",
		   "0000000000000000 A fixed_percpu_data\n"
		   "ffffffff81000000 T _stext\n"
		   "ffffffff81000000 T _text\n"
		   "ffffffff81001000 T some_function\n"
		   "ffffffff82209988 T _etext\n");
}

static void test_process(const char *dir)
{
	struct collected c = { 0 };
	struct kp_synth s = { .id_size = 16, .fn = collect, .arg = &c, .proc = dir };
	const struct perf_record_mmap2 *mm;

	check_int(kp_synthesize__process(&s, 100), ==, 0);
	/* FORK+COMM for 100 and 101, then MMAP2 for the three executable maps. */
	if (!check_int(c.nr, ==, 7))
		goto out;
	check_int(c.ev[0]->header.type, ==, PERF_RECORD_FORK);
	check_int(c.ev[0]->fork.pid, ==, 100);
	check_int(c.ev[0]->fork.tid, ==, 100);
	check_int(c.ev[0]->fork.ppid, ==, 1);
	check_int(c.ev[0]->fork.ptid, ==, 1);
	check_int(c.ev[1]->header.type, ==, PERF_RECORD_COMM);
	check_int(c.ev[1]->comm.pid, ==, 100);
	check_int(c.ev[1]->comm.tid, ==, 100);
	check_str(c.ev[1]->comm.comm, "fakeproc");
	check_int(c.ev[1]->header.size, ==, 8 + 8 + 16 + 16);
	check_int(c.ev[2]->fork.tid, ==, 101);
	check_int(c.ev[2]->fork.ppid, ==, 100);
	check_int(c.ev[2]->fork.ptid, ==, 100);
	/* Names are cut to the kernel's 16 bytes with the NUL. */
	check_str(c.ev[3]->comm.comm, "worker-thread-l");
	check_int(c.ev[3]->comm.tid, ==, 101);

	mm = &c.ev[4]->mmap2;
	check_int(mm->header.type, ==, PERF_RECORD_MMAP2);
	check_int(mm->header.misc, ==, PERF_RECORD_MISC_USER);
	check_int(mm->pid, ==, 100);
	check_int(mm->tid, ==, 100);
	check_uint(mm->start, ==, 0x401000);
	check_uint(mm->len, ==, 0x1000);
	check_uint(mm->pgoff, ==, 0x1000);
	check_int(mm->maj, ==, 8);
	check_int(mm->min, ==, 1);
	check_int(mm->ino, ==, 77);
	check_int(mm->prot, ==, PROT_READ | PROT_EXEC);
	check_int(mm->flags, ==, MAP_PRIVATE);
	check_str(mm->filename, "/opt/fake/bin");
	check_str(c.ev[5]->mmap2.filename, "//anon");
	check_str(c.ev[6]->mmap2.filename, "[vdso]");
	for (int i = 0; i < c.nr; i++)
		check(trailer_ok(c.ev[i], 16));
out:
	collected__exit(&c);

	/* A process without maps gets FORK and COMM only; a vanished one nothing. */
	s.id_size = 0;
	check_int(kp_synthesize__process(&s, 200), ==, 0);
	check_int(c.nr, ==, 2);
	collected__exit(&c);
	check_int(kp_synthesize__process(&s, 300), ==, 0);
	check_int(c.nr, ==, 0);

	/* The callback's error stops everything and comes back. */
	c.fail_at = 2;
	check_int(kp_synthesize__process(&s, 100), ==, -EIO);
	check_int(c.nr, ==, 2);
	collected__exit(&c);
}

static void test_thread_all_kernel(const char *dir)
{
	struct collected c = { 0 };
	struct kp_synth s = { .id_size = 8, .fn = collect, .arg = &c, .proc = dir };
	const struct perf_record_mmap *km;

	/* -t: COMM of that thread (pid is its process), then the process's maps. */
	check_int(kp_synthesize__thread(&s, 101), ==, 0);	/* no /proc/101: nothing */
	check_int(c.nr, ==, 0);
	mkdirs(dir, "101/task/101");
	write_file(dir, "101/task/101/status", "Name:\tworker\nTgid:\t100\nPPid:\t1\n");
	check_int(kp_synthesize__thread(&s, 101), ==, 0);
	if (check_int(c.nr, ==, 4)) {
		check_int(c.ev[0]->header.type, ==, PERF_RECORD_COMM);
		check_int(c.ev[0]->comm.pid, ==, 100);
		check_int(c.ev[0]->comm.tid, ==, 101);
		check_int(c.ev[1]->mmap2.pid, ==, 100);
		check_int(c.ev[1]->mmap2.tid, ==, 101);
	}
	collected__exit(&c);

	check_int(kp_synthesize__comm(&s, 100), ==, 0);
	if (check_int(c.nr, ==, 1))
		check_str(c.ev[0]->comm.comm, "fakeproc");
	collected__exit(&c);

	/* -a: every process; 101 is also listed now (fake), so 100, 101, 200. */
	check_int(kp_synthesize__all(&s), ==, 0);
	check_int(c.nr, ==, 7 + 2 + 2);
	collected__exit(&c);

	check_int(kp_synthesize__kernel_mmap(&s), ==, 0);
	if (check_int(c.nr, ==, 1)) {
		km = &c.ev[0]->mmap;
		check_int(km->header.type, ==, PERF_RECORD_MMAP);
		check_int(km->header.misc, ==, PERF_RECORD_MISC_KERNEL);
		check_int((int32_t)km->pid, ==, -1);
		check_int(km->tid, ==, 0);
		check_uint(km->start, ==, 0xffffffff81000000ULL);
		check_uint(km->len, ==, 0x1209988);
		check_uint(km->pgoff, ==, 0xffffffff81000000ULL);
		check_str(km->filename, "[kernel.kallsyms]_text");
		check(trailer_ok(c.ev[0], 8));
	}
	collected__exit(&c);

	/* Hidden addresses (kptr_restrict): no record, no error. */
	write_file(dir, "kallsyms", "0000000000000000 T _text\n0000000000000000 T _etext\n");
	check_int(kp_synthesize__kernel_mmap(&s), ==, 0);
	check_int(c.nr, ==, 0);
}

/* The real /proc: this very process. */
static void test_self(void)
{
	struct collected c = { 0 };
	struct kp_synth s = { .id_size = 0, .fn = collect, .arg = &c };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int found = 0;

	exe[n > 0 ? n : 0] = 0;
	check_int(kp_synthesize__process(&s, getpid()), ==, 0);
	check(c.nr >= 3);
	if (c.nr >= 2) {
		check_int(c.ev[0]->fork.pid, ==, getpid());
		check_int(c.ev[0]->fork.ppid, ==, getppid());
		check_str(c.ev[1]->comm.comm, "t-synthesize");
	}
	for (int i = 2; i < c.nr && i < MAX_RECORDS; i++)
		if (c.ev[i]->header.type == PERF_RECORD_MMAP2 &&
		    !strcmp(c.ev[i]->mmap2.filename, exe) && (c.ev[i]->mmap2.prot & PROT_EXEC))
			found = 1;
	check(found);
	collected__exit(&c);
}

int main(void)
{
	char dir[] = "/tmp/kprof-t-synthesize.XXXXXX";
	char cmd[PATH_MAX + 16];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_parse_maps_line();
	make_fake_proc(dir);
	test_process(dir);
	test_thread_all_kernel(dir);
	test_self();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("could not remove %s", dir);
	return test_done();
}
