// SPDX-License-Identifier: GPL-2.0
/*
 * probe-count: functions called an exact number of times, for probe tests.
 *
 *	probe-count [-w FILE] A [B [C [DEPTH]]]
 *
 * Calls work_a() A times, work_b() B times, work_c() C times (B and C default
 * to 0), then probe_recurse(DEPTH), which calls itself down to 1 (DEPTH calls
 * in all, DEPTH returns).  work_never() is never called.  With -w FILE it then
 * writes its pid into FILE and waits for a signal (tests interrupt it there).
 *
 *	probe-count --first-byte
 *
 * prints the first byte of work_a's code in hex ("cc" while a uprobe's
 * breakpoint sits there) and exits.  Exit status: 0, 129 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile unsigned long sink;

__attribute__((noinline)) void work_a(void)
{
	sink += 1;
}

__attribute__((noinline)) void work_b(void)
{
	sink += 2;
}

__attribute__((noinline)) void work_c(void)
{
	sink += 3;
}

__attribute__((noinline)) void work_never(void)
{
	sink += 4;
}

__attribute__((noinline)) unsigned long probe_recurse(unsigned long depth)
{
	if (depth <= 1)
		return 1;
	return probe_recurse(depth - 1) + 1 + (sink & 0);
}

static int number(const char *s, unsigned long *v)
{
	char *end;

	*v = strtoul(s, &end, 10);
	return *s && !*end ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long n[4] = { 0 };
	const char *wait_file = NULL;
	int i = 1;

	if (argc == 2 && !strcmp(argv[1], "--first-byte")) {
		printf("%02x\n", *(const volatile unsigned char *)work_a);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "-w")) {
		wait_file = argv[2];
		i = 3;
	}
	if (argc - i < 1 || argc - i > 4) {
		fprintf(stderr, "usage: probe-count [-w FILE] A [B [C [DEPTH]]]\n");
		return 129;
	}
	for (int j = 0; i < argc; i++, j++) {
		if (number(argv[i], &n[j])) {
			fprintf(stderr, "probe-count: bad number '%s'\n", argv[i]);
			return 129;
		}
	}
	for (unsigned long k = 0; k < n[0]; k++)
		work_a();
	for (unsigned long k = 0; k < n[1]; k++)
		work_b();
	for (unsigned long k = 0; k < n[2]; k++)
		work_c();
	if (n[3])
		sink += probe_recurse(n[3]);
	if (wait_file) {
		char tmp[4096];
		FILE *f;

		/* Written whole, then renamed: a reader never sees an empty file. */
		snprintf(tmp, sizeof(tmp), "%s.tmp", wait_file);
		f = fopen(tmp, "w");
		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) ||
		    rename(tmp, wait_file)) {
			perror(wait_file);
			return 1;
		}
		for (;;)
			pause();
	}
	return 0;
}
