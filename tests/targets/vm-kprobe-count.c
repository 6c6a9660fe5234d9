// SPDX-License-Identifier: GPL-2.0
/*
 * vm-kprobe-count — count a kernel function's entries (or returns, -r) with the
 * kprobe PMU, without kprof: the reference the kprobe tests in tests/vm/ compare
 * with. Opens a counting kprobe event on FUNC for this process only, does N
 * open()+close() of /dev/null (each open is one do_sys_openat2 call) and prints
 * the count. Built static so that it runs in any guest.
 *
 * Usage: vm-kprobe-count [-r] FUNC N
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KPROBE_PMU "/sys/bus/event_source/devices/kprobe"

static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* The PMU's dynamic type, and the config bit of format/retprobe ("config:0"). */
static int kprobe_pmu(int *type, int *retprobe_bit)
{
	char buf[64];
	const char *p;
	int err;

	err = read_file(KPROBE_PMU "/type", buf, sizeof(buf));
	if (err)
		return err;
	*type = atoi(buf);
	err = read_file(KPROBE_PMU "/format/retprobe", buf, sizeof(buf));
	if (err)
		return err;
	p = strstr(buf, "config:");
	if (!p)
		return -EINVAL;
	*retprobe_bit = atoi(p + strlen("config:"));
	return 0;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	int type, bit, fd, err, n, i, retprobe = 0;
	uint64_t count;

	if (argc > 1 && !strcmp(argv[1], "-r")) {
		retprobe = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: vm-kprobe-count [-r] FUNC N\n");
		return 129;
	}
	n = atoi(argv[2]);

	err = kprobe_pmu(&type, &bit);
	if (err) {
		fprintf(stderr, "vm-kprobe-count: cannot read '%s': %s\n", KPROBE_PMU,
			strerror(-err));
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = retprobe ? 1ULL << bit : 0;
	attr.kprobe_func = (uint64_t)(uintptr_t)argv[1];
	attr.probe_offset = 0;
	attr.disabled = 1;
	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vm-kprobe-count: cannot open a %s on '%s': %s\n",
			retprobe ? "kretprobe" : "kprobe", argv[1], strerror(errno));
		return 1;
	}

	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < n; i++) {
		int f = open("/dev/null", O_RDONLY);

		if (f >= 0)
			close(f);
	}
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);

	if (read(fd, &count, sizeof(count)) != sizeof(count)) {
		fprintf(stderr, "vm-kprobe-count: cannot read the count: %s\n", strerror(errno));
		return 1;
	}
	printf("%llu\n", (unsigned long long)count);
	return 0;
}
