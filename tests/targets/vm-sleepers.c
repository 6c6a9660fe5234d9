// SPDX-License-Identifier: GPL-2.0
/*
 * vm-sleepers — T threads that sleep at the same time: each calls
 * nanosleep(2 ms) N times, so do_nanosleep runs T * N times with up to T calls
 * pending at once (what exhausts a kretprobe with maxactive 1).  Static, for
 * tests/vm/'s guests.
 *
 * Usage: vm-sleepers T N
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int n;

static void *sleeper(void *arg)
{
	struct timespec ts = { .tv_nsec = 2 * 1000 * 1000 };

	(void)arg;
	for (int i = 0; i < n; i++)
		nanosleep(&ts, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t tids[64];
	int t;

	if (argc != 3 || (t = atoi(argv[1])) < 1 || t > 64 || (n = atoi(argv[2])) < 0) {
		fprintf(stderr, "usage: vm-sleepers T N\n");
		return 129;
	}
	for (int i = 0; i < t; i++)
		if (pthread_create(&tids[i], NULL, sleeper, NULL)) {
			perror("vm-sleepers: pthread_create");
			return 1;
		}
	for (int i = 0; i < t; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
