// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tap.h"

static int nr_tests, nr_failed;

int tap_check(int ok, const char *file, int line, const char *expr)
{
	nr_tests++;
	printf("%sok %d - %s\n", ok ? "" : "not ", nr_tests, expr);
	if (!ok) {
		nr_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return ok;
}

void tap_diag(const char *fmt, ...)
{
	char buf[4096], *p, *line;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (line = strtok_r(buf, "\n", &p); line; line = strtok_r(NULL, "\n", &p))
		printf("# %s\n", line);
	fflush(stdout);
}

void tap_skip(const char *why)
{
	nr_tests++;
	printf("ok %d # SKIP %s\n", nr_tests, why);
}

int tap_check_str(const char *a, const char *b, const char *file, int line, const char *expr)
{
	int ok = a && b && !strcmp(a, b);

	tap_check(ok, file, line, expr);
	if (!ok)
		tap_diag("   left: \"%s\"\n  right: \"%s\"", a ? a : "(null)", b ? b : "(null)");
	return ok;
}

int test_done(void)
{
	printf("1..%d\n", nr_tests);
	return nr_failed ? 1 : 0;
}
