/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP helper for unit tests (git's unit-test style):
 *
 *	int main(void)
 *	{
 *		check_int(kp_foo(1), ==, 2);
 *		check_str(name, "cpu-clock");
 *		return test_done();
 *	}
 *
 * Each check prints one "ok N - expr" line; a failure also prints both values
 * and the location as TAP diagnostics.
 */
#ifndef KPROF_TESTS_TAP_H
#define KPROF_TESTS_TAP_H

#include <stdint.h>

int tap_check(int ok, const char *file, int line, const char *expr);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_skip(const char *why);
int test_done(void);

#define check(expr) tap_check(!!(expr), __FILE__, __LINE__, #expr)

#define check_int(a, op, b)                                                              \
	({                                                                               \
		long long __a = (long long)(a), __b = (long long)(b);                    \
		int __ok = tap_check(__a op __b, __FILE__, __LINE__, #a " " #op " " #b); \
		if (!__ok)                                                               \
			tap_diag("   left: %lld\n  right: %lld", __a, __b);              \
		__ok;                                                                    \
	})

#define check_uint(a, op, b)                                                             \
	({                                                                               \
		unsigned long long __a = (a), __b = (b);                                 \
		int __ok = tap_check(__a op __b, __FILE__, __LINE__, #a " " #op " " #b); \
		if (!__ok)                                                               \
			tap_diag("   left: %#llx\n  right: %#llx", __a, __b);            \
		__ok;                                                                    \
	})

int tap_check_str(const char *a, const char *b, const char *file, int line, const char *expr);
#define check_str(a, b) tap_check_str((a), (b), __FILE__, __LINE__, #a " == " #b)

#endif /* KPROF_TESTS_TAP_H */
