// SPDX-License-Identifier: GPL-2.0
/*
 * probe-uselib: calls plib_work() of libprobe-lib.so N times and plib_other()
 * M times (probes on a shared library).
 *
 *	probe-uselib N [M]
 */
#include <stdio.h>
#include <stdlib.h>

void plib_work(void);
void plib_other(void);

int main(int argc, char **argv)
{
	unsigned long n, m = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: probe-uselib N [M]\n");
		return 129;
	}
	n = strtoul(argv[1], NULL, 10);
	if (argc == 3)
		m = strtoul(argv[2], NULL, 10);
	for (unsigned long i = 0; i < n; i++)
		plib_work();
	for (unsigned long i = 0; i < m; i++)
		plib_other();
	return 0;
}
