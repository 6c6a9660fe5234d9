// SPDX-License-Identifier: GPL-2.0
/* The hist browser: keys, filter, sort and tree state over a snapshot (curses-free part). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui/tui/hist-browser-int.h"

int kp_hist_browser__refresh(struct kp_hist_browser *hb)
{
	struct kp_snapshot *snap = &hb->snap;

	if (snap->nr_rows > hb->idx_alloc) {
		size_t *idx = realloc(hb->idx, snap->nr_rows * sizeof(*idx));

		if (!idx)
			return -ENOMEM;
		hb->idx = idx;
		hb->idx_alloc = snap->nr_rows;
	}
	/* filtered in table order; sorted lazily as lines are drawn (hist-browser-lines.c) */
	hb->nr_idx = kp_snapshot__filter(snap, hb->filter, hb->level, hb->idx);
	hb->sorted = 0;
	kp_browser__set_nr_rows(&hb->b, hist_browser__nr_lines(hb));
	return 0;
}

int kp_hist_browser__update(struct kp_hist_browser *hb, const struct kp_snapshot *snap)
{
	int err;

	if (hb->paused)
		return 0;
	err = kp_snapshot__copy(&hb->snap, snap);
	if (err)
		return err;
	if (!hb->sort_chosen) {
		/* with --children (perf's default on stacks) rows come by children first */
		hb->sort = snap->has_children ? KP_SNAP_SORT_CHILDREN : KP_SNAP_SORT_TOTAL;
		hb->sort_chosen = true;
	}
	return kp_hist_browser__refresh(hb);
}

int kp_hist_browser__set_events(struct kp_hist_browser *hb, const struct kp_snapshot *snaps,
				int nr)
{
	hb->events = snaps;
	hb->nr_events = nr;
	hb->cur_event = 0;
	return nr ? kp_hist_browser__update(hb, &snaps[0]) : 0;
}

static void hist_browser__switch_event(struct kp_hist_browser *hb, int step)
{
	if (hb->nr_events < 2) {
		snprintf(hb->msg, sizeof(hb->msg), "only one event");
		return;
	}
	hb->cur_event = (hb->cur_event + step + hb->nr_events) % hb->nr_events;
	hb->sort_chosen = false;
	hb->nr_toggled = 0;
	hb->expand_all = false;
	kp_hist_browser__update(hb, &hb->events[hb->cur_event]);
	kp_browser__select(&hb->b, 0);
	snprintf(hb->msg, sizeof(hb->msg), "event %d/%d: %s", hb->cur_event + 1, hb->nr_events,
		 hb->snap.events);
}

/* Enter, `+`, `e`: open or shut the selected row's tree. */
static void hist_browser__toggle_selected(struct kp_hist_browser *hb)
{
	const struct kp_snap_row *r;
	struct kp_hb_line l;
	char buf[32];

	if (!hb->snap.has_callchains) {
		snprintf(hb->msg, sizeof(hb->msg), "no call stacks recorded (use -g)");
		return;
	}
	if (!kp_hist_browser__line(hb, hb->b.sel, &l))
		return;
	r = kp_hist_browser__row(hb, l.pos);
	if (l.node == KP_HB_ROW && !kp_hist_browser__expanded(hb, r) &&
	    !r->nr_chain[hb->chain]) {
		snprintf(hb->msg, sizeof(hb->msg), "no %s of %s recorded",
			 hb->chain == KP_SNAP_CALLERS ? "callers" : "callees",
			 kp_snap_row__sym(r, buf, sizeof(buf)));
		return;
	}
	if (hist_browser__toggle(hb, r)) {
		snprintf(hb->msg, sizeof(hb->msg), "out of memory");
		return;
	}
	kp_browser__set_nr_rows(&hb->b, hist_browser__nr_lines(hb));
	/* shutting it from one of its nodes: back to the row */
	kp_browser__select(&hb->b, hist_browser__line_of(hb, l.pos));
}

/* `E` opens every tree, `C` and `-` shut them all. */
static void hist_browser__expand_all(struct kp_hist_browser *hb, bool open)
{
	struct kp_hb_line l;
	size_t pos = 0;

	if (!hb->snap.has_callchains) {
		snprintf(hb->msg, sizeof(hb->msg), "no call stacks recorded (use -g)");
		return;
	}
	if (kp_hist_browser__line(hb, hb->b.sel, &l))
		pos = l.pos;
	hb->expand_all = open;
	hb->nr_toggled = 0;
	kp_browser__set_nr_rows(&hb->b, hist_browser__nr_lines(hb));
	kp_browser__select(&hb->b, hist_browser__line_of(hb, pos));
	snprintf(hb->msg, sizeof(hb->msg), "%s", open ? "all trees open" : "all trees shut");
}

/* `G`: callers or callees in the trees. */
static void hist_browser__switch_chain(struct kp_hist_browser *hb)
{
	struct kp_hb_line l;
	size_t pos = 0;

	if (!hb->snap.has_callchains) {
		snprintf(hb->msg, sizeof(hb->msg), "no call stacks recorded (use -g)");
		return;
	}
	if (kp_hist_browser__line(hb, hb->b.sel, &l))
		pos = l.pos;
	hb->chain = hb->chain == KP_SNAP_CALLERS ? KP_SNAP_CALLEES : KP_SNAP_CALLERS;
	kp_browser__set_nr_rows(&hb->b, hist_browser__nr_lines(hb));
	kp_browser__select(&hb->b, hist_browser__line_of(hb, pos));
	snprintf(hb->msg, sizeof(hb->msg), "trees show %s",
		 hb->chain == KP_SNAP_CALLERS ? "callers" : "callees");
}

static void hist_browser__help(struct kp_hist_browser *hb)
{
	hb->help = true;
}

static enum kp_hb_action hist_browser__prompt_key(struct kp_hist_browser *hb, int key)
{
	size_t len = strlen(hb->prompt);

	switch (key) {
	case '\n':
	case '\r':
		hb->prompting = false;
		snprintf(hb->filter, sizeof(hb->filter), "%s", hb->prompt);
		kp_hist_browser__refresh(hb);
		kp_browser__select(&hb->b, 0);
		break;
	case 21:	/* ^U */
		hb->prompt[0] = 0;
		break;
	case 27:	/* Esc */
		hb->prompting = false;
		break;
	case 8:
	case 127:
	case 0x107:	/* KEY_BACKSPACE */
		if (len)
			hb->prompt[len - 1] = 0;
		break;
	default:
		if (key >= ' ' && key < 127 && len + 1 < sizeof(hb->prompt)) {
			hb->prompt[len] = key;
			hb->prompt[len + 1] = 0;
		}
		break;
	}
	return KP_HB_NONE;
}

enum kp_hb_action kp_hist_browser__key(struct kp_hist_browser *hb, int key)
{
	if (hb->prompting)
		return hist_browser__prompt_key(hb, key);
	hb->msg[0] = 0;
	if (hb->help) {
		hb->help = false;
		if (key != 'q')
			return KP_HB_NONE;
	}
	if (kp_browser__key(&hb->b, key))
		return KP_HB_NONE;
	switch (key) {
	case 'q':
	case 'Q':
		return KP_HB_QUIT;
	case 's':
		do {
			hb->sort = (hb->sort + 1) % KP_SNAP_SORT__NR;
		} while ((!hb->snap.live && hb->sort == KP_SNAP_SORT_RECENT) ||
			 (!hb->snap.has_children && hb->sort == KP_SNAP_SORT_CHILDREN));
		hb->sort_chosen = true;
		snprintf(hb->msg, sizeof(hb->msg), "sorted by %s", kp_snap_sort__name(hb->sort));
		kp_hist_browser__refresh(hb);
		break;
	case '/':
		hb->prompting = true;
		snprintf(hb->prompt, sizeof(hb->prompt), "%s", hb->filter);
		break;
	case 'k':
		hb->level = hb->level == KP_SNAP_KERNEL ? KP_SNAP_ALL : KP_SNAP_KERNEL;
		snprintf(hb->msg, sizeof(hb->msg), "%s", hb->level ? "kernel symbols only" :
			 "all symbols");
		kp_hist_browser__refresh(hb);
		break;
	case 'u':
		hb->level = hb->level == KP_SNAP_USER ? KP_SNAP_ALL : KP_SNAP_USER;
		snprintf(hb->msg, sizeof(hb->msg), "%s", hb->level ? "user symbols only" :
			 "all symbols");
		kp_hist_browser__refresh(hb);
		break;
	case 'P':
	case 'p':
		if (!hb->snap.live)
			break;
		hb->paused = !hb->paused;
		snprintf(hb->msg, sizeof(hb->msg), "%s", hb->paused ?
			 "display paused, still counting (P resumes)" : "display resumed");
		break;
	case 'z':
		if (!hb->snap.live)
			break;
		snprintf(hb->msg, sizeof(hb->msg), "counts zeroed");
		return KP_HB_ZERO;
	case 'h':
	case '?':
		hist_browser__help(hb);
		break;
	case '\n':
	case '\r':
	case '+':
	case 'e':
		hist_browser__toggle_selected(hb);
		break;
	case 'E':
		hist_browser__expand_all(hb, true);
		break;
	case 'C':
	case '-':
		hist_browser__expand_all(hb, false);
		break;
	case 'G':
		hist_browser__switch_chain(hb);
		break;
	case '\t':
		hist_browser__switch_event(hb, 1);
		break;
	case KP_KEY_BTAB:
		hist_browser__switch_event(hb, -1);
		break;
	case 'a':
		snprintf(hb->msg, sizeof(hb->msg), "annotate is not available yet");
		break;
	default:
		break;
	}
	return KP_HB_NONE;
}

void kp_hist_browser__exit(struct kp_hist_browser *hb)
{
	kp_hist_browser__stop(hb);
	free(hb->idx);
	hb->idx = NULL;
	free(hb->toggled);
	hb->toggled = NULL;
	hb->nr_toggled = hb->toggled_alloc = 0;
	hb->nr_idx = hb->idx_alloc = 0;
	kp_snapshot__exit(&hb->snap);
}
