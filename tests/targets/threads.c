// SPDX-License-Identifier: GPL-2.0
/*
 * threads: per-thread attribution.
 *
 *	threads [-w FILE] [T [MS]]
 *
 * Starts T threads (default 2, at most 64) and waits for them.  Even-numbered
 * threads (0, 2, ...) are named "thread-a" (pthread_setname_np, so their comm
 * is "thread-a") and burn MS milliseconds of their own CPU time (default 500)
 * in thread_a_work(); odd-numbered ones are named "thread-b" and burn MS ms in
 * thread_b_work().  The main thread (comm "threads") only waits.  Each thread
 * prints nothing; the program exits 0, or 129 on a bad argument.  With -w FILE
 * each thread, once named, waits (sleeping) until FILE exists before it works:
 * a test attaches a profiler to the named threads, then creates FILE.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 200000UL

static volatile unsigned long sink;
static unsigned long ms = 500;
static const char *go;

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

__attribute__((noinline)) void thread_a_work(unsigned long msec)
{
	unsigned long long end = thread_cpu_ns() + msec * 1000000ULL;
	unsigned long x = sink;

	do {
		for (unsigned long i = 0; i < CHUNK; i++)
			x = x * 31 + i;
	} while (thread_cpu_ns() < end);
	sink = x;
}

__attribute__((noinline)) void thread_b_work(unsigned long msec)
{
	unsigned long long end = thread_cpu_ns() + msec * 1000000ULL;
	unsigned long x = sink;

	do {
		for (unsigned long i = 0; i < CHUNK; i++)
			x = x * 37 + i;
	} while (thread_cpu_ns() < end);
	sink = x;
}

static void *thread_main(void *arg)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	long n = (long)arg;

	pthread_setname_np(pthread_self(), n % 2 == 0 ? "thread-a" : "thread-b");
	while (go && access(go, F_OK))
		nanosleep(&tick, NULL);
	if (n % 2 == 0)
		thread_a_work(ms);
	else
		thread_b_work(ms);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t tids[64];
	unsigned long t = 2;
	char *end;

	if (argc >= 3 && !strcmp(argv[1], "-w")) {
		go = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc > 1)
		t = strtoul(argv[1], &end, 10);
	if (argc > 3 || (argc > 1 && (*end || !*argv[1] || t < 1 || t > 64))) {
		fprintf(stderr, "usage: threads [-w FILE] [T [MS]]   (1 <= T <= 64)\n");
		return 129;
	}
	if (argc > 2) {
		ms = strtoul(argv[2], &end, 10);
		if (*end || !*argv[2] || *argv[2] == '-') {
			fprintf(stderr, "usage: threads [-w FILE] [T [MS]]\n");
			return 129;
		}
	}
	for (unsigned long i = 0; i < t; i++) {
		if (pthread_create(&tids[i], NULL, thread_main, (void *)(long)i)) {
			perror("threads: pthread_create");
			return 1;
		}
	}
	for (unsigned long i = 0; i < t; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
