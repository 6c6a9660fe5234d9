// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-longjmp: probed functions left by longjmp.  For i = 1..N (default 100)
 * main calls ubp_jumper(i), which calls ubp_inner(i); for odd i ubp_inner
 * longjmps back to main, leaving both frames without returning.  A last
 * ubp_jumper(0) returns normally.  So with N even: N + 1 calls of each,
 * N / 2 + 1 returns, N / 2 frames unwound.  Prints "jumps 50 returns 51" and
 * exits 0.
 *
 *	ubp-longjmp [N]
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static jmp_buf env;
static volatile unsigned long sink;

__attribute__((noinline)) void ubp_inner(unsigned long i)
{
	sink += i;
	if (i % 2)
		longjmp(env, 1);
}

__attribute__((noinline)) void ubp_jumper(unsigned long i)
{
	ubp_inner(i);
	sink++;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	volatile unsigned long jumps = 0, returns = 0, i;

	for (i = 1; i <= n; i++) {
		if (setjmp(env)) {
			jumps++;
			continue;
		}
		ubp_jumper(i);
		returns++;
	}
	ubp_jumper(0);
	returns++;
	printf("jumps %lu returns %lu\n", jumps, returns);
	return 0;
}
