// SPDX-License-Identifier: GPL-2.0
/* The hist browser on the terminal: taking it, drawing, reading keys (curses). */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui/snap-format.h"
#include "ui/tui/hist-browser.h"

#define HB_HEADER_LINES 3	/* header, status, column titles */

enum { PAIR_TITLE = 1, PAIR_HOT, PAIR_WARM };

static const char *const hist_browser_help[] = {
	"kprof browser keys",
	"",
	"  Up/Down, PgUp/PgDn, Home/End   move",
	"  Enter, +, e                    open/shut the row's callers (or callees) tree",
	"  E / C, -                       open / shut every tree",
	"  G                              trees of callers <-> callees",
	"  Tab / Shift-Tab                next / previous event (report)",
	"  s                              cycle the sort column",
	"  /                              filter symbols (substring or glob)",
	"  k / u                          kernel-only / user-only",
	"  P                              pause the display (top keeps counting)",
	"  z                              zero the counts (top)",
	"  a                              annotate (not available yet)",
	"  h / ?                          this help",
	"  q                              quit",
	"",
	"press any key",
};

int kp_hist_browser__start(struct kp_hist_browser *hb, const char *out_path)
{
	SCREEN *scr;

	if (hb->screen)
		return 0;
	if (out_path) {
		hb->out_fp = fopen(out_path, "w");
		if (!hb->out_fp)
			return -errno;
		scr = newterm(NULL, hb->out_fp, stdin);
	} else {
		if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
			return -ENOTTY;
		scr = newterm(NULL, stdout, stdin);
	}
	if (!scr) {
		if (hb->out_fp)
			fclose(hb->out_fp);
		hb->out_fp = NULL;
		return -ENOTTY;
	}
	hb->screen = scr;
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	hb->colors = has_colors() && start_color() == OK;
	if (hb->colors) {
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_HOT, COLOR_RED, -1);
		init_pair(PAIR_WARM, COLOR_GREEN, -1);
	}
	hb->b.y0 = HB_HEADER_LINES;
	return 0;
}

void kp_hist_browser__stop(struct kp_hist_browser *hb)
{
	if (!hb->screen)
		return;
	set_term(hb->screen);
	/* Leave a clean screen where there is no alternate one (vt100). */
	erase();
	refresh();
	curs_set(1);
	endwin();
	delscreen(hb->screen);
	hb->screen = NULL;
	if (hb->out_fp)
		fclose(hb->out_fp);
	hb->out_fp = NULL;
}

static void hist_browser__write_row(struct kp_browser *b, size_t row, bool selected, void *priv)
{
	struct kp_hist_browser *hb = priv;
	const struct kp_snap_row *r;
	char line[1024];
	attr_t attr = A_NORMAL;
	struct kp_hb_line l;
	int off = 0;

	if (!kp_hist_browser__line(hb, row, &l))
		return;
	r = &hb->snap.rows[hb->idx[l.pos]];
	if (l.node != KP_HB_ROW) {
		kp_snap_fmt__node(line, sizeof(line), &hb->snap, &hb->snap.nodes[l.node], b->width);
		attrset(selected ? A_REVERSE : A_NORMAL);
		addnstr(line, b->width);
		if (selected)
			for (int x = getcurx(stdscr); x < b->width; x++)
				addch(' ');
		attrset(A_NORMAL);
		return;
	}
	if (hb->snap.has_callchains) {
		/* perf's mark: + a tree to open, - an open one */
		line[0] = !r->nr_chain[hb->chain] ? ' ' :
			  kp_hist_browser__expanded(hb, r) ? '-' : '+';
		line[1] = ' ';
		off = 2;
	}
	kp_snap_fmt__row(line + off, sizeof(line) - off, &hb->snap, r, b->width - off);
	if (selected)
		attr = A_REVERSE;
	else if (hb->colors && r->share >= 5.0)
		attr = COLOR_PAIR(PAIR_HOT);
	else if (hb->colors && r->share >= 0.5)
		attr = COLOR_PAIR(PAIR_WARM);
	attrset(attr);
	addnstr(line, b->width);
	if (selected) {
		int y, x;

		getyx(stdscr, y, x);
		(void)y;
		for (; x < b->width; x++)
			addch(' ');
	}
	attrset(A_NORMAL);
}

static void hist_browser__status(struct kp_hist_browser *hb, char *buf, size_t size)
{
	int len = snprintf(buf, size, "sort: %s", kp_snap_sort__name(hb->sort));

	if (hb->filter[0])
		len += snprintf(buf + len, size - len, "  filter: %s", hb->filter);
	if (hb->level == KP_SNAP_KERNEL)
		len += snprintf(buf + len, size - len, "  [kernel only]");
	else if (hb->level == KP_SNAP_USER)
		len += snprintf(buf + len, size - len, "  [user only]");
	len += snprintf(buf + len, size - len, "  rows: %zu/%zu%s", hb->nr_idx, hb->snap.nr_rows,
			hb->paused ? "  PAUSED" : "");
	if (hb->snap.has_callchains && len > 0 && (size_t)len < size)
		len += snprintf(buf + len, size - len, "  trees: %s",
				hb->chain == KP_SNAP_CALLERS ? "callers" : "callees");
	if (hb->nr_events > 1 && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - len, "  event %d/%d (Tab: next)", hb->cur_event + 1,
			 hb->nr_events);
}

void kp_hist_browser__draw(struct kp_hist_browser *hb)
{
	char line[1024];
	int y;

	if (!hb->screen)
		return;
	hb->b.width = COLS;
	hb->b.priv = hb;
	hb->b.write_row = hist_browser__write_row;
	kp_browser__set_height(&hb->b, LINES - HB_HEADER_LINES - 1);
	erase();
	kp_snap_fmt__header(line, sizeof(line), &hb->snap);
	attrset(A_BOLD);
	mvaddnstr(0, 0, line, COLS);
	attrset(A_NORMAL);
	hist_browser__status(hb, line, sizeof(line));
	mvaddnstr(1, 0, line, COLS);
	kp_snap_fmt__titles(line, sizeof(line), &hb->snap, COLS);
	attrset(hb->colors ? COLOR_PAIR(PAIR_TITLE) : A_UNDERLINE);
	mvaddnstr(2, 0, line, COLS);
	for (int x = strlen(line); x < COLS; x++)
		addch(' ');
	attrset(A_NORMAL);
	if (hb->help) {
		size_t n = sizeof(hist_browser_help) / sizeof(hist_browser_help[0]);

		for (y = 0; y < (int)n && HB_HEADER_LINES + y < LINES - 1; y++)
			mvaddnstr(HB_HEADER_LINES + y, 2, hist_browser_help[y], COLS - 2);
	} else {
		kp_browser__draw(&hb->b);
		if (!hb->nr_idx)
			mvaddnstr(HB_HEADER_LINES, 0, hb->snap.nr_rows ? "no row matches" :
				  "no samples yet", COLS);
	}
	if (hb->prompting)
		snprintf(line, sizeof(line), "filter (substring or glob, Enter applies, Esc "
			 "cancels): %s_", hb->prompt);
	else if (hb->msg[0])
		snprintf(line, sizeof(line), "%s", hb->msg);
	else
		snprintf(line, sizeof(line), "h/? help  s sort  / filter  %sq quit",
			 hb->snap.has_callchains ? "Enter tree  G callers/callees  " :
			 hb->nr_events > 1 ? "Tab event  " : "");
	mvaddnstr(LINES - 1, 0, line, COLS);
	refresh();
}

static int hist_browser__map_key(int key)
{
	switch (key) {
	case KEY_UP: return KP_KEY_UP;
	case KEY_DOWN: return KP_KEY_DOWN;
	case KEY_PPAGE: return KP_KEY_PGUP;
	case KEY_NPAGE: return KP_KEY_PGDN;
	case KEY_HOME: return KP_KEY_HOME;
	case KEY_END: return KP_KEY_END;
	case KEY_ENTER: return '\n';
	case KEY_BTAB: return KP_KEY_BTAB;
	case KEY_BACKSPACE: return 127;
	default: return key;
	}
}

enum kp_hb_action kp_hist_browser__input(struct kp_hist_browser *hb)
{
	enum kp_hb_action act = KP_HB_NONE, a;
	bool redraw = false;
	int key;

	if (!hb->screen)
		return KP_HB_NONE;
	while ((key = getch()) != ERR) {
		redraw = true;
		if (key == KEY_RESIZE)
			continue;
		a = kp_hist_browser__key(hb, hist_browser__map_key(key));
		if (a != KP_HB_NONE)
			act = a;
		if (act == KP_HB_QUIT)
			return act;
	}
	if (redraw)
		kp_hist_browser__draw(hb);
	return act;
}

void kp_hist_browser__run(struct kp_hist_browser *hb)
{
	kp_hist_browser__draw(hb);
	nodelay(stdscr, FALSE);
	for (;;) {
		int key = getch();

		if (key == ERR) {
			if (errno == EINTR)
				continue;
			break;	/* input gone */
		}
		if (key != KEY_RESIZE &&
		    kp_hist_browser__key(hb, hist_browser__map_key(key)) == KP_HB_QUIT)
			break;
		kp_hist_browser__draw(hb);
	}
	nodelay(stdscr, TRUE);
}
