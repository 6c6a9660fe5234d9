// SPDX-License-Identifier: GPL-2.0
/*
 * demo: the bundled workload of `make demo`.
 *
 *	demo [SCALE]
 *
 * Three noinline functions burn CPU with fixed iteration counts in a 50% / 30% /
 * 20% split: demo_heavy() (50%), demo_medium() (30%), demo_light() (20%), all
 * called from demo_run() in rounds so every function is sampled throughout the
 * run.  SCALE (a decimal, default 1) multiplies the work; SCALE 1 takes about a
 * second of CPU time on a current x86 machine.  Prints nothing; exits 0, or 129
 * on a bad argument.
 */
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS 100
/* Iterations of one round of the whole demo at SCALE 1 (about 10 ms). */
#define ROUND_ITERS 14000000UL

static volatile unsigned long sink;

/* Each function has its own loop so the time lands in the function itself. */
__attribute__((noinline)) static void demo_heavy(unsigned long n)
{
	unsigned long x = sink;

	for (unsigned long i = 0; i < n; i++)
		x = x * 31 + i;
	sink = x;
}

__attribute__((noinline)) static void demo_medium(unsigned long n)
{
	unsigned long x = sink;

	for (unsigned long i = 0; i < n; i++)
		x = x * 31 + i;
	sink = x;
}

__attribute__((noinline)) static void demo_light(unsigned long n)
{
	unsigned long x = sink;

	for (unsigned long i = 0; i < n; i++)
		x = x * 31 + i;
	sink = x;
}

__attribute__((noinline)) static void demo_run(unsigned long round_iters)
{
	for (int r = 0; r < ROUNDS; r++) {
		demo_heavy(round_iters / 10 * 5);
		demo_medium(round_iters / 10 * 3);
		demo_light(round_iters / 10 * 2);
	}
}

int main(int argc, char **argv)
{
	double scale = 1.0;
	char *end;

	if (argc > 2) {
		fprintf(stderr, "usage: demo [SCALE]\n");
		return 129;
	}
	if (argc == 2) {
		scale = strtod(argv[1], &end);
		if (*end || end == argv[1] || scale <= 0 || scale > 1e6) {
			fprintf(stderr, "demo: bad scale '%s'\n", argv[1]);
			return 129;
		}
	}
	demo_run((unsigned long)(ROUND_ITERS * scale));
	return 0;
}
