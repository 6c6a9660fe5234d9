// SPDX-License-Identifier: GPL-2.0
/*
 * probe-many: 300 functions, many_000() .. many_299(), for glob sets of
 * probes ('many_*' matches exactly 300).  The functions are generated here by
 * the preprocessor (D100 expands to 100 definitions), not written out.
 *
 *	probe-many [-t] [K]
 *
 * Calls each function K times (default 1), in order, so every member of a
 * glob set is hit exactly K times.  With -t it first prints the
 * CLOCK_REALTIME time at which it started, in nanoseconds, as "start NS"
 * (bench/probes.sh measures how long a profiler takes from its own start to
 * running its workload).  Exit status: 0, 129 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile unsigned long sink;

#define MANY_FN(n)	__attribute__((noinline)) void many_##n(void) { sink += 1; }
#define MANY_PTR(n)	many_##n,

#define D10(X, p)	X(p##0) X(p##1) X(p##2) X(p##3) X(p##4) \
			X(p##5) X(p##6) X(p##7) X(p##8) X(p##9)
#define D100(X, p)	D10(X, p##0) D10(X, p##1) D10(X, p##2) D10(X, p##3) D10(X, p##4) \
			D10(X, p##5) D10(X, p##6) D10(X, p##7) D10(X, p##8) D10(X, p##9)
#define D300(X)		D100(X, 0) D100(X, 1) D100(X, 2)

D300(MANY_FN)

static void (*const many[])(void) = { D300(MANY_PTR) };

#define NR_MANY	(sizeof(many) / sizeof(many[0]))

int main(int argc, char **argv)
{
	unsigned long k = 1;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-t")) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		printf("start %lld%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
		fflush(stdout);
		i++;
	}
	if (argc - i > 1) {
		fprintf(stderr, "usage: probe-many [-t] [K]\n");
		return 129;
	}
	if (argc - i == 1) {
		char *end;

		k = strtoul(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			fprintf(stderr, "probe-many: bad number '%s'\n", argv[i]);
			return 129;
		}
	}
	for (unsigned long r = 0; r < k; r++)
		for (size_t f = 0; f < NR_MANY; f++)
			many[f]();
	return 0;
}
