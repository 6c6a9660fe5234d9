// SPDX-License-Identifier: GPL-2.0
/*
 * The hist browser's lines (curses-free): filtered rows in sort order, each
 * followed, when its tree is open, by the shown nodes of its callers or
 * callees tree.  Rows are sorted lazily, only as far down as a line is asked
 * for (a partial quicksort, lib/snapshot.h): a frame with 20,000 rows sorts
 * the screenful it draws, not the whole table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui/tui/hist-browser-int.h"

#define HB_SORT_AHEAD 256	/* rows sorted beyond the one asked for, per step */

const struct kp_snap_row *kp_hist_browser__row(struct kp_hist_browser *hb, size_t pos)
{
	if (pos >= hb->nr_idx)
		return NULL;
	if (pos >= hb->sorted) {
		size_t upto = pos + 1 + HB_SORT_AHEAD;

		if (upto > hb->nr_idx)
			upto = hb->nr_idx;
		kp_snapshot__sort_idx(&hb->snap, hb->sort, hb->idx, hb->nr_idx, hb->sorted, upto);
		hb->sorted = upto;
	}
	return &hb->snap.rows[hb->idx[pos]];
}

static bool hb_key__is(const struct kp_hb_key *k, const struct kp_snap_row *r)
{
	return k->comm == r->comm && k->dso == r->dso && k->sym == r->sym &&
	       (r->sym || k->addr == r->addr);
}

static size_t hist_browser__toggled(const struct kp_hist_browser *hb, const struct kp_snap_row *r)
{
	for (size_t i = 0; i < hb->nr_toggled; i++)
		if (hb_key__is(&hb->toggled[i], r))
			return i;
	return KP_HB_ROW;
}

bool kp_hist_browser__expanded(const struct kp_hist_browser *hb, const struct kp_snap_row *row)
{
	if (!hb->snap.has_callchains)
		return false;
	return hb->expand_all != (hist_browser__toggled(hb, row) != KP_HB_ROW);
}

bool kp_hist_browser__node_shown(const struct kp_hist_browser *hb,
				 const struct kp_snap_node *node)
{
	uint64_t total = hb->snap.chain_total;

	return !total || node->hits * 1000 >= total * 5;
}

/* The first shown node of @r's tree at or after @j (0-based), or KP_HB_ROW. */
static size_t hist_browser__next_node(const struct kp_hist_browser *hb,
				      const struct kp_snap_row *r, size_t j)
{
	const struct kp_snap_node *nodes = hb->snap.nodes + r->chain[hb->chain];

	while (j < r->nr_chain[hb->chain]) {
		if (kp_hist_browser__node_shown(hb, &nodes[j]))
			return j;
		j += nodes[j].nr_desc + 1;	/* a hidden node hides its subtree */
	}
	return KP_HB_ROW;
}

static size_t hist_browser__nr_shown(const struct kp_hist_browser *hb,
				     const struct kp_snap_row *r)
{
	size_t n = 0;

	for (size_t j = hist_browser__next_node(hb, r, 0); j != KP_HB_ROW;
	     j = hist_browser__next_node(hb, r, j + 1))
		n++;
	return n;
}

static bool hist_browser__flat(const struct kp_hist_browser *hb)
{
	return !hb->snap.has_callchains || (!hb->expand_all && !hb->nr_toggled);
}

size_t hist_browser__nr_lines(struct kp_hist_browser *hb)
{
	size_t n = hb->nr_idx;

	hb->cur.valid = false;
	if (hist_browser__flat(hb))
		return n;
	for (size_t pos = 0; pos < hb->nr_idx; pos++) {
		const struct kp_snap_row *r = &hb->snap.rows[hb->idx[pos]];

		if (kp_hist_browser__expanded(hb, r))
			n += hist_browser__nr_shown(hb, r);
	}
	return n;
}

bool kp_hist_browser__line(struct kp_hist_browser *hb, size_t line, struct kp_hb_line *out)
{
	struct kp_hb_cursor *c = &hb->cur;

	if (line >= hb->b.nr_rows)
		return false;
	if (hist_browser__flat(hb)) {
		out->pos = line;
		out->node = KP_HB_ROW;
		return kp_hist_browser__row(hb, line) != NULL;
	}
	if (!c->valid || c->line > line)
		*c = (struct kp_hb_cursor){ .valid = true, .node = KP_HB_ROW };
	while (c->line < line) {
		const struct kp_snap_row *r = kp_hist_browser__row(hb, c->pos);
		size_t next;

		if (!r)
			return false;
		if (c->node == KP_HB_ROW)
			next = kp_hist_browser__expanded(hb, r) ? hist_browser__next_node(hb, r, 0) :
								  KP_HB_ROW;
		else
			next = hist_browser__next_node(hb, r, c->node + 1);
		if (next == KP_HB_ROW)
			c->pos++;
		c->node = next;
		c->line++;
	}
	if (!kp_hist_browser__row(hb, c->pos))
		return false;
	out->pos = c->pos;
	out->node = c->node == KP_HB_ROW ? KP_HB_ROW :
					   hb->snap.rows[hb->idx[c->pos]].chain[hb->chain] + c->node;
	return true;
}

int hist_browser__toggle(struct kp_hist_browser *hb, const struct kp_snap_row *r)
{
	size_t i = hist_browser__toggled(hb, r);

	if (i != KP_HB_ROW) {
		hb->toggled[i] = hb->toggled[--hb->nr_toggled];
		return 0;
	}
	if (hb->nr_toggled == hb->toggled_alloc) {
		size_t n = hb->toggled_alloc ? hb->toggled_alloc * 2 : 16;
		struct kp_hb_key *k = realloc(hb->toggled, n * sizeof(*k));

		if (!k)
			return -ENOMEM;
		hb->toggled = k;
		hb->toggled_alloc = n;
	}
	hb->toggled[hb->nr_toggled++] = (struct kp_hb_key){ .comm = r->comm, .dso = r->dso,
							    .sym = r->sym, .addr = r->addr };
	return 0;
}

size_t hist_browser__line_of(struct kp_hist_browser *hb, size_t pos)
{
	struct kp_hb_line l;

	if (hist_browser__flat(hb))
		return pos;
	for (size_t line = 0; kp_hist_browser__line(hb, line, &l); line++)
		if (l.pos == pos && l.node == KP_HB_ROW)
			return line;
	return 0;
}
