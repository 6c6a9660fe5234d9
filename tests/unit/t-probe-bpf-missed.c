// SPDX-License-Identifier: GPL-2.0
/*
 * lib/probe/bpf-missed on the host kernel (no kprobes here: the VM tests
 * t4001/t4002 count kprobe misses): the two-instruction program loads, links
 * to a uprobe PMU event, and lets every hit through (the count stays exact);
 * the link's info names a uprobe (Linux >= 6.6) and has no miss count (the
 * kernel keeps none for uprobes), and an evlist without kprobes has nothing
 * to attach.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lib/evlist.h"
#include "lib/probe/bpf-missed.h"
#include "lib/probe/pmu.h"
#include "lib/probe/resolve.h"
#include "tests/unit/tap.h"

#define NR_CALLS 137

__attribute__((noinline)) int bpfm_target(int x);
__attribute__((noinline)) int bpfm_target(int x)
{
	__asm__ volatile("" : : : "memory");
	return x + 1;
}

static int file_offset(const char *path, const char *sym, uint64_t *off)
{
	struct kp_probe_elf_sym *syms;
	size_t nr;
	int err = kp_probe_elf_syms(path, &syms, &nr);

	if (err)
		return err;
	err = -ENOENT;
	for (size_t i = 0; i < nr; i++) {
		if (!strcmp(syms[i].name, sym)) {
			*off = syms[i].offset;
			err = 0;
		}
	}
	kp_probe_elf_syms__free(syms, nr);
	return err;
}

static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	return !uname(&u) && sscanf(u.release, "%d.%d", &ma, &mi) == 2 &&
	       (ma > major || (ma == major && mi >= minor));
}

static void test_uprobe(void)
{
	struct kp_probe_pmu pmu;
	struct kp_probe_point point = { .kind = KP_PROBE_UPROBE };
	struct perf_event_attr attr = { .size = sizeof(attr), .disabled = 1 };
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	int efd, pfd = -1, lfd = -1, err, sum = 0;
	uint64_t count = 0, missed = 0;
	uint32_t type = 99;

	if (geteuid() || n <= 0 || kp_probe_pmu__find(KP_PROBE_UPROBE, NULL, &pmu)) {
		tap_skip("needs root and the uprobe PMU");
		return;
	}
	path[n] = 0;
	point.path = path;
	if (!check_int(file_offset(path, "bpfm_target", &point.offset), ==, 0))
		return;
	kp_probe_pmu__attr(&pmu, &point, &attr);
	efd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (!check_int(efd >= 0, ==, 1))
		return;
	err = kp_bpf_missed_prog(&pfd);
	if (err == -EPERM) {
		tap_skip("BPF programs not permitted");
		close(efd);
		return;
	}
	check_int(err, ==, 0);
	check_int(kp_bpf_missed_link(pfd, efd, &lfd), ==, 0);

	ioctl(efd, PERF_EVENT_IOC_ENABLE, 0);
	for (int i = 0; i < NR_CALLS; i++)
		sum += bpfm_target(i);
	ioctl(efd, PERF_EVENT_IOC_DISABLE, 0);
	check_int(read(efd, &count, sizeof(count)), ==, sizeof(count));
	/* the program returns 1: every hit still counts */
	check_uint(count, ==, NR_CALLS);
	check_int(sum, ==, NR_CALLS * (NR_CALLS + 1) / 2);

	/* a uprobe's link has no miss count; its type says uprobe where the kernel tells (6.6+) */
	err = kp_bpf_missed_query(lfd, &type, &missed);
	check_int(err, ==, -ENODATA);
	if (kernel_at_least(6, 7))
		check_int(type, ==, KP_BPF_PERF_EVENT_UPROBE);	/* the info is the 6.7 layout's */
	else if (!kernel_at_least(6, 6))
		check_int(type, ==, 99);	/* refused: a shorter bpf_link_info */
	close(lfd);
	close(pfd);
	close(efd);
}

static void test_nothing_to_attach(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_TASK_CLOCK,
	};
	struct kp_bpf_missed *bm = (void *)1;
	struct kp_evlist *evlist;
	uint64_t missed;

	check_int(kp_evlist__new(&evlist), ==, 0);
	check_int(kp_evlist__add(evlist, &attr, "task-clock", NULL), ==, 0);
	check_int(kp_bpf_missed__attach(&bm, evlist), ==, -EOPNOTSUPP);
	check(bm == NULL);
	check_int(kp_bpf_missed__read(NULL, evlist->entries[0], &missed), ==, -ENODATA);
	kp_bpf_missed__delete(NULL);
	kp_evlist__delete(evlist);
}

int main(void)
{
	test_uprobe();
	test_nothing_to_attach();
	return test_done();
}
