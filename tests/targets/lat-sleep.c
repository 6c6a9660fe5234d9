// SPDX-License-Identifier: GPL-2.0
/*
 * lat-sleep: functions of known duration, for latency tests.
 *
 *	lat-sleep [-x] [-l FILE]
 *
 * lat_a() sleeps 36 ms and is called 4 times, lat_b() 72 ms (2 calls), lat_c()
 * 144 ms (1 call).  Then lat_recurse(3) calls itself down to lat_recurse(0):
 * lat_recurse(0) sleeps 36 ms, lat_recurse(n) sleeps 36 * 2^(n-1) ms before
 * calling lat_recurse(n - 1), so call n lasts at least 36 * 2^n ms: 36, 72,
 * 144 and 288 ms.  Every duration is at least 7% above a power of two of
 * nanoseconds (2^25 ns = 33.55 ms) and, on an idle machine, far below the
 * next one.  A loaded machine may wake a sleeper late, so with -l each call
 * also measures itself (CLOCK_MONOTONIC, inside the function) and FILE gets
 * one line per call, "FUNCTION NSECS", in the order calls return: the log2
 * bucket of each call is then known exactly whatever the load.  With -x it
 * then enters lat_exit(), which never returns (the process exits in it).
 * Exit status 0, 129 on bad arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
	const char *func;
	long long ns;
} calls[16];
static int nr_calls;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void logged(const char *func, long long start)
{
	if (nr_calls < 16) {
		calls[nr_calls].func = func;
		calls[nr_calls++].ns = now_ns() - start;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

__attribute__((noinline)) void lat_a(void)
{
	long long t = now_ns();

	sleep_ms(36);
	logged("lat_a", t);
}

__attribute__((noinline)) void lat_b(void)
{
	long long t = now_ns();

	sleep_ms(72);
	logged("lat_b", t);
}

__attribute__((noinline)) void lat_c(void)
{
	long long t = now_ns();

	sleep_ms(144);
	logged("lat_c", t);
}

__attribute__((noinline)) void lat_recurse(int n)
{
	long long t = now_ns();

	sleep_ms(n ? 36L << (n - 1) : 36);
	if (n)
		lat_recurse(n - 1);
	logged("lat_recurse", t);
}

__attribute__((noinline)) void lat_exit(void)
{
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *log = NULL;
	int i, do_exit = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-x")) {
			do_exit = 1;
		} else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
			log = argv[++i];
		} else {
			fprintf(stderr, "usage: lat-sleep [-x] [-l FILE]\n");
			return 129;
		}
	}
	for (i = 0; i < 4; i++)
		lat_a();
	for (i = 0; i < 2; i++)
		lat_b();
	lat_c();
	lat_recurse(3);
	if (log) {
		FILE *f = fopen(log, "w");

		if (!f)
			return 1;
		for (i = 0; i < nr_calls; i++)
			fprintf(f, "%s %lld\n", calls[i].func, calls[i].ns);
		fclose(f);
	}
	if (do_exit)
		lat_exit();
	return 0;
}
