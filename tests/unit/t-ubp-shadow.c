// SPDX-License-Identifier: GPL-2.0
/* lib/ubp/shadow: per-thread shadow stacks of return probes, longjmp detection included. */
#include <errno.h>
#include <stddef.h>

#include "lib/ubp/shadow.h"
#include "tests/unit/tap.h"

#define TOP 0x7ffffff00000ULL	/* a stack grows down from here */

static int missed[8];

static void on_miss(void *arg, const struct ubp_shadow_ent *ent)
{
	(void)arg;
	missed[ent->probe]++;
}

/* Nested calls return innermost first; each gets its own address back. */
static void test_nested(void)
{
	struct ubp_shadow s = { 0 };
	struct ubp_shadow_ent ent;

	for (int d = 0; d < 100; d++) {
		check_int(ubp_shadow__enter(&s, TOP - 64 * d, on_miss, NULL), ==, 0);
		check_int(ubp_shadow__push(&s, 0x1000 + d, TOP - 64 * d, d % 2), ==, 0);
	}
	check_int(s.nr, ==, 100);
	for (int d = 99; d >= 0; d--) {
		check_int(ubp_shadow__return(&s, TOP - 64 * d, &ent, on_miss, NULL), ==, 0);
		check_uint(ent.ret, ==, 0x1000 + d);
		check_int(ent.probe, ==, d % 2);
	}
	check_int(s.nr, ==, 0);
	check_int(missed[0] + missed[1], ==, 0);
	ubp_shadow__exit(&s);
}

/* A longjmp over three frames: the next call at or above their slots drops them. */
static void test_longjmp_at_entry(void)
{
	struct ubp_shadow s = { 0 };
	struct ubp_shadow_ent ent;

	missed[2] = missed[3] = 0;
	ubp_shadow__push(&s, 0x10, TOP, 2);		/* main's caller: stays */
	ubp_shadow__push(&s, 0x20, TOP - 0x100, 3);	/* f */
	ubp_shadow__push(&s, 0x30, TOP - 0x200, 3);	/* g, from f */
	ubp_shadow__push(&s, 0x40, TOP - 0x300, 3);	/* h, longjmps back above f */
	/* The next call from main's frame lands on f's slot. */
	check_int(ubp_shadow__enter(&s, TOP - 0x100, on_miss, NULL), ==, 3);
	check_int(missed[3], ==, 3);
	check_int(s.nr, ==, 1);
	check_int(ubp_shadow__return(&s, TOP, &ent, on_miss, NULL), ==, 0);
	check_uint(ent.ret, ==, 0x10);
	check_int(missed[2], ==, 0);
	ubp_shadow__exit(&s);
}

/* A return above frames a longjmp left: they are dropped, the return found. */
static void test_longjmp_at_return(void)
{
	struct ubp_shadow s = { 0 };
	struct ubp_shadow_ent ent;

	missed[4] = missed[5] = 0;
	ubp_shadow__push(&s, 0x10, TOP - 0x80, 4);
	ubp_shadow__push(&s, 0x20, TOP - 0x180, 5);
	ubp_shadow__push(&s, 0x30, TOP - 0x280, 5);
	check_int(ubp_shadow__return(&s, TOP - 0x80, &ent, on_miss, NULL), ==, 0);
	check_uint(ent.ret, ==, 0x10);
	check_int(missed[5], ==, 2);
	check_int(missed[4], ==, 0);
	check_int(s.nr, ==, 0);
	/* A slot nobody hijacked: nothing popped, nothing missed. */
	ubp_shadow__push(&s, 0x50, TOP - 0x80, 4);
	check_int(ubp_shadow__return(&s, TOP - 0x1000, &ent, on_miss, NULL), ==, -ENOENT);
	check_int(s.nr, ==, 1);
	ubp_shadow__exit(&s);
}

/* Frames far below the stack pointer are on another stack (sigaltstack), not dead. */
static void test_other_stack(void)
{
	struct ubp_shadow s = { 0 };

	missed[6] = 0;
	ubp_shadow__push(&s, 0x10, 0x555555560000ULL, 6);	/* an alternate stack on the heap */
	check_int(ubp_shadow__enter(&s, TOP - 0x100, on_miss, NULL), ==, 0);
	check_int(missed[6], ==, 0);
	ubp_shadow__push(&s, 0x20, TOP - 0x40, 6);
	check_int(ubp_shadow__enter(&s, TOP - 0x100, on_miss, NULL), ==, 0);	/* deeper: live */
	check_int(ubp_shadow__enter(&s, TOP - 0x40, on_miss, NULL), ==, 1);	/* same slot */
	check_int(s.nr, ==, 1);
	ubp_shadow__exit(&s);
}

/* Two frames on one slot (a tail call from a hijacked frame) return in order. */
static void test_same_slot(void)
{
	struct ubp_shadow s = { 0 };
	struct ubp_shadow_ent ent;

	ubp_shadow__push(&s, 0x77, TOP - 0x100, 1);
	ubp_shadow__push(&s, 0xaaaa, TOP - 0x100, 2);	/* its "return address": the trampoline */
	check_int(ubp_shadow__return(&s, TOP - 0x100, &ent, on_miss, NULL), ==, 0);
	check_int(ent.probe, ==, 2);
	check_int(ubp_shadow__return(&s, TOP - 0x100, &ent, on_miss, NULL), ==, 0);
	check_uint(ent.ret, ==, 0x77);
	ubp_shadow__exit(&s);
}

/* A forked child's copy is independent of its parent's stack. */
static void test_copy(void)
{
	struct ubp_shadow a = { 0 }, b = { 0 };
	struct ubp_shadow_ent ent;

	ubp_shadow__push(&a, 0x1, TOP - 8, 0);
	ubp_shadow__push(&a, 0x2, TOP - 16, 0);
	check_int(ubp_shadow__copy(&b, &a), ==, 0);
	check_int(ubp_shadow__return(&b, TOP - 16, &ent, NULL, NULL), ==, 0);
	check_int(b.nr, ==, 1);
	check_int(a.nr, ==, 2);
	check_int(ubp_shadow__push(&b, 0x3, TOP - 16, 0), ==, 0);
	check_uint(b.ents[1].ret, ==, 0x3);
	check_uint(a.ents[1].ret, ==, 0x2);
	ubp_shadow__exit(&a);
	check_int(ubp_shadow__copy(&b, &a), ==, 0);
	check_int(b.nr, ==, 0);
	ubp_shadow__exit(&b);
}

int main(void)
{
	test_nested();
	test_longjmp_at_entry();
	test_longjmp_at_return();
	test_other_stack();
	test_same_slot();
	test_copy();
	return test_done();
}
