// SPDX-License-Identifier: GPL-2.0
/* The hist browser: keys, filter and sort state over a snapshot (curses-free part). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui/tui/hist-browser.h"

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
	kp_snapshot__sort(snap, hb->sort);
	hb->nr_idx = kp_snapshot__filter(snap, hb->filter, hb->level, hb->idx);
	kp_browser__set_nr_rows(&hb->b, hb->nr_idx);
	return 0;
}

int kp_hist_browser__update(struct kp_hist_browser *hb, const struct kp_snapshot *snap)
{
	struct kp_snapshot *copy = &hb->snap;
	struct kp_snap_row *rows = copy->rows;
	size_t alloc = copy->alloc;

	if (hb->paused)
		return 0;
	if (snap->nr_rows > alloc) {
		rows = realloc(copy->rows, snap->nr_rows * sizeof(*rows));
		if (!rows)
			return -ENOMEM;
		alloc = snap->nr_rows;
	}
	*copy = *snap;
	copy->rows = rows;
	copy->alloc = alloc;
	if (snap->nr_rows)
		memcpy(rows, snap->rows, snap->nr_rows * sizeof(*rows));
	return kp_hist_browser__refresh(hb);
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
		hb->sort = (hb->sort + 1) % KP_SNAP_SORT__NR;
		if (!hb->snap.live && hb->sort == KP_SNAP_SORT_RECENT)
			hb->sort++;
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
		if (!hb->snap.has_callchains)
			snprintf(hb->msg, sizeof(hb->msg), "no call stacks recorded (use -g)");
		else
			snprintf(hb->msg, sizeof(hb->msg),
				 "call stacks are not in the browser yet (report --stdio -g)");
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
	hb->nr_idx = hb->idx_alloc = 0;
	kp_snapshot__exit(&hb->snap);
}
