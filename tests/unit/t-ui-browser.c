// SPDX-License-Identifier: GPL-2.0
/*
 * ui/tui/browser (the list widget) and ui/tui/hist-browser's keys, driven
 * without a terminal: selection, scrolling, paging, clamping on new row
 * counts; sort cycling, filter prompt, level filters, pause, zero, help.
 */
#include <stdio.h>
#include <string.h>

#include "ui/tui/browser.h"
#include "ui/tui/hist-browser.h"
#include "tests/unit/tap.h"

static void test_moves(void)
{
	struct kp_browser b = { 0 };

	kp_browser__set_height(&b, 10);
	kp_browser__set_nr_rows(&b, 100);
	check_uint(b.sel, ==, 0);
	check_uint(b.top, ==, 0);
	check(!kp_browser__key(&b, 'x'));
	check(kp_browser__key(&b, KP_KEY_UP));		/* at the top: stays */
	check_uint(b.sel, ==, 0);
	for (int i = 0; i < 9; i++)
		kp_browser__key(&b, KP_KEY_DOWN);
	check_uint(b.sel, ==, 9);
	check_uint(b.top, ==, 0);			/* last visible row */
	kp_browser__key(&b, KP_KEY_DOWN);
	check_uint(b.sel, ==, 10);
	check_uint(b.top, ==, 1);			/* scrolled by one */
	kp_browser__key(&b, KP_KEY_PGDN);
	check_uint(b.sel, ==, 19);
	check_uint(b.top, ==, 10);
	kp_browser__key(&b, KP_KEY_PGUP);
	check_uint(b.sel, ==, 10);
	check_uint(b.top, ==, 1);
	kp_browser__key(&b, KP_KEY_END);
	check_uint(b.sel, ==, 99);
	check_uint(b.top, ==, 90);
	kp_browser__key(&b, KP_KEY_DOWN);		/* at the bottom: stays */
	check_uint(b.sel, ==, 99);
	kp_browser__key(&b, KP_KEY_PGDN);
	check_uint(b.sel, ==, 99);
	check_uint(b.top, ==, 90);
	kp_browser__key(&b, KP_KEY_HOME);
	check_uint(b.sel, ==, 0);
	check_uint(b.top, ==, 0);
	kp_browser__key(&b, KP_KEY_PGUP);
	check_uint(b.sel, ==, 0);

	/* fewer rows (a filter): the selection and the window follow */
	kp_browser__select(&b, 95);
	check_uint(b.top, ==, 86);	/* scrolled just enough */
	kp_browser__set_nr_rows(&b, 12);
	check_uint(b.sel, ==, 11);
	check_uint(b.top, ==, 2);
	kp_browser__set_nr_rows(&b, 5);
	check_uint(b.sel, ==, 4);
	check_uint(b.top, ==, 0);
	kp_browser__set_nr_rows(&b, 0);
	check_uint(b.sel, ==, 0);
	check(kp_browser__key(&b, KP_KEY_END));
	check_uint(b.sel, ==, 0);

	/* a smaller window (resize) keeps the selection visible */
	kp_browser__set_nr_rows(&b, 100);
	kp_browser__select(&b, 50);
	kp_browser__set_height(&b, 3);
	check(b.sel >= b.top && b.sel < b.top + 3);
	kp_browser__set_height(&b, 200);
	check_uint(b.top, ==, 0);
}

static void add(struct kp_snapshot *snap, const char *sym, uint64_t total, uint64_t hits,
		char level)
{
	struct kp_snap_row row = { .sym = sym, .dso = "demo", .total = total, .hits = hits,
				   .level = level, .missed = -1 };

	kp_snapshot__add(snap, &row);
}

static const char *sel_sym(struct kp_hist_browser *hb, size_t i)
{
	return kp_hist_browser__row(hb, i)->sym;
}

static void type(struct kp_hist_browser *hb, const char *s)
{
	for (; *s; s++)
		kp_hist_browser__key(hb, *s);
}

static void test_hist_browser_keys(void)
{
	struct kp_hist_browser hb = { 0 };
	struct kp_snapshot snap;

	kp_snapshot__init(&snap);
	snap.live = true;
	add(&snap, "demo_light", 20, 9, '.');
	add(&snap, "demo_heavy", 50, 1, '.');
	add(&snap, "schedule", 5, 2, 'k');
	add(&snap, "demo_medium", 30, 3, '.');
	kp_browser__set_height(&hb.b, 10);
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_uint(hb.nr_idx, ==, 4);
	check_str(sel_sym(&hb, 0), "demo_heavy");

	check_int(kp_hist_browser__key(&hb, 's'), ==, KP_HB_NONE);
	check_int(hb.sort, ==, KP_SNAP_SORT_RECENT);
	check_str(sel_sym(&hb, 0), "demo_light");
	check_str(hb.msg, "sorted by recent");
	kp_hist_browser__key(&hb, 's');
	check_str(sel_sym(&hb, 0), "demo_heavy");	/* symbol: by name */
	check_str(sel_sym(&hb, 3), "schedule");
	kp_hist_browser__key(&hb, 's');
	kp_hist_browser__key(&hb, 's');
	check_int(hb.sort, ==, KP_SNAP_SORT_TOTAL);

	/* the filter prompt: typed keys, backspace, Enter applies */
	kp_hist_browser__key(&hb, '/');
	check(hb.prompting);
	type(&hb, "demo_[hl]*x");
	kp_hist_browser__key(&hb, 127);
	check_str(hb.prompt, "demo_[hl]*");
	check_uint(hb.nr_idx, ==, 4);			/* not applied yet */
	kp_hist_browser__key(&hb, '\r');
	check(!hb.prompting);
	check_str(hb.filter, "demo_[hl]*");
	check_uint(hb.nr_idx, ==, 2);
	check_str(sel_sym(&hb, 0), "demo_heavy");
	check_str(sel_sym(&hb, 1), "demo_light");
	/* a new snapshot keeps the filter */
	add(&snap, "demo_lighter", 1, 1, '.');
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_uint(hb.nr_idx, ==, 3);
	/* Esc cancels an edit, ^U clears */
	kp_hist_browser__key(&hb, '/');
	kp_hist_browser__key(&hb, 21);
	check_str(hb.prompt, "");
	kp_hist_browser__key(&hb, 27);
	check_str(hb.filter, "demo_[hl]*");
	kp_hist_browser__key(&hb, '/');
	kp_hist_browser__key(&hb, 21);
	kp_hist_browser__key(&hb, '\n');
	check_uint(hb.nr_idx, ==, 5);

	kp_hist_browser__key(&hb, 'k');
	check_uint(hb.nr_idx, ==, 1);
	check_str(sel_sym(&hb, 0), "schedule");
	kp_hist_browser__key(&hb, 'u');
	check_uint(hb.nr_idx, ==, 4);
	kp_hist_browser__key(&hb, 'u');
	check_uint(hb.nr_idx, ==, 5);

	/* pause: updates are ignored, counting is the owner's */
	kp_hist_browser__key(&hb, 'P');
	check(hb.paused);
	snap.nr_rows = 1;
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_uint(hb.nr_idx, ==, 5);
	kp_hist_browser__key(&hb, 'P');
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_uint(hb.nr_idx, ==, 1);

	check_int(kp_hist_browser__key(&hb, 'z'), ==, KP_HB_ZERO);
	kp_hist_browser__key(&hb, '\r');
	check_str(hb.msg, "no call stacks recorded (use -g)");
	kp_hist_browser__key(&hb, 'a');
	check_str(hb.msg, "annotate is not available yet");
	kp_hist_browser__key(&hb, '?');
	check(hb.help);
	check_int(kp_hist_browser__key(&hb, 'j'), ==, KP_HB_NONE);	/* closes the help */
	check(!hb.help);
	check_int(kp_hist_browser__key(&hb, 'q'), ==, KP_HB_QUIT);

	/* a report (not live): no recent sort, no pause, no zero */
	snap.live = false;
	snap.nr_rows = 4;
	hb.sort = KP_SNAP_SORT_TOTAL;
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	kp_hist_browser__key(&hb, 's');
	check_int(hb.sort, ==, KP_SNAP_SORT_SYM);
	check_int(kp_hist_browser__key(&hb, 'z'), ==, KP_HB_NONE);
	kp_hist_browser__key(&hb, 'P');
	check(!hb.paused);

	kp_hist_browser__exit(&hb);
	kp_snapshot__exit(&snap);
}

/* What line @l shows: "row:SYM" or "node:SYM/DEPTH". */
static const char *line_str(struct kp_hist_browser *hb, size_t l)
{
	static char buf[64];
	struct kp_hb_line out;

	if (!kp_hist_browser__line(hb, l, &out))
		return "-";
	if (out.node == KP_HB_ROW)
		snprintf(buf, sizeof(buf), "row:%s", kp_hist_browser__row(hb, out.pos)->sym);
	else
		snprintf(buf, sizeof(buf), "node:%s/%u", hb->snap.nodes[out.node].sym,
			 hb->snap.nodes[out.node].depth);
	return buf;
}

static void node(struct kp_snapshot *snap, const char *sym, uint64_t hits, uint32_t depth,
		 uint32_t nr_desc)
{
	struct kp_snap_node n = { .sym = sym, .dso = "cc-fp", .hits = hits, .depth = depth,
				  .nr_desc = nr_desc };

	kp_snapshot__add_node(snap, &n);
}

/* cc-fp: leaf 1000 (b 600 <- a <- main, c 397 <- main, d 3: under 0.5%), main 0 (callees) */
static void test_trees(void)
{
	struct kp_hist_browser hb = { 0 };
	struct kp_snap_row leaf = { .sym = "leaf", .dso = "cc-fp", .total = 1000, .children = 1000,
				    .missed = -1, .level = '.' };
	struct kp_snap_row main_row = { .sym = "main", .dso = "cc-fp", .children = 1000,
					.missed = -1, .level = '.' };
	struct kp_snapshot snap;

	kp_snapshot__init(&snap);
	snap.has_callchains = snap.has_children = true;
	snap.chain_total = 1000;
	leaf.chain[KP_SNAP_CALLERS] = snap.nr_nodes;
	node(&snap, "b", 600, 0, 2);
	node(&snap, "a", 600, 1, 1);
	node(&snap, "main", 600, 2, 0);
	node(&snap, "c", 397, 0, 1);
	node(&snap, "main", 397, 1, 0);
	node(&snap, "d", 3, 0, 0);
	leaf.nr_chain[KP_SNAP_CALLERS] = snap.nr_nodes - leaf.chain[KP_SNAP_CALLERS];
	main_row.chain[KP_SNAP_CALLEES] = snap.nr_nodes;
	node(&snap, "a", 600, 0, 2);
	node(&snap, "b", 600, 1, 1);
	node(&snap, "leaf", 600, 2, 0);
	main_row.nr_chain[KP_SNAP_CALLEES] = 3;
	kp_snapshot__add(&snap, &main_row);
	kp_snapshot__add(&snap, &leaf);

	kp_browser__set_height(&hb.b, 20);
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_int(hb.sort, ==, KP_SNAP_SORT_CHILDREN);	/* --children: by children */
	check_uint(hb.b.nr_rows, ==, 2);
	check_str(line_str(&hb, 0), "row:leaf");		/* ties: by total */
	check_str(line_str(&hb, 1), "row:main");
	kp_hist_browser__key(&hb, '\r');
	check_uint(hb.b.nr_rows, ==, 7);			/* d is under the threshold */
	check_str(line_str(&hb, 1), "node:b/0");
	check_str(line_str(&hb, 3), "node:main/2");
	check_str(line_str(&hb, 4), "node:c/0");
	check_str(line_str(&hb, 5), "node:main/1");
	check_str(line_str(&hb, 6), "row:main");
	check_str(line_str(&hb, 2), "node:a/1");		/* walking back */
	check_str(line_str(&hb, 7), "-");
	/* main has no callers: said so, nothing opens */
	kp_hist_browser__key(&hb, KP_KEY_END);
	kp_hist_browser__key(&hb, '\r');
	check_str(hb.msg, "no callers of main recorded");
	check_uint(hb.b.nr_rows, ==, 7);
	/* G: callees; leaf has none, main's open with E */
	kp_hist_browser__key(&hb, 'G');
	check_str(hb.msg, "trees show callees");
	check_uint(hb.b.nr_rows, ==, 2);
	kp_hist_browser__key(&hb, 'E');
	check_uint(hb.b.nr_rows, ==, 5);
	check_str(line_str(&hb, 4), "node:leaf/2");
	check_str(line_str(&hb, hb.b.sel), "row:main");		/* the selection stays on its row */
	/* Enter on a node shuts its row's tree and selects the row */
	kp_hist_browser__key(&hb, KP_KEY_DOWN);
	check_str(line_str(&hb, hb.b.sel), "node:a/0");
	kp_hist_browser__key(&hb, '\r');
	check_uint(hb.b.nr_rows, ==, 2);
	check_str(line_str(&hb, hb.b.sel), "row:main");
	kp_hist_browser__key(&hb, '+');
	check_uint(hb.b.nr_rows, ==, 5);
	kp_hist_browser__key(&hb, '-');
	check_uint(hb.b.nr_rows, ==, 2);
	/* a filter keeps the open trees of the rows it shows */
	kp_hist_browser__key(&hb, 'G');
	kp_hist_browser__key(&hb, KP_KEY_HOME);
	kp_hist_browser__key(&hb, 'e');
	type(&hb, "/leaf\r");
	check_uint(hb.b.nr_rows, ==, 6);
	check_str(line_str(&hb, 5), "node:main/1");
	/* a new snapshot (top's next interval) keeps them too */
	check_int(kp_hist_browser__update(&hb, &snap), ==, 0);
	check_uint(hb.b.nr_rows, ==, 6);
	kp_hist_browser__exit(&hb);
	kp_snapshot__exit(&snap);
}

/* report's events: Tab and Shift-Tab switch snapshots */
static void test_events(void)
{
	struct kp_hist_browser hb = { 0 };
	struct kp_snapshot ev[2];

	for (int i = 0; i < 2; i++) {
		kp_snapshot__init(&ev[i]);
		snprintf(ev[i].events, sizeof(ev[i].events), "%s", i ? "task-clock" : "cpu-clock");
	}
	add(&ev[0], "demo_heavy", 50, 50, '.');
	add(&ev[1], "demo_light", 5, 5, '.');
	add(&ev[1], "demo_medium", 9, 9, '.');
	kp_browser__set_height(&hb.b, 20);
	check_int(kp_hist_browser__set_events(&hb, ev, 2), ==, 0);
	check_str(hb.snap.events, "cpu-clock");
	check_uint(hb.nr_idx, ==, 1);
	kp_hist_browser__key(&hb, '\t');
	check_str(hb.snap.events, "task-clock");
	check_str(hb.msg, "event 2/2: task-clock");
	check_uint(hb.nr_idx, ==, 2);
	check_str(sel_sym(&hb, 0), "demo_medium");
	kp_hist_browser__key(&hb, '\t');
	check_str(hb.snap.events, "cpu-clock");
	kp_hist_browser__key(&hb, KP_KEY_BTAB);
	check_str(hb.snap.events, "task-clock");
	kp_hist_browser__exit(&hb);
	check_int(kp_hist_browser__set_events(&hb, ev, 1), ==, 0);
	kp_hist_browser__key(&hb, '\t');
	check_str(hb.msg, "only one event");
	kp_hist_browser__exit(&hb);
	for (int i = 0; i < 2; i++)
		kp_snapshot__exit(&ev[i]);
}

int main(void)
{
	test_moves();
	test_hist_browser_keys();
	test_trees();
	test_events();
	return test_done();
}
