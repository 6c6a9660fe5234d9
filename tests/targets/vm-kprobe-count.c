// SPDX-License-Identifier: GPL-2.0
/*
 * vm-kprobe-count — count a kernel function's entries (or returns, -r) with the
 * kprobe PMU, without kprof: the reference the kprobe tests in tests/vm/ compare
 * with. Opens a counting kprobe event on FUNC for this process only, does N
 * open()+close() of /dev/null (each open is one do_sys_openat2 call) and prints
 * the count. With -t it counts a tracefs event instead (GROUP/EVENT, e.g. one
 * made by writing "p:kpvm/open do_sys_openat2" to kprobe_events): the tracefs
 * backend's reference. Built static so that it runs in any guest.
 *
 * Usage: vm-kprobe-count [-r] FUNC N
 *        vm-kprobe-count -t GROUP/EVENT N
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
#define TRACEFS_EVENTS "/sys/kernel/tracing/events"

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

/* attr for the kprobe PMU on FUNC, or for the tracefs event GROUP/EVENT. */
static int setup_attr(struct perf_event_attr *attr, int retprobe, int tracefs, const char *name)
{
	char path[512], buf[64];
	int type, bit, err;

	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->disabled = 1;
	if (tracefs) {
		snprintf(path, sizeof(path), TRACEFS_EVENTS "/%s/id", name);
		err = read_file(path, buf, sizeof(buf));
		if (err) {
			fprintf(stderr, "vm-kprobe-count: cannot read '%s': %s\n", path,
				strerror(-err));
			return err;
		}
		attr->type = PERF_TYPE_TRACEPOINT;
		attr->config = strtoull(buf, NULL, 10);
		return 0;
	}
	err = kprobe_pmu(&type, &bit);
	if (err) {
		fprintf(stderr, "vm-kprobe-count: cannot read '%s': %s\n", KPROBE_PMU,
			strerror(-err));
		return err;
	}
	attr->type = type;
	attr->config = retprobe ? 1ULL << bit : 0;
	attr->kprobe_func = (uint64_t)(uintptr_t)name;
	attr->probe_offset = 0;
	return 0;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	int fd, n, i, retprobe = 0, tracefs = 0;
	uint64_t count;

	if (argc > 1 && !strcmp(argv[1], "-r"))
		retprobe = 1;
	else if (argc > 1 && !strcmp(argv[1], "-t"))
		tracefs = 1;
	if (retprobe || tracefs) {
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: vm-kprobe-count [-r] FUNC N\n"
				"       vm-kprobe-count -t GROUP/EVENT N\n");
		return 129;
	}
	n = atoi(argv[2]);

	if (setup_attr(&attr, retprobe, tracefs, argv[1]))
		return 1;
	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vm-kprobe-count: cannot open a %s on '%s': %s\n",
			tracefs ? "tracefs event" : retprobe ? "kretprobe" : "kprobe", argv[1],
			strerror(errno));
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
