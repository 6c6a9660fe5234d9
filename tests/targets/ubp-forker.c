// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-forker: a parent and its children call the same function.
 *
 *	ubp-forker A B C
 *
 * The parent calls ubp_fork_work() A times, then forks: the child calls it B
 * times, prints "child B" and exits 0.  Then it vforks: the child calls it C
 * times and execs /bin/true.  The parent waits for both, prints "parent A"
 * and exits 5 (or 1 when a child failed).  Bad arguments exit 129.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) void ubp_fork_work(unsigned long i)
{
	sink += i;
}

static void calls(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		ubp_fork_work(i);
}

int main(int argc, char **argv)
{
	unsigned long a, b, c;
	volatile int bad = 0;
	int status;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: ubp-forker A B C\n");
		return 129;
	}
	a = strtoul(argv[1], NULL, 10);
	b = strtoul(argv[2], NULL, 10);
	c = strtoul(argv[3], NULL, 10);
	calls(a);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		calls(b);
		printf("child %lu\n", b);
		exit(0);
	}
	bad |= waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status);
	pid = vfork();
	if (pid < 0)
		return 1;
	if (!pid) {
		calls(c);
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	bad |= waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status);
	printf("parent %lu\n", a);
	return bad ? 1 : 5;
}
