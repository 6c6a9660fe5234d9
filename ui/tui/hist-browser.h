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

struct kp_hist_browser {
	struct kp_browser b;
	struct kp_snapshot snap;	/* the browser's copy: kept while paused */
	size_t *idx;			/* rows passing the filter */
	size_t nr_idx, idx_alloc;
	enum kp_snap_sort sort;
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

/* Handle one key (the curses-free part, for tests too). */
enum kp_hb_action kp_hist_browser__key(struct kp_hist_browser *hb, int key);
/* Re-sort and re-filter the copy (after a key changed sort or filter). */
int kp_hist_browser__refresh(struct kp_hist_browser *hb);

void kp_hist_browser__exit(struct kp_hist_browser *hb);

#endif /* KPROF_UI_TUI_HIST_BROWSER_H */
