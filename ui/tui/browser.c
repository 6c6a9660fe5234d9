// SPDX-License-Identifier: GPL-2.0
/* The scrolling list widget: selection and scrolling logic, and its drawing. */
#include <curses.h>

#include "ui/tui/browser.h"

/* Keep the selection in range and on screen. */
static void browser__fix(struct kp_browser *b)
{
	size_t h = b->height > 0 ? (size_t)b->height : 1;

	if (!b->nr_rows) {
		b->sel = b->top = 0;
		return;
	}
	if (b->sel >= b->nr_rows)
		b->sel = b->nr_rows - 1;
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + h)
		b->top = b->sel - h + 1;
	/* No empty space below the last row when there are rows above the top. */
	if (b->top + h > b->nr_rows)
		b->top = b->nr_rows > h ? b->nr_rows - h : 0;
}

void kp_browser__set_height(struct kp_browser *b, int height)
{
	b->height = height > 0 ? height : 0;
	browser__fix(b);
}

void kp_browser__set_nr_rows(struct kp_browser *b, size_t nr_rows)
{
	b->nr_rows = nr_rows;
	browser__fix(b);
}

void kp_browser__select(struct kp_browser *b, size_t row)
{
	b->sel = row;
	browser__fix(b);
}

bool kp_browser__key(struct kp_browser *b, int key)
{
	size_t page = b->height > 1 ? (size_t)b->height - 1 : 1;

	switch (key) {
	case KP_KEY_UP:
		if (b->sel)
			b->sel--;
		break;
	case KP_KEY_DOWN:
		b->sel++;
		break;
	case KP_KEY_PGUP:
		if (b->sel < page || b->top < page) {
			b->sel = b->sel > page ? b->sel - page : 0;
			b->top = b->top > page ? b->top - page : 0;
		} else {
			b->sel -= page;
			b->top -= page;
		}
		break;
	case KP_KEY_PGDN:
		b->sel += page;
		b->top += page;
		break;
	case KP_KEY_HOME:
		b->sel = b->top = 0;
		break;
	case KP_KEY_END:
		b->sel = b->nr_rows ? b->nr_rows - 1 : 0;
		break;
	default:
		return false;
	}
	browser__fix(b);
	return true;
}

void kp_browser__draw(struct kp_browser *b)
{
	for (int i = 0; i < b->height; i++) {
		size_t row = b->top + i;

		move(b->y0 + i, 0);
		clrtoeol();
		if (row >= b->nr_rows)
			continue;
		b->write_row(b, row, row == b->sel, b->priv);
	}
}
