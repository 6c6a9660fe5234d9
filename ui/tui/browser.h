/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scrolling list: @nr_rows rows of which @height show from @top, one of them
 * selected.  The owner says how to write a row (callback); the widget moves,
 * scrolls and draws (perf's ui_browser, htop's Panel).  Movement is pure logic
 * and can be driven without a terminal; only kp_browser__draw() uses curses.
 *
 *	struct kp_browser b = { .write_row = my_row, .priv = me, .y0 = 3 };
 *	kp_browser__set_height(&b, LINES - 4);
 *	kp_browser__set_nr_rows(&b, n);
 *	...per key: if (!kp_browser__key(&b, key)) my_keys(key);
 *	kp_browser__draw(&b);
 */
#ifndef KPROF_UI_TUI_BROWSER_H
#define KPROF_UI_TUI_BROWSER_H

#include <stdbool.h>
#include <stddef.h>

/* Keys the widget knows, as the front end maps them (curses KEY_* in screen code). */
enum kp_browser_key {
	KP_KEY_UP = 0x10000,
	KP_KEY_DOWN,
	KP_KEY_PGUP,
	KP_KEY_PGDN,
	KP_KEY_HOME,
	KP_KEY_END,
	KP_KEY_BTAB,		/* Shift-Tab (the hist browser's; not a movement) */
};

struct kp_browser {
	size_t nr_rows;
	size_t top;		/* first row shown */
	size_t sel;		/* the selected row (0 when empty) */
	int height;		/* rows shown */
	int y0;			/* screen line of the first row */
	int width;
	/* Write row @row at the cursor, at most @width columns. */
	void (*write_row)(struct kp_browser *b, size_t row, bool selected, void *priv);
	void *priv;
};

void kp_browser__set_height(struct kp_browser *b, int height);
/* New row count (a new snapshot, a filter): the selection is kept in range. */
void kp_browser__set_nr_rows(struct kp_browser *b, size_t nr_rows);
/* Select @row, scrolling it into view. */
void kp_browser__select(struct kp_browser *b, size_t row);
/* Handle a movement key; false when it is not one. */
bool kp_browser__key(struct kp_browser *b, int key);
/* Draw rows top..top+height-1 (curses). */
void kp_browser__draw(struct kp_browser *b);

#endif /* KPROF_UI_TUI_BROWSER_H */
