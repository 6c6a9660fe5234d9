// SPDX-License-Identifier: GPL-2.0
/*
 * rep-comm: a thread with an awkward name, for report's column and JSON tests.
 *
 *	rep-comm NAME [MS]
 *
 * Sets the command name to NAME (prctl PR_SET_NAME; the kernel keeps 15
 * bytes), then burns MS milliseconds of its own CPU time (default 200) in
 * rep_comm_work().  Prints nothing; exits 0, or 129 on bad arguments.
 */
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

static volatile unsigned long sink;

static unsigned long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

__attribute__((noinline)) void rep_comm_work(unsigned long ms)
{
	unsigned long long end = cpu_ns() + ms * 1000000ULL;

	while (cpu_ns() < end)
		for (unsigned long i = 0; i < 200000; i++)
			sink = sink * 31 + i;
}

int main(int argc, char **argv)
{
	unsigned long ms = 200;
	char *endp;

	if (argc < 2 || argc > 3)
		return 129;
	if (argc == 3) {
		ms = strtoul(argv[2], &endp, 10);
		if (*endp || !*argv[2] || ms > 60000)
			return 129;
	}
	if (prctl(PR_SET_NAME, argv[1], 0, 0, 0))
		return 1;
	rep_comm_work(ms);
	return 0;
}
