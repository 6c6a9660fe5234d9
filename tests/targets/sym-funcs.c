// SPDX-License-Identifier: GPL-2.0
/*
 * sym-funcs: functions with known names for symbol resolution tests.
 *
 *	sym-funcs [MS]
 *
 * Burns MS milliseconds of CPU time (default 200) in sym_hot(), then a tenth
 * of that in sym_static_work() (a local symbol), and exits 0 (129 on a bad
 * argument).  sym_alias is a second global name of sym_hot (perf keeps the
 * longer name of two equal symbols); sym_weak is weak; sym_data is an object.
 * Built with -DSYM_LIB it is a shared library exporting the same functions
 * (no main); with -DSYM_V2 it has one more function, sym_only_v2.
 */
#include <stdlib.h>
#include <time.h>

#define CHUNK 100000UL

volatile unsigned long sym_data[64];

static unsigned long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

__attribute__((noinline)) void sym_hot(unsigned long ms)
{
	unsigned long long end = cpu_ns() + ms * 1000000ULL;
	unsigned long x = sym_data[0];

	do {
		for (unsigned long i = 0; i < CHUNK; i++)
			x = x * 31 + i;
	} while (cpu_ns() < end);
	sym_data[0] = x;
}

void sym_alias(unsigned long ms) __attribute__((alias("sym_hot")));

__attribute__((noinline)) static void sym_static_work(unsigned long ms)
{
	unsigned long long end = cpu_ns() + ms * 1000000ULL;
	unsigned long x = sym_data[1];

	do {
		for (unsigned long i = 0; i < CHUNK; i++)
			x = x * 17 + i;
	} while (cpu_ns() < end);
	sym_data[1] = x;
}

__attribute__((noinline, weak)) void sym_weak(unsigned long ms)
{
	sym_static_work(ms);
}

#ifdef SYM_V2
__attribute__((noinline)) void sym_only_v2(void)
{
	sym_data[2]++;
}
#endif

#ifndef SYM_LIB
int main(int argc, char **argv)
{
	unsigned long ms = 200;
	char *end;

	if (argc > 1) {
		ms = strtoul(argv[1], &end, 10);
		if (*end || !ms)
			return 129;
	}
	sym_hot(ms);
	sym_weak(ms / 10);
	return 0;
}
#endif
