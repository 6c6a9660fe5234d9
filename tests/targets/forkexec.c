// SPDX-License-Identifier: GPL-2.0
/*
 * forkexec: a comm change across fork and exec.
 *
 *	forkexec [MS [PROG ARGS...]]
 *
 * Forks.  The child execs PROG ARGS (default: the "spin" target next to this
 * program, with argument MS), so its comm changes from "forkexec" to "spin"
 * and its samples land in spin_work().  The parent meanwhile burns MS
 * milliseconds of its own CPU time (default 300) in parent_work(), then waits
 * for the child and exits with the child's exit status (1 if exec failed, 128+N
 * if it died of signal N).  Prints nothing; bad arguments exit 129.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 200000UL

static volatile unsigned long sink;

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

__attribute__((noinline)) void parent_work(unsigned long ms)
{
	unsigned long long end = thread_cpu_ns() + ms * 1000000ULL;
	unsigned long x = sink;

	do {
		for (unsigned long i = 0; i < CHUNK; i++)
			x = x * 31 + i;
	} while (thread_cpu_ns() < end);
	sink = x;
}

/* The "spin" target in the same directory as this program. */
static int spin_path(char *buf, size_t sz)
{
	ssize_t n = readlink("/proc/self/exe", buf, sz - 1);
	char *slash;

	if (n < 0)
		return -1;
	buf[n] = 0;
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + sizeof("/spin") > sz)
		return -1;
	strcpy(slash, "/spin");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long ms = 300;
	char path[PATH_MAX], *end;
	int status;
	pid_t pid;

	if (argc > 1) {
		ms = strtoul(argv[1], &end, 10);
		if (*end || !*argv[1] || *argv[1] == '-') {
			fprintf(stderr, "usage: forkexec [MS [PROG ARGS...]]\n");
			return 129;
		}
	}
	if (argc <= 2 && spin_path(path, sizeof(path))) {
		perror("forkexec: /proc/self/exe");
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("forkexec: fork");
		return 1;
	}
	if (pid == 0) {
		if (argc > 2) {
			execvp(argv[2], argv + 2);
		} else {
			char arg[32];

			snprintf(arg, sizeof(arg), "%lu", ms);
			execl(path, "spin", arg, (char *)NULL);
		}
		perror("forkexec: exec");
		_exit(1);
	}
	parent_work(ms);
	if (waitpid(pid, &status, 0) < 0) {
		perror("forkexec: waitpid");
		return 1;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
