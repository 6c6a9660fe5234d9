// SPDX-License-Identifier: GPL-2.0
/* lib/top and lib/snapshot: live counts per symbol, intervals, zeroing, sort and filter. */
#include <stdio.h>
#include <string.h>

#include "lib/hist.h"
#include "lib/snapshot.h"
#include "lib/top.h"
#include "tests/unit/tap.h"

static int dso_demo, dso_kernel;
static int sym_heavy, sym_light, sym_sched;

static struct kp_top_key key(const void *dso, const char *dso_name, const void *sym,
			     const char *sym_name, uint64_t addr, char level)
{
	return (struct kp_top_key){ .dso = dso, .dso_name = dso_name, .sym = sym,
				    .sym_name = sym_name, .addr = addr, .level = level };
}

static const struct kp_snap_row *row_of(const struct kp_snapshot *snap, const char *sym)
{
	for (size_t i = 0; i < snap->nr_rows; i++)
		if (snap->rows[i].sym && !strcmp(snap->rows[i].sym, sym))
			return &snap->rows[i];
	return NULL;
}

static void test_intervals(void)
{
	struct kp_top_key heavy = key(&dso_demo, "demo", &sym_heavy, "demo_heavy", 0x1000, '.');
	struct kp_top_key light = key(&dso_demo, "demo", &sym_light, "demo_light", 0x2000, '.');
	struct kp_top_key sched = key(&dso_kernel, "[kernel.kallsyms]", &sym_sched, "schedule",
				      0xffff0000, 'k');
	struct kp_top_key anon = key(NULL, NULL, NULL, NULL, 0x7777, '.');
	struct kp_top_key anon2 = key(NULL, NULL, NULL, NULL, 0x8888, '.');
	const struct kp_snap_row *r;
	struct kp_snapshot snap;
	struct kp_top *top;

	kp_snapshot__init(&snap);
	check_int(kp_top__new(&top), ==, 0);
	check_int(kp_top__add(top, &heavy, 6), ==, 0);
	check_int(kp_top__add(top, &light, 3), ==, 0);
	check_int(kp_top__add(top, &sched, 1), ==, 0);
	check_int(kp_top__add(top, &anon, 1), ==, 0);
	check_int(kp_top__add(top, &anon2, 1), ==, 0);
	check_int(kp_top__add(top, &anon, 1), ==, 0);
	check_uint(kp_top__nr_entries(top), ==, 5);

	check_int(kp_top__snapshot(top, &snap, 0.5), ==, 0);
	check_uint(snap.nr_rows, ==, 5);
	kp_snapshot__sort(&snap, KP_SNAP_SORT_TOTAL);
	check_str(snap.rows[0].sym, "demo_heavy");
	check_uint(snap.rows[0].total, ==, 6);
	check_uint(snap.rows[0].hits, ==, 6);
	check(snap.rows[0].rate == 12.0);
	check(snap.rows[0].share == 100.0 * 6 / 13);	/* of 6+3+1+2+1 */
	check_int(snap.rows[0].missed, ==, -1);
	check_str(snap.rows[1].sym, "demo_light");
	/* the unresolved address of 2 hits before the one of 1 */
	check(!snap.rows[2].sym && snap.rows[2].addr == 0x7777 && snap.rows[2].total == 2);

	/* second interval: only light is hit */
	check_int(kp_top__add(top, &light, 4), ==, 0);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	r = row_of(&snap, "demo_heavy");
	check(r && r->hits == 0 && r->total == 6);
	r = row_of(&snap, "demo_light");
	check(r && r->hits == 4 && r->total == 7 && r->rate == 4.0);
	kp_snapshot__sort(&snap, KP_SNAP_SORT_RECENT);
	check_str(snap.rows[0].sym, "demo_light");
	kp_snapshot__sort(&snap, KP_SNAP_SORT_TOTAL);
	check_str(snap.rows[0].sym, "demo_light");	/* 7 > 6 */

	/* zeroing: rows disappear until hit again */
	kp_top__zero(top);
	check_int(kp_top__add(top, &sched, 2), ==, 0);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	check_uint(snap.nr_rows, ==, 1);
	check_str(snap.rows[0].sym, "schedule");
	check(snap.rows[0].share == 100.0);
	kp_top__delete(top);
	kp_snapshot__exit(&snap);
}

static void add(struct kp_snapshot *snap, const char *sym, const char *dso, uint64_t total,
		uint64_t hits, char level)
{
	struct kp_snap_row row = { .sym = sym, .dso = dso, .total = total, .hits = hits,
				   .level = level, .missed = -1, .addr = 0xabc };

	check_int(kp_snapshot__add(snap, &row), ==, 0);
}

static void test_sort_filter(void)
{
	struct kp_snapshot snap;
	size_t idx[8], n;
	char buf[32];

	kp_snapshot__init(&snap);
	add(&snap, "demo_medium", "demo", 30, 1, '.');
	add(&snap, "demo_heavy", "demo", 50, 2, '.');
	add(&snap, "vfs_read", "[kernel.kallsyms]", 5, 5, 'k');
	add(&snap, NULL, NULL, 5, 0, '.');
	add(&snap, "demo_light", "demo", 20, 3, '.');

	kp_snapshot__sort(&snap, KP_SNAP_SORT_SYM);
	check_str(snap.rows[0].sym, "demo_heavy");
	check_str(snap.rows[3].sym, "vfs_read");
	check(snap.rows[4].sym == NULL);	/* unknown last */
	kp_snapshot__sort(&snap, KP_SNAP_SORT_DSO);
	check_str(snap.rows[0].dso, "[kernel.kallsyms]");
	check_str(snap.rows[1].sym, "demo_heavy");
	kp_snapshot__sort(&snap, KP_SNAP_SORT_RECENT);
	check_str(snap.rows[0].sym, "vfs_read");
	kp_snapshot__sort(&snap, KP_SNAP_SORT_TOTAL);
	check_str(snap.rows[0].sym, "demo_heavy");
	/* equal totals: by name, unknown last */
	check_str(snap.rows[3].sym, "vfs_read");
	check(snap.rows[4].sym == NULL);
	check_str(kp_snap_sort__name(KP_SNAP_SORT_RECENT), "recent");

	n = kp_snapshot__filter(&snap, "demo_", KP_SNAP_ALL, idx);
	check_uint(n, ==, 3);
	n = kp_snapshot__filter(&snap, "demo_[hm]*", KP_SNAP_ALL, idx);
	check_uint(n, ==, 2);
	check_str(snap.rows[idx[0]].sym, "demo_heavy");
	check_str(snap.rows[idx[1]].sym, "demo_medium");
	n = kp_snapshot__filter(&snap, "*_read", KP_SNAP_ALL, idx);
	check_uint(n, ==, 1);
	n = kp_snapshot__filter(&snap, "demo", KP_SNAP_KERNEL, idx);
	check_uint(n, ==, 0);
	n = kp_snapshot__filter(&snap, NULL, KP_SNAP_KERNEL, idx);
	check_uint(n, ==, 1);
	n = kp_snapshot__filter(&snap, "", KP_SNAP_USER, idx);
	check_uint(n, ==, 4);
	n = kp_snapshot__filter(&snap, "0xabc", KP_SNAP_ALL, idx);	/* not a substring */
	check_uint(n, ==, 0);
	n = kp_snapshot__filter(&snap, "abc", KP_SNAP_ALL, idx);	/* the address's text */
	check_uint(n, ==, 1);
	check_str(kp_snap_row__sym(&snap.rows[4], buf, sizeof(buf)), "0x0000000000000abc");
	kp_snapshot__exit(&snap);
}

static void test_from_hist(void)
{
	enum kp_sort_key keys[] = { KP_SORT_COMM, KP_SORT_DSO, KP_SORT_SYM };
	struct kp_hist_key k = { .comm = "demo", .dso = &dso_demo, .dso_name = "demo",
				 .sym = &sym_heavy, .sym_name = "demo_heavy", .sym_start = 0x10,
				 .sym_end = 0x20, .level = '.' };
	struct kp_snapshot snap;
	struct kp_hist *hist;

	kp_snapshot__init(&snap);
	check_int(kp_hist__new(&hist, keys, 3), ==, 0);
	check_int(kp_hist__add(hist, &k, 300), ==, 0);
	check_int(kp_hist__add(hist, &k, 300), ==, 0);
	k.sym = &sym_light;
	k.sym_name = "demo_light";
	k.sym_start = 0x30;
	k.sym_end = 0x40;
	check_int(kp_hist__add(hist, &k, 200), ==, 0);
	check_int(kp_hist__sort(hist), ==, 0);
	check_int(kp_snapshot__from_hist(&snap, hist), ==, 0);
	check_uint(snap.nr_rows, ==, 2);
	check_str(snap.rows[0].sym, "demo_heavy");
	check_str(snap.rows[0].comm, "demo");
	check_uint(snap.rows[0].total, ==, 2);
	check(snap.rows[0].share == 75.0);
	check(snap.rows[0].rate < 0);
	check_uint(snap.samples, ==, 3);
	kp_hist__delete(hist);
	kp_snapshot__exit(&snap);
}

/* cc-fp's structure: main;a;b;leaf three times, main;c;leaf once */
static int sym_main, sym_a, sym_b, sym_c, sym_leaf, sym_f, sym_g;

static struct kp_top_key fn(const void *sym, const char *name)
{
	return key(&dso_demo, "cc-fp", sym, name, 0x100, '.');
}

/* The node names of a run, "name/depth/hits" joined by spaces. */
static const char *tree_str(const struct kp_snapshot *snap, const struct kp_snap_row *r, int t)
{
	static char buf[512];
	int len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < r->nr_chain[t] && len < (int)sizeof(buf) - 64; i++) {
		const struct kp_snap_node *n = &snap->nodes[r->chain[t] + i];

		len += snprintf(buf + len, sizeof(buf) - len, "%s%s/%u/%llu+%u", i ? " " : "",
				n->sym, n->depth, (unsigned long long)n->hits, n->nr_desc);
	}
	return buf;
}

static void test_stacks(void)
{
	struct kp_top_key abl[] = { fn(&sym_leaf, "leaf"), fn(&sym_b, "b"), fn(&sym_a, "a"),
				    fn(&sym_main, "main") };
	struct kp_top_key cl[] = { fn(&sym_leaf, "leaf"), fn(&sym_c, "c"), fn(&sym_main, "main") };
	/* recursion: f calls g calls f; f counts once per stack, at its innermost frame */
	struct kp_top_key rec[] = { fn(&sym_f, "f"), fn(&sym_g, "g"), fn(&sym_f, "f"),
				    fn(&sym_main, "main") };
	const struct kp_snap_row *r;
	struct kp_snapshot snap;
	struct kp_top *top;

	kp_snapshot__init(&snap);
	check_int(kp_top__new(&top), ==, 0);
	for (int i = 0; i < 3; i++)
		check_int(kp_top__add_stack(top, abl, 4, 1), ==, 0);
	check_int(kp_top__add_stack(top, cl, 3, 1), ==, 0);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	check_uint(snap.nr_rows, ==, 5);	/* rows hit only as callers are in */
	check_uint(snap.chain_total, ==, 4);
	r = row_of(&snap, "leaf");
	check(r != NULL);
	check_uint(r->total, ==, 4);
	check_uint(r->hits, ==, 4);
	check_uint(r->children, ==, 4);
	check(r->children_share == 100.0);
	check_str(tree_str(&snap, r, KP_SNAP_CALLERS), "b/0/3+2 a/1/3+1 main/2/3+0 c/0/1+1 main/1/1+0");
	check_uint(r->nr_chain[KP_SNAP_CALLEES], ==, 0);
	r = row_of(&snap, "main");
	check_uint(r->total, ==, 0);
	check_uint(r->children, ==, 4);
	check(r->share == 0);
	check_uint(r->nr_chain[KP_SNAP_CALLERS], ==, 0);
	check_str(tree_str(&snap, r, KP_SNAP_CALLEES),
		  "a/0/3+2 b/1/3+1 leaf/2/3+0 c/0/1+1 leaf/1/1+0");
	r = row_of(&snap, "b");
	check_uint(r->children, ==, 3);
	check(r->children_share == 75.0);
	check_str(tree_str(&snap, r, KP_SNAP_CALLERS), "a/0/3+1 main/1/3+0");
	check_str(tree_str(&snap, r, KP_SNAP_CALLEES), "leaf/0/3+0");

	check_int(kp_top__add_stack(top, rec, 4, 2), ==, 0);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	r = row_of(&snap, "f");
	check_uint(r->total, ==, 2);
	check_uint(r->children, ==, 2);
	check_str(tree_str(&snap, r, KP_SNAP_CALLERS), "g/0/2+2 f/1/2+1 main/2/2+0");
	r = row_of(&snap, "leaf");
	check_uint(r->hits, ==, 0);		/* a new interval */
	check_uint(r->total, ==, 4);
	check_uint(snap.chain_total, ==, 6);

	/* z: counts and trees go, rows stay at zero (and are left out) */
	kp_top__zero(top);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	check_uint(snap.nr_rows, ==, 0);
	check_uint(snap.nr_nodes, ==, 0);
	check_int(kp_top__add_stack(top, cl, 3, 1), ==, 0);
	check_int(kp_top__snapshot(top, &snap, 1.0), ==, 0);
	r = row_of(&snap, "leaf");
	check_str(tree_str(&snap, r, KP_SNAP_CALLERS), "c/0/1+1 main/1/1+0");
	kp_top__delete(top);
	kp_snapshot__exit(&snap);
}

/* report's way: a kp_hist's rows get the trees of a kp_top fed the same stacks */
static void test_fill_chains(void)
{
	enum kp_sort_key keys[] = { KP_SORT_COMM, KP_SORT_DSO, KP_SORT_SYM };
	struct kp_top_key cl[] = { fn(&sym_leaf, "leaf"), fn(&sym_c, "c"), fn(&sym_main, "main") };
	struct kp_hist_key k = { .comm = "cc-fp", .dso = &dso_demo, .dso_name = "cc-fp",
				 .sym = &sym_leaf, .sym_name = "leaf", .sym_start = 0x100,
				 .sym_end = 0x180, .addr = 0x100, .level = '.' };
	struct kp_snapshot snap;
	struct kp_hist *hist;
	struct kp_top *top;

	kp_snapshot__init(&snap);
	check_int(kp_top__new(&top), ==, 0);
	check_int(kp_hist__new(&hist, keys, 3), ==, 0);
	check_int(kp_hist__add(hist, &k, 1000), ==, 0);
	check_int(kp_top__add_stack(top, cl, 3, 1000), ==, 0);
	k.sym = &sym_f;		/* a row with no stacks */
	k.sym_name = "f";
	k.sym_start = 0x200;
	k.sym_end = 0x280;
	check_int(kp_hist__add(hist, &k, 10), ==, 0);
	check_int(kp_hist__sort(hist), ==, 0);
	check_int(kp_snapshot__from_hist(&snap, hist), ==, 0);
	check(!snap.has_callchains);
	check_int(kp_top__fill_chains(top, &snap), ==, 0);
	check(snap.has_callchains);
	check_uint(snap.chain_total, ==, 1010);
	check_str(tree_str(&snap, row_of(&snap, "leaf"), KP_SNAP_CALLERS),
		  "c/0/1000+1 main/1/1000+0");
	check(row_of(&snap, "f") && !row_of(&snap, "f")->nr_chain[KP_SNAP_CALLERS]);
	kp_hist__delete(hist);
	kp_top__delete(top);
	kp_snapshot__exit(&snap);
}

int main(void)
{
	test_intervals();
	test_sort_filter();
	test_from_hist();
	test_stacks();
	test_fill_chains();
	return test_done();
}
