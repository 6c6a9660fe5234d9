// SPDX-License-Identifier: GPL-2.0
/*
 * lat-sleep: functions of known duration, for latency tests.
 *
 *	lat-sleep [-x]
 *
 * lat_a() sleeps 36 ms and is called 4 times, lat_b() 72 ms (2 calls), lat_c()
 * 144 ms (1 call).  Then lat_recurse(3) calls itself down to lat_recurse(0):
 * lat_recurse(0) sleeps 36 ms, lat_recurse(n) sleeps 36 * 2^(n-1) ms before
 * calling lat_recurse(n - 1), so call n lasts at least 36 * 2^n ms: 36, 72,
 * 144 and 288 ms.  Every duration is at least 7% above a power of two of
 * nanoseconds (2^25 ns = 33.55 ms) and 31 ms or more below the next one (a
 * margin for a loaded machine), so each call falls in a known log2 bucket.  With -x it then enters lat_exit(), which
 * never returns (the process exits in it).  Exit status 0, 129 on bad arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

__attribute__((noinline)) void lat_a(void)
{
	sleep_ms(36);
}

__attribute__((noinline)) void lat_b(void)
{
	sleep_ms(72);
}

__attribute__((noinline)) void lat_c(void)
{
	sleep_ms(144);
}

__attribute__((noinline)) void lat_recurse(int n)
{
	sleep_ms(n ? 36L << (n - 1) : 36);
	if (n)
		lat_recurse(n - 1);
	__asm__ volatile("" ::: "memory"); /* no tail call */
}

__attribute__((noinline)) void lat_exit(void)
{
	_exit(0);
}

int main(int argc, char **argv)
{
	int i;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-x"))) {
		fprintf(stderr, "usage: lat-sleep [-x]\n");
		return 129;
	}
	for (i = 0; i < 4; i++)
		lat_a();
	for (i = 0; i < 2; i++)
		lat_b();
	lat_c();
	lat_recurse(3);
	if (argc == 2)
		lat_exit();
	return 0;
}
