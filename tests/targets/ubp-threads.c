// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-threads: T threads (default 8) each call ubp_work() N times (default
 * 10000); main waits for them, prints the total of the calls on stdout and a
 * line on stderr, and exits 3 (a non-zero status to pass through).
 *
 *	ubp-threads [T [N]]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;
static unsigned long n = 10000;

__attribute__((noinline)) void ubp_work(unsigned long i)
{
	__atomic_add_fetch(&sink, i & 1, __ATOMIC_RELAXED);
}

static void *thread(void *arg)
{
	unsigned long *calls = arg;

	for (unsigned long i = 0; i < n; i++) {
		ubp_work(i);
		(*calls)++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long t = argc > 1 ? strtoul(argv[1], NULL, 10) : 8, total = 0;
	unsigned long calls[64] = { 0 };
	pthread_t tid[64];

	if (argc > 2)
		n = strtoul(argv[2], NULL, 10);
	if (t < 1 || t > 64) {
		fprintf(stderr, "usage: ubp-threads [T [N]]\n");
		return 129;
	}
	for (unsigned long i = 0; i < t; i++)
		if (pthread_create(&tid[i], NULL, thread, &calls[i]))
			return 1;
	for (unsigned long i = 0; i < t; i++) {
		pthread_join(tid[i], NULL);
		total += calls[i];
	}
	printf("calls %lu sink %lu\n", total, sink);
	fprintf(stderr, "ubp-threads: done\n");
	return 3;
}
