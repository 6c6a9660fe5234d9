// SPDX-License-Identifier: GPL-2.0
/*
 * vm-timeit: time a command, for bench/probes.sh on the host and in the VM
 * (static, like every vm-* target, so busybox guests can run it).
 *
 *	vm-timeit [-o FILE] CMD [ARG...]
 *
 * runs CMD and appends one line to FILE (default: stderr):
 *
 *	START_NS WALL_S USER_S SYS_S STATUS
 *
 * START_NS: CLOCK_REALTIME in nanoseconds just before CMD was started; WALL_S:
 * seconds until it ended; USER_S, SYS_S: CPU seconds of CMD and everything it
 * waited for; STATUS: its exit status (128 + N when killed by signal N).
 *
 *	vm-timeit -s
 *
 * prints "start NS" (CLOCK_REALTIME now) and exits: as the workload of a
 * profiler it says when the profiler let it run.
 *
 *	vm-timeit -O N
 *
 * opens and closes /dev/null N times (N calls of do_sys_openat2 and nothing
 * else after exec: the binary is static), then prints "self CPU_S", its own
 * user + sys seconds: what a probe on do_sys_openat2 costs the traced task,
 * free of the profiler's own start and end.
 * Exit status: CMD's, 127 when it cannot run, 129 on bad arguments.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double tv(const struct timeval *t)
{
	return t->tv_sec + t->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	long long start, t0, t1;
	struct rusage ru;
	int i = 1, status;
	FILE *f = stderr;
	pid_t pid;

	if (argc == 2 && !strcmp(argv[1], "-s")) {
		printf("start %lld\n", ns(CLOCK_REALTIME));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "-O")) {
		long n = atol(argv[2]);

		for (long k = 0; k < n; k++) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd < 0) {
				perror("/dev/null");
				return 1;
			}
			close(fd);
		}
		getrusage(RUSAGE_SELF, &ru);
		printf("self %.6f\n", tv(&ru.ru_utime) + tv(&ru.ru_stime));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "-o")) {
		out = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: vm-timeit [-o FILE] CMD [ARG...] | vm-timeit -s | vm-timeit -O N\n");
		return 129;
	}
	start = ns(CLOCK_REALTIME);
	t0 = ns(CLOCK_MONOTONIC);
	pid = fork();
	if (pid < 0) {
		perror("vm-timeit: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[i], argv + i);
		fprintf(stderr, "vm-timeit: cannot run '%s'\n", argv[i]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("vm-timeit: waitpid");
		return 127;
	}
	t1 = ns(CLOCK_MONOTONIC);
	getrusage(RUSAGE_CHILDREN, &ru);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (out && !(f = fopen(out, "a"))) {
		perror(out);
		return 127;
	}
	fprintf(f, "%lld %.6f %.6f %.6f %d\n", start, (t1 - t0) / 1e9, tv(&ru.ru_utime),
		tv(&ru.ru_stime), status);
	if (f != stderr)
		fclose(f);
	return status;
}
