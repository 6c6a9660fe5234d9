// SPDX-License-Identifier: GPL-2.0
/* lib/snapshot: partial sorting of row indexes, copies with call trees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/snapshot.h"
#include "tests/unit/tap.h"

#define NR 5000

static char names[NR][16];

static void fill(struct kp_snapshot *snap)
{
	srand(7);
	for (int i = 0; i < NR; i++) {
		struct kp_snap_row row = { .total = rand() % 50, .hits = rand() % 7,
					   .children = rand() % 100, .missed = -1, .level = '.' };

		snprintf(names[i], sizeof(names[i]), "sym_%04d", rand() % 3000);
		row.sym = i % 97 ? names[i] : NULL;	/* some unresolved */
		row.addr = i;
		kp_snapshot__add(snap, &row);
	}
}

/* Partial sorts in steps give the same prefix as a full sort, for every key. */
static void test_sort_idx(void)
{
	static size_t idx[NR];
	struct kp_snapshot snap, full;

	kp_snapshot__init(&snap);
	kp_snapshot__init(&full);
	fill(&snap);
	for (int s = 0; s < KP_SNAP_SORT__NR; s++) {
		size_t steps[] = { 1, 40, 41, 300, 2000, NR };
		size_t from = 0, nr = kp_snapshot__filter(&snap, NULL, KP_SNAP_ALL, idx);
		int bad = 0;

		check_int(kp_snapshot__copy(&full, &snap), ==, 0);
		kp_snapshot__sort(&full, s);
		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			kp_snapshot__sort_idx(&snap, s, idx, nr, from, steps[k]);
			from = steps[k];
		}
		for (size_t i = 0; i < nr; i++)
			bad += kp_snap_row__cmp(&snap.rows[idx[i]], &full.rows[i], s) != 0;
		check_int(bad, ==, 0);
		/* only a prefix: the rest is still a permutation */
		nr = kp_snapshot__filter(&snap, NULL, KP_SNAP_ALL, idx);
		kp_snapshot__sort_idx(&snap, s, idx, nr, 0, 25);
		bad = 0;
		for (size_t i = 0; i < 25; i++)
			bad += kp_snap_row__cmp(&snap.rows[idx[i]], &full.rows[i], s) != 0;
		check_int(bad, ==, 0);
		{
			static char seen[NR];
			size_t dup = 0;

			memset(seen, 0, sizeof(seen));
			for (size_t i = 0; i < nr; i++)
				dup += seen[idx[i]]++;
			check_uint(dup, ==, 0);
		}
	}
	kp_snapshot__exit(&snap);
	kp_snapshot__exit(&full);
}

static void test_copy_nodes(void)
{
	struct kp_snapshot a, b;
	struct kp_snap_row row = { .sym = "leaf", .total = 4, .missed = -1 };
	struct kp_snap_node n = { .sym = "b", .hits = 3, .nr_desc = 1 };

	kp_snapshot__init(&a);
	kp_snapshot__init(&b);
	a.has_callchains = true;
	row.chain[KP_SNAP_CALLERS] = 0;
	row.nr_chain[KP_SNAP_CALLERS] = 2;
	check_int(kp_snapshot__add_node(&a, &n), ==, 0);
	n = (struct kp_snap_node){ .sym = "a", .hits = 3, .depth = 1 };
	check_int(kp_snapshot__add_node(&a, &n), ==, 0);
	check_int(kp_snapshot__add(&a, &row), ==, 0);
	check_int(kp_snapshot__copy(&b, &a), ==, 0);
	check(b.nodes != a.nodes && b.rows != a.rows);
	check_uint(b.nr_nodes, ==, 2);
	check_str(b.nodes[1].sym, "a");
	check(b.has_callchains);
	kp_snapshot__reset(&a);
	check_uint(a.nr_nodes, ==, 0);
	check_uint(b.nr_nodes, ==, 2);
	check_str(kp_snap_node__sym(&b.nodes[0], NULL, 0), "b");
	{
		char buf[32];
		struct kp_snap_node u = { .addr = 0xabc };

		check_str(kp_snap_node__sym(&u, buf, sizeof(buf)), "0x0000000000000abc");
	}
	kp_snapshot__exit(&a);
	kp_snapshot__exit(&b);
}

int main(void)
{
	test_sort_idx();
	test_copy_nodes();
	return test_done();
}
