// SPDX-License-Identifier: GPL-2.0
/*
 * vm-opens — a workload with a known number of kernel calls: N open()+close() of
 * /dev/null, so exactly N calls of do_sys_openat2 after exec (static: no loader
 * opens libraries). The peer of vm-kprobe-count for profilers that attach from
 * outside (perf stat -e probe:..., kprof).
 *
 * Usage: vm-opens N
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: vm-opens N\n");
		return 129;
	}
	n = atoi(argv[1]);
	for (i = 0; i < n; i++) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0) {
			perror("vm-opens: /dev/null");
			return 1;
		}
		close(fd);
	}
	return 0;
}
