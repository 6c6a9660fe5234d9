// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-sigtrap: a program with its own SIGTRAP handler.  Calls ubp_probed()
 * N times (default 100); every 10th call it raises SIGTRAP itself (raise) and
 * every 25th it executes its own int3; the handler counts the traps.  Prints
 * the counts ("calls 100 traps 14") and exits 0.
 *
 *	ubp-sigtrap [N]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t traps;
static volatile unsigned long sink;

static void on_trap(int sig)
{
	(void)sig;
	traps++;
}

__attribute__((noinline)) void ubp_probed(unsigned long i)
{
	sink += i;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100, calls = 0;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_trap;
	sigaction(SIGTRAP, &sa, NULL);
	for (unsigned long i = 1; i <= n; i++) {
		ubp_probed(i);
		calls++;
		if (i % 10 == 0)
			raise(SIGTRAP);
		if (i % 25 == 0)
			__asm__ volatile("int3");
	}
	printf("calls %lu traps %d\n", calls, (int)traps);
	return 0;
}
