// SPDX-License-Identifier: GPL-2.0
/*
 * probe-args: a function with arguments for probe argument tests.
 *
 *	probe-args N
 *
 * Calls probe_arg(i * 10, "s<i>") for i = 1..N: a probe fetching %di sees
 * 10, 20, ... N * 10 and %si a string "s1", "s2", ...  Exit status 0, 129 on
 * bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>

volatile unsigned long sink;

__attribute__((noinline)) void probe_arg(unsigned long v, const char *s)
{
	sink += v + (unsigned char)s[0];
}

int main(int argc, char **argv)
{
	char buf[32];
	long n;

	if (argc != 2 || (n = atol(argv[1])) < 0) {
		fprintf(stderr, "usage: probe-args N\n");
		return 129;
	}
	for (long i = 1; i <= n; i++) {
		snprintf(buf, sizeof(buf), "s%ld", i);
		probe_arg((unsigned long)i * 10, buf);
	}
	return 0;
}
