// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-ctor: calls ubp_ctor_work() of libubp-ctor.so N times (default 10); the
 * library's constructor has called it 3 times before main.  Prints
 * "calls 13" (the library's count) and exits 0.
 *
 *	ubp-ctor [N]
 */
#include <stdio.h>
#include <stdlib.h>

extern volatile unsigned long ubp_ctor_sink;
void ubp_ctor_work(void);

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10;

	for (unsigned long i = 0; i < n; i++)
		ubp_ctor_work();
	printf("calls %lu\n", ubp_ctor_sink);
	return 0;
}
