// SPDX-License-Identifier: GPL-2.0
/*
 * A known call structure for callchain tests: main -> a -> b -> leaf and
 * main -> c -> leaf, each path spinning in leaf for N iterations (argv[1],
 * default 400M), so stacks are {main;a;b;leaf} and {main;c;leaf} in about equal
 * parts.  Every function keeps a frame (the volatile local makes leaf one too,
 * else gcc gives a leaf function no frame and fp unwinding loses its caller).
 */
#include <stdlib.h>

volatile unsigned long sink;

__attribute__((noinline)) void leaf(unsigned long n)
{
	volatile unsigned long x[1];

	for (unsigned long i = 0; i < n; i++) {
		x[0] = i;
		sink += x[0];
	}
}

__attribute__((noinline)) void b(unsigned long n)
{
	leaf(n);
	sink += 2;
}

__attribute__((noinline)) void a(unsigned long n)
{
	b(n);
	sink += 1;
}

__attribute__((noinline)) void c(unsigned long n)
{
	leaf(n);
	sink += 3;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 400000000UL;

	a(n);
	c(n);
	return 0;
}
