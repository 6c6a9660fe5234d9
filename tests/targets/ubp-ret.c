// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-ret: known calls for return probes.  ubp_leaf() runs N times (default
 * 1000), ubp_fib(K) recurses (ubp_fib(15) makes 1973 calls of ubp_fib), and
 * ubp_deep(D) nests D + 1 calls deep.  ubp_tail() runs T times (default 0),
 * each ending in a tail call (a jmp) to ubp_tail_callee(), which so returns
 * straight to ubp_tail()'s caller.  Prints what they computed:
 * "leaf 1000 fib(15) 610 deep 200" and exits 0.
 *
 *	ubp-ret [N [K [D [T]]]]
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) unsigned long ubp_leaf(unsigned long i)
{
	sink += i;
	return sink;
}

__attribute__((noinline)) unsigned long ubp_fib(unsigned long k)
{
	if (k < 2)
		return k;
	return ubp_fib(k - 1) + ubp_fib(k - 2);
}

__attribute__((noinline)) unsigned long ubp_deep(unsigned long d)
{
	sink++;
	return d ? ubp_deep(d - 1) + 1 : 0;
}

__attribute__((noinline)) unsigned long ubp_tail_callee(unsigned long x)
{
	sink += x;
	return sink;
}

/* A sibling call even at -O1: the jmp replaces call + ret. */
__attribute__((noinline, optimize("optimize-sibling-calls"))) unsigned long
ubp_tail(unsigned long x)
{
	return ubp_tail_callee(x + 1);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	unsigned long k = argc > 2 ? strtoul(argv[2], NULL, 10) : 15;
	unsigned long d = argc > 3 ? strtoul(argv[3], NULL, 10) : 200, leaves = 0;
	unsigned long t = argc > 4 ? strtoul(argv[4], NULL, 10) : 0;

	for (unsigned long i = 0; i < n; i++)
		leaves += ubp_leaf(i) != 0 || i == 0;
	for (unsigned long i = 0; i < t; i++)
		ubp_tail(i);
	printf("leaf %lu fib(%lu) %lu deep %lu\n", leaves, k, ubp_fib(k), ubp_deep(d));
	return 0;
}
