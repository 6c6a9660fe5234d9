// SPDX-License-Identifier: GPL-2.0
/*
 * spin: burn a known amount of CPU time in one function.
 *
 *	spin [-w FILE] [MS]
 *
 * spin_work() burns CPU until the thread has used MS milliseconds of CPU time
 * (default 1000; CLOCK_THREAD_CPUTIME_ID, so the amount does not depend on
 * machine load), then spin exits 0.  The clock is read only every SPIN_CHUNK
 * iterations, so nearly all samples land in spin_work() itself.  With a
 * cpu-clock event of frequency F, expect about MS * F / 1000 samples.  Prints
 * nothing; bad arguments exit 129.  With -w FILE it first waits (sleeping) until
 * FILE exists: a test starts a profiler on the waiting spin, and creates FILE
 * once the profiler is attached, so that all MS are seen whatever the load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SPIN_CHUNK 200000UL

static volatile unsigned long sink;

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

__attribute__((noinline)) void spin_work(unsigned long ms)
{
	unsigned long long end = thread_cpu_ns() + ms * 1000000ULL;
	unsigned long x = sink;

	do {
		for (unsigned long i = 0; i < SPIN_CHUNK; i++)
			x = x * 31 + i;
	} while (thread_cpu_ns() < end);
	sink = x;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	const char *go = NULL;
	unsigned long ms = 1000;
	char *end;

	if (argc >= 3 && !strcmp(argv[1], "-w")) {
		go = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc == 2)
		ms = strtoul(argv[1], &end, 10);
	if (argc > 2 || (argc == 2 && (*end || !*argv[1] || *argv[1] == '-' || ms > 86400000UL))) {
		fprintf(stderr, "usage: spin [-w FILE] [MS]\n");
		return 129;
	}
	while (go && access(go, F_OK))
		nanosleep(&tick, NULL);
	spin_work(ms);
	return 0;
}
