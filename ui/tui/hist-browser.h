/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hist browser: a kp_browser over a snapshot's rows (lib/snapshot.h) with
 * a header, sorting (`s`), filtering (`/`, `k`, `u`), pausing (`P`), help
 * (`h`, `?`) and a message line.  It owns the terminal between
 * kp_hist_browser__start() and kp_hist_browser__stop(); it never sees where
 * the snapshots come from -- `kprof top` feeds one per interval, `kprof report`
 * one for the whole file.
 */
#ifndef KPROF_UI_TUI_HIST_BROWSER_H
#define KPROF_UI_TUI_HIST_BROWSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/snapshot.h"
#include "ui/tui/browser.h"

/* What a key asks of the browser's owner. */
enum kp_hb_action {
	KP_HB_NONE,
	KP_HB_QUIT,
	KP_HB_ZERO,		/* `z`: zero the counts */
};

/* A row whose tree was toggled open or shut (identity: borrowed pointers, address). */
struct kp_hb_key {
	const char *comm, *dso, *sym;
	uint64_t addr;
};

/* What a line of the list shows: a row, or a node of its tree. */
struct kp_hb_line {
	size_t pos;		/* the row: position among the filtered, sorted rows */
	size_t node;		/* KP_HB_ROW, or the node's index in the snapshot's nodes */
};

#define KP_HB_ROW ((size_t)-1)

/* Where the last line looked up is: the next lookup walks on from it. */
struct kp_hb_cursor {
	bool valid;
	size_t line, pos;
	size_t node;		/* KP_HB_ROW, or the index in the row's tree (0-based) */
};

struct kp_hist_browser {
	struct kp_browser b;
	struct kp_snapshot snap;	/* the browser's copy: kept while paused */
	size_t *idx;			/* rows passing the filter */
	size_t nr_idx, idx_alloc;
	size_t sorted;			/* idx[0..sorted) are in order (sorted as drawn) */
	enum kp_snap_sort sort;
	bool sort_chosen;		/* by the first snapshot or the user */
	/* call trees: rows open (or, after `E`, shut), which tree, the line walk */
	enum kp_snap_chain chain;
	bool expand_all;
	struct kp_hb_key *toggled;
	size_t nr_toggled, toggled_alloc;
	struct kp_hb_cursor cur;
	/* report's events: Tab switches (borrowed; NULL: one snapshot, from updates) */
	const struct kp_snapshot *events;
	int nr_events, cur_event;
	enum kp_snap_level level;
	char filter[128];
	char prompt[128];		/* the `/` line being typed */
	bool prompting;
	bool paused;
	bool help;
	bool colors;
	char msg[160];			/* the bottom line, until the next key */
	void *screen;			/* SCREEN * (curses) */
	FILE *out_fp;			/* newterm()'s output, when it was opened here */
};

/*
 * Take the terminal (stdin/stdout, or @out_path such as "/dev/null" for a
 * benchmark).  Returns 0 or -errno (not a terminal, no terminfo).
 */
int kp_hist_browser__start(struct kp_hist_browser *hb, const char *out_path);
/* Give the terminal back as it was (safe to call twice). */
void kp_hist_browser__stop(struct kp_hist_browser *hb);

/* A new snapshot (copied; ignored while paused).  Returns 0 or -ENOMEM. */
int kp_hist_browser__update(struct kp_hist_browser *hb, const struct kp_snapshot *snap);
/* Redraw everything (after a resize, a key, an update). */
void kp_hist_browser__draw(struct kp_hist_browser *hb);
/* Read and handle the keys waiting (never blocks); the last action asked. */
enum kp_hb_action kp_hist_browser__input(struct kp_hist_browser *hb);
/* Block until @hb asks to quit (report's browser: a fixed snapshot). */
void kp_hist_browser__run(struct kp_hist_browser *hb);

/*
 * Several snapshots, one per event (report): the first is shown, Tab and
 * Shift-Tab switch.  Borrowed: they must outlive the browser.  Returns 0 or -ENOMEM.
 */
int kp_hist_browser__set_events(struct kp_hist_browser *hb, const struct kp_snapshot *snaps,
				int nr);

/* The row at @pos among the filtered rows in sort order (sorting only as far as needed). */
const struct kp_snap_row *kp_hist_browser__row(struct kp_hist_browser *hb, size_t pos);
/* What list line @line shows; false past the end. */
bool kp_hist_browser__line(struct kp_hist_browser *hb, size_t line, struct kp_hb_line *out);
/* Is @row's tree open? */
bool kp_hist_browser__expanded(const struct kp_hist_browser *hb, const struct kp_snap_row *row);
/* Is @node shown (perf's graph threshold: 0.5% of the total)? */
bool kp_hist_browser__node_shown(const struct kp_hist_browser *hb,
				 const struct kp_snap_node *node);

/* Handle one key (the curses-free part, for tests too). */
enum kp_hb_action kp_hist_browser__key(struct kp_hist_browser *hb, int key);
/* Re-sort and re-filter the copy (after a key changed sort or filter). */
int kp_hist_browser__refresh(struct kp_hist_browser *hb);

void kp_hist_browser__exit(struct kp_hist_browser *hb);

#endif /* KPROF_UI_TUI_HIST_BROWSER_H */
