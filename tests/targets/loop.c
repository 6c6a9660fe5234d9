// SPDX-License-Identifier: GPL-2.0
/*
 * loop: exact call counts.
 *
 *	loop [N [STATUS]]
 *
 * Calls the noinline function loop_func() exactly N times (default 1000) from
 * main(), each call doing a little fixed work (LOOP_WORK iterations), then
 * prints nothing and exits with STATUS (default 0), so tests can check that a
 * profiler passes the target's exit status through.  Bad arguments exit 129.
 * loop_func() takes its argument in a register and returns a value that main()
 * accumulates, so every call is a real call at a stable address.
 */
#include <stdio.h>
#include <stdlib.h>

#define LOOP_WORK 100

static volatile unsigned long sink;

__attribute__((noinline)) unsigned long loop_func(unsigned long i)
{
	unsigned long x = i;

	for (int k = 0; k < LOOP_WORK; k++)
		x = x * 31 + k;
	return x;
}

static int parse(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	*out = strtoul(s, &end, 10);
	return *s && *s != '-' && !*end && *out <= max ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long n = 1000, status = 0, acc = 0;

	if (argc > 3 || (argc > 1 && parse(argv[1], ~0UL, &n)) ||
	    (argc > 2 && parse(argv[2], 255, &status))) {
		fprintf(stderr, "usage: loop [N [STATUS]]\n");
		return 129;
	}
	for (unsigned long i = 0; i < n; i++)
		acc += loop_func(i);
	sink = acc;
	return (int)status;
}
