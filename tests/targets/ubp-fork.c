// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-fork: probe hits across fork, exec and vfork.  With N (default 10):
 * calls ubp_work() N times; forks in ubp_forker() (which so returns twice,
 * once in each process); the child calls ubp_work() N times and execs this
 * program as "ubp-fork exec 2N"; then the parent vforks, and that child execs
 * "ubp-fork exec 3N".  "exec M" calls ubp_work() M times, prints "exec M" and
 * exits M % 7.  So ubp_work() runs 7N times in all, ubp_forker() is entered
 * once and returns twice.  The parent prints the children's exit codes and
 * exits 3.
 *
 *	ubp-fork [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) void ubp_work(void)
{
	sink++;
}

__attribute__((noinline)) pid_t ubp_forker(void)
{
	pid_t pid = fork();

	sink++;
	return pid;
}

static void work(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		ubp_work();
}

static int reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10;
	char arg[32];
	pid_t pid;
	int fork_code, vfork_code;

	if (argc > 2 && !strcmp(argv[1], "exec")) {
		n = strtoul(argv[2], NULL, 10);
		work(n);
		printf("exec %lu\n", n);
		return n % 7;
	}
	work(n);
	fflush(stdout);
	pid = ubp_forker();
	if (pid == 0) {
		work(n);
		snprintf(arg, sizeof(arg), "%lu", 2 * n);
		execl("/proc/self/exe", argv[0], "exec", arg, (char *)NULL);
		_exit(127);
	}
	fork_code = reap(pid);
	snprintf(arg, sizeof(arg), "%lu", 3 * n);
	pid = vfork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "exec", arg, (char *)NULL);
		_exit(127);
	}
	vfork_code = reap(pid);
	printf("fork child %d vfork child %d\n", fork_code, vfork_code);
	return 3;
}
