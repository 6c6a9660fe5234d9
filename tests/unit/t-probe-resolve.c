// SPDX-License-Identifier: GPL-2.0
/*
 * lib/probe/resolve.c: glob sets against a kallsyms file with a blacklist and
 * a notrace list, summaries, nearest names, event names, binaries by path,
 * $PATH, ldconfig and maps, and uprobe file offsets (checked against the
 * bytes of this very program).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/probe/resolve.h"
#include "tests/unit/tap.h"

__attribute__((noinline)) int t_probe_target_one(int x)
{
	return x * 3 + 1;
}

__attribute__((noinline)) int t_probe_target_two(int x)
{
	return x * 5 + 2;
}

static char dir[] = "/tmp/t-probe-resolve.XXXXXX";

static const char *file(const char *name, const char *text)
{
	static char paths[8][256];
	static int n;
	char *p = paths[n++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static const char kallsyms[] =
	"ffffffff81000000 T _stext\n"
	"ffffffff81100000 T vfs_read\n"
	"ffffffff81100100 T vfs_write\n"
	"ffffffff81100200 t vfs_readv\n"
	"ffffffff81100300 T vfs_fsync\n"
	"ffffffff81100380 t vfs_fsync.cold\n"
	"ffffffff81100400 T vfs_kern_mount\n"
	"ffffffff81100500 W vfs_weak\n"
	"ffffffff81100600 D vfs_data_not_text\n"
	"ffffffff81100700 t vfs_read\n"
	"ffffffff81100800 T do_sys_openat2\n"
	"ffffffffc0000000 t ext4_sync_file\t[ext4]\n";

static const char blacklist[] =
	"0xffffffff81100100-0xffffffff81100180\tvfs_write\n"
	"0xffffffff81100400-0xffffffff81100480\tvfs_kern_mount\n";

static const char traceable[] =
	"vfs_read\n"
	"vfs_write\n"
	"vfs_fsync\n"
	"vfs_kern_mount\n"
	"vfs_weak\n"
	"do_sys_openat2\n"
	"ext4_sync_file [ext4]\n";

static int add(struct kp_probe_set *set, struct kp_probe_spec *spec, enum kp_probe_kind kind,
	       const char *str, const struct kp_probe_resolve_opts *ro, char *err, size_t errsz)
{
	err[0] = 0;
	if (kp_probe_spec__parse(spec, kind, str, err, errsz))
		return -100;
	return kp_probe_set__add(set, spec, ro, err, errsz);
}

static void test_kernel(void)
{
	struct kp_probe_resolve_opts ro = {
		.kallsyms = file("kallsyms", kallsyms),
		.blacklist = file("blacklist", blacklist),
		.filter_functions = file("available_filter_functions", traceable),
	};
	struct kp_probe_set set = { 0 };
	struct kp_probe_spec specs[8];
	char err[512], line[512];

	/* vfs_*: read, readv (notrace), fsync, kern_mount (blacklisted), weak, write (blacklisted). */
	check_int(add(&set, &specs[0], KP_PROBE_KPROBE, "vfs_*", &ro, err, sizeof(err)), ==, 0);
	check_int(set.nr_matches, ==, 1);
	check_int(set.matches[0].matched, ==, 6);
	check_int(set.matches[0].probing, ==, 3);
	check_int(set.matches[0].skipped[KP_SKIP_BLACKLISTED], ==, 2);
	check_int(set.matches[0].skipped[KP_SKIP_NOTRACE], ==, 1);
	kp_probe_match__summary(&set.matches[0], line, sizeof(line));
	check_str(line, "'vfs_*' matched 6 symbols, probing 3, skipped 3 (blacklisted 2, notrace 1)");
	check_int(set.nr_points, ==, 3);
	check_str(set.points[0].event, "probe:vfs_fsync");
	check_str(set.points[1].event, "probe:vfs_read");
	check_uint(set.points[1].addr, ==, 0xffffffff81100000ULL);	/* the first of equal names */
	check_str(set.points[2].event, "probe:vfs_weak");
	check_str(set.points[0].symbol, "vfs_fsync");
	check(set.points[0].path == NULL);

	/* The kernel refusing one member: counted as refused. */
	check_int(kp_probe_set__drop(&set, &set.points[2]), ==, 0);
	check_int(kp_probe_set__drop(&set, &set.points[2]), ==, 0);	/* once only */
	kp_probe_match__summary(&set.matches[0], line, sizeof(line));
	check_str(line, "'vfs_*' matched 6 symbols, probing 2, skipped 4 "
			"(blacklisted 2, notrace 1, refused 1)");
	check_int(set.matches[0].nr_skipped, ==, 4);
	check_str(set.matches[0].skipped_list[3].name, "vfs_weak");

	/* Exact names, offsets, return probes, addresses, module symbols. */
	check_int(add(&set, &specs[1], KP_PROBE_KPROBE, "do_sys_openat2+8", &ro, err, sizeof(err)),
		  ==, 0);
	check_str(set.points[3].event, "probe:do_sys_openat2_8");
	check_uint(set.points[3].offset, ==, 8);
	check_int(add(&set, &specs[2], KP_PROBE_KRETPROBE, "vfs_read", &ro, err, sizeof(err)), ==, 0);
	check_str(set.points[4].event, "probe:vfs_read__return");
	check_int(set.points[4].kind, ==, KP_PROBE_KRETPROBE);
	check_int(add(&set, &specs[3], KP_PROBE_KPROBE, "0xffffffff81100000", &ro, err, sizeof(err)),
		  ==, 0);
	check_str(set.points[5].event, "probe:addr_ffffffff81100000");
	check(set.points[5].symbol == NULL);
	check_uint(set.points[5].offset, ==, 0xffffffff81100000ULL);
	check_int(add(&set, &specs[4], KP_PROBE_KPROBE, "ext4_sync_file", &ro, err, sizeof(err)), ==,
		  0);
	kp_probe_match__summary(&set.matches[4], line, sizeof(line));
	check_str(line, "'ext4_sync_file' matched 1 symbol, probing 1");
	check_int(set.nr_points, ==, 7);

	/* Errors leave the set as it was. */
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "vfs_raed", &ro, err, sizeof(err)), ==,
		  -ENOENT);
	check_str(err, "no symbol 'vfs_raed' in the kernel; did you mean 'vfs_read'?");
	kp_probe_spec__exit(&specs[5]);
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "vfs_write", &ro, err, sizeof(err)), ==,
		  -EINVAL);
	check_str(err, "cannot probe 'vfs_write': it is on the kprobes blacklist");
	kp_probe_spec__exit(&specs[5]);
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "nothing_*", &ro, err, sizeof(err)), ==,
		  -ENOENT);
	check_str(err, "'nothing_*' matches no kernel function");
	kp_probe_spec__exit(&specs[5]);
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "vfs_kern_*", &ro, err, sizeof(err)), ==,
		  -EINVAL);
	check_str(err, "'vfs_kern_*' matched 1 kernel functions, none of which can be probed");
	kp_probe_spec__exit(&specs[5]);
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "vfs_fsync.cold", &ro, err, sizeof(err)), ==,
		  -ENOENT);
	kp_probe_spec__exit(&specs[5]);
	check_int(set.nr_points, ==, 7);
	check_int(set.nr_matches, ==, 5);

	/* Without a notrace list (no tracefs), only the blacklist filters. */
	ro.filter_functions = file("empty", "");
	check_int(add(&set, &specs[5], KP_PROBE_KPROBE, "vfs_read*", &ro, err, sizeof(err)), ==, 0);
	check_int(set.matches[5].probing, ==, 2);
	kp_probe_set__exit(&set);
	for (int i = 0; i < 6; i++)
		kp_probe_spec__exit(&specs[i]);
}

/* The bytes at the file offset resolve gave are the bytes of the function in memory. */
static void check_offset(const char *path, uint64_t offset, const void *fn)
{
	unsigned char buf[16];
	int fd = open(path, O_RDONLY);

	check_int(pread(fd, buf, sizeof(buf), offset), ==, sizeof(buf));
	check(!memcmp(buf, fn, sizeof(buf)));
	close(fd);
}

static void test_user(void)
{
	struct kp_probe_resolve_opts ro = {
		.ldconfig = file("ldconfig",
				 "2 libs found in cache `/etc/ld.so.cache'\n"
				 "\tlibz.so.1 (libc6) => /nonexistent/libz.so.1\n"
				 "\tlibc.so.6 (libc6,x86-64) => /bin/sh\n"),
	};
	struct kp_probe_set set = { 0 };
	struct kp_probe_spec specs[4];
	char err[512], line[8192], self[4096], *path;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = 0;
	check_int(add(&set, &specs[0], KP_PROBE_UPROBE, "/proc/self/exe:t_probe_target_*", &ro, err,
		      sizeof(err)), ==, 0);
	check_int(set.nr_points, ==, 2);
	check_str(set.matches[0].path, self);
	check_str(set.points[0].path, self);
	check_str(set.points[0].event, "probe_t_probe_resolve:t_probe_target_one");
	check_str(set.points[1].event, "probe_t_probe_resolve:t_probe_target_two");
	check_offset(self, set.points[0].offset, (const void *)t_probe_target_one);
	check_offset(self, set.points[1].offset, (const void *)t_probe_target_two);
	kp_probe_match__summary(&set.matches[0], line, sizeof(line));
	check_str(line, "'t_probe_target_*' matched 2 symbols, probing 2");

	check_int(add(&set, &specs[1], KP_PROBE_URETPROBE, "/proc/self/exe:t_probe_target_two", &ro,
		      err, sizeof(err)), ==, 0);
	check_str(set.points[2].event, "probe_t_probe_resolve:t_probe_target_two__return");
	check_uint(set.points[2].offset, ==, set.points[1].offset);

	check_int(add(&set, &specs[2], KP_PROBE_UPROBE, "/proc/self/exe:t_probe_target_on", &ro, err,
		      sizeof(err)), ==, -ENOENT);
	snprintf(line, sizeof(line),
		 "no symbol 't_probe_target_on' in '%s'; did you mean 't_probe_target_one' or 't_probe_target_two'?", self);
	check_str(err, line);
	kp_probe_spec__exit(&specs[2]);
	check_int(add(&set, &specs[2], KP_PROBE_UPROBE, "/nonexistent/app:main", &ro, err,
		      sizeof(err)), ==, -ENOENT);
	check_str(err, "cannot probe '/nonexistent/app': no such file");
	kp_probe_spec__exit(&specs[2]);
	check_int(add(&set, &specs[2], KP_PROBE_UPROBE, "no-such-binary-here:main", &ro, err,
		      sizeof(err)), ==, -ENOENT);
	check_str(err, "cannot find 'no-such-binary-here': not a file, not in $PATH, not a library "
		       "ldconfig knows");
	kp_probe_spec__exit(&specs[2]);
	check_int(set.nr_points, ==, 3);
	kp_probe_set__exit(&set);
	kp_probe_spec__exit(&specs[0]);
	kp_probe_spec__exit(&specs[1]);

	/* Binaries: $PATH, the ldconfig listing (native first), a process's maps. */
	check_int(kp_probe_find_binary("sh", &ro, &path), ==, 0);
	check(path && path[0] == '/');
	free(path);
	check_int(kp_probe_find_binary("libc", &ro, &path), ==, 0);
	check(path && !strcmp(path, realpath("/bin/sh", line)));
	free(path);
	check_int(kp_probe_find_binary("c", &ro, &path), ==, 0);	/* "c" names libc too */
	free(path);
	check_int(kp_probe_find_binary("libz", &ro, &path), ==, -ENOENT);	/* file missing */
	ro.ldconfig = file("ldconfig-empty", "");
	ro.pid = getpid();
	check_int(kp_probe_find_binary("libc", &ro, &path), ==, 0);
	check(path && strstr(path, "/libc.so.6"));
	free(path);
	check_int(kp_probe_find_binary("/proc/self/exe", &ro, &path), ==, 0);
	check_str(path, self);
	free(path);
	check_int(kp_probe_find_binary("/nonexistent", &ro, &path), ==, -ENOENT);
	check(path == NULL);
}

static void test_suggest(void)
{
	static const char *const names[] = { "work_a", "work_b", "work_c", "main", "work_never",
					     "_start", "work_a" };
	char buf[256];

	check_int(kp_probe_suggest("wrok_a", names, 7, 4, buf, sizeof(buf)), ==, 1);
	check_str(buf, "'work_a'");
	check_int(kp_probe_suggest("work_z", names, 7, 4, buf, sizeof(buf)), ==, 3);
	check_str(buf, "'work_a', 'work_b' or 'work_c'");
	check_int(kp_probe_suggest("work_z", names, 7, 2, buf, sizeof(buf)), ==, 2);
	check_str(buf, "'work_a' or 'work_b'");
	check_int(kp_probe_suggest("work_nev", names, 7, 4, buf, sizeof(buf)), ==, 1);
	check_str(buf, "'work_never'");
	check_int(kp_probe_suggest("zzzzzzzz", names, 7, 4, buf, sizeof(buf)), ==, 0);
	check_str(buf, "");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		tap_skip("cannot make a temporary directory");
		return test_done();
	}
	test_kernel();
	test_user();
	test_suggest();
	t_probe_target_one(1);
	t_probe_target_two(2);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			tap_diag("cannot remove %s", dir);
	}
	return test_done();
}
