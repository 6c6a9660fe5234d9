// SPDX-License-Identifier: GPL-2.0
/* lib/tracefs: finding tracefs, reading files that report size 0, tracepoint ids. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/tracefs.h"
#include "tests/unit/tap.h"

/* The same bytes stdio reads from @path */
static void check_same_as_stdio(const char *path)
{
	char *buf, want[1 << 16];
	size_t size, n;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		tap_skip(path);
		return;
	}
	n = fread(want, 1, sizeof(want), f);
	fclose(f);
	if (!check_int(kp_read_file(path, &buf, &size), ==, 0))
		return;
	tap_diag("%s: %zu bytes", path, size);
	check_uint(size, ==, n);
	check(size == n && !memcmp(buf, want, n));
	check_int(buf[size], ==, '\0');
	free(buf);
}

int main(void)
{
	char dir[256], *buf;
	uint64_t id;
	size_t size;

	/* procfs files report size 0 and are read to EOF; an empty file is fine */
	check_same_as_stdio("/proc/version");
	check_same_as_stdio("/proc/self/cmdline");
	check_int(kp_read_file("/dev/null", &buf, &size), ==, 0);
	check_uint(size, ==, 0);
	free(buf);
	check_int(kp_read_file("/nonexistent/kprof", &buf, &size), ==, -ENOENT);
	check_int(kp_read_file("/", &buf, &size), ==, -EISDIR);

	if (kp_tracefs_dir(dir, sizeof(dir))) {
		tap_skip("tracefs not accessible");
		return test_done();
	}
	check(!strcmp(dir, "/sys/kernel/tracing") || !strcmp(dir, "/sys/kernel/debug/tracing"));
	check_same_as_stdio("/sys/kernel/tracing/events/sched/sched_switch/format");
	check_same_as_stdio("/sys/kernel/tracing/printk_formats"); /* > one 4 KiB read */
	check_int(kp_tracefs_read("events/sched/sched_switch/id", &buf, &size), ==, 0);
	check_int(kp_tracefs_event_id("sched", "sched_switch", &id), ==, 0);
	check_uint(id, ==, strtoull(buf, NULL, 10));
	check(id > 0);
	free(buf);

	check_int(kp_tracefs_event_id("sched", "nosuch", &id), ==, -ENOENT);
	check_int(kp_tracefs_event_id("nosuch", "sched_switch", &id), ==, -ENOENT);
	/* no way out of events/ */
	check_int(kp_tracefs_event_id("..", "events", &id), ==, -ENOENT);
	check_int(kp_tracefs_event_id("sched/../sched", "sched_switch", &id), ==, -ENOENT);
	check_int(kp_tracefs_event_id("", "sched_switch", &id), ==, -ENOENT);
	/* a system that is a file, not a directory */
	check_int(kp_tracefs_event_id("header_page", "x", &id), ==, -ENOENT);
	check_int(kp_tracefs_read("no/such/file", &buf, &size), ==, -ENOENT);
	return test_done();
}
