// SPDX-License-Identifier: GPL-2.0
/*
 * The call graph under a row, as perf report --stdio draws it.  kprof's tree
 * has one frame per node; perf's has runs of frames per node (a radix tree):
 * a run goes on while a node has one child and no stack ends in it, which is
 * what node__run() walks.  Children under the threshold are not shown.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ui/stdio/callchain.h"

#define MAX_DEPTH 63 /* the depth mask is a 64-bit word */

struct graph {
	FILE *fp;
	const struct kp_stdio_callchain_opts *opts;
	uint64_t min_hit;	/* graph mode: children under it are hidden */
	int left;		/* perf's left margin: 3 after a "---" run */
};

int kp_stdio_callchain__parse(struct kp_stdio_callchain_opts *opts, const char *arg)
{
	char buf[256], *tok, *save = NULL;

	memset(opts, 0, sizeof(*opts));
	opts->min_percent = 0.5;
	if (!arg)
		return 0;
	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;

		if (!strcmp(tok, "graph")) {
			opts->mode = KP_CC_GRAPH;
		} else if (!strcmp(tok, "fractal")) {
			opts->mode = KP_CC_FRACTAL;
		} else if (!strcmp(tok, "none")) {
			opts->mode = KP_CC_NONE;
		} else if (!strcmp(tok, "caller") || !strcmp(tok, "callee")) {
			opts->caller = tok[4] == 'e' && tok[5] == 'r';
			opts->order_set = true;
		} else if (!strcmp(tok, "function")) {
			continue;
		} else {
			opts->min_percent = strtod(tok, &end);
			if (end == tok || *end || opts->min_percent < 0)
				return -EINVAL;
		}
	}
	return 0;
}

static const char *frame_name(const struct kp_frame *f, char *buf, size_t size)
{
	if (f->sym)
		return f->sym->name;
	snprintf(buf, size, "%#" PRIx64, f->ip);
	return buf;
}

/* The node that ends @node's run (perf's callchain_node). */
static const struct kp_callchain_node *node__run_end(const struct kp_callchain_node *node)
{
	while (!node->self && node->child && !node->child->next)
		node = node->child;
	return node;
}

static bool shown(const struct graph *g, const struct kp_callchain_node *c, uint64_t parent)
{
	uint64_t min = g->min_hit;

	if (g->opts->mode == KP_CC_FRACTAL) {
		double m = (double)parent * g->opts->min_percent / 100.0;

		min = (uint64_t)m + ((double)(uint64_t)m < m);	/* ceil */
	}
	return c->total >= min;
}

static void margin(const struct graph *g)
{
	fprintf(g->fp, "            %*s", g->left, "");
}

static void graph_line(const struct graph *g, int depth, uint64_t mask)
{
	margin(g);
	for (int i = 0; i < depth; i++)
		fputs(mask & (1ULL << i) ? "|          " : "           ", g->fp);
	fputc('\n', g->fp);
}

static void print_level(struct graph *g, const struct kp_callchain_node *parent_end,
			uint64_t total, int depth, uint64_t mask)
{
	uint64_t children_hit = parent_end->total - parent_end->self;
	const struct kp_callchain_node *c, *next;
	uint64_t new_mask = mask;
	char buf[64];

	uint64_t remaining = total;

	if (depth > MAX_DEPTH)
		return;
	for (c = parent_end->child; c; c = c->next)
		if (shown(g, c, children_hit))
			remaining -= c->total;
	/* fractal: what no child shows (the row's own part, hidden children) is "[...]" */
	if (g->opts->mode != KP_CC_FRACTAL || remaining == total)
		remaining = 0;
	for (c = parent_end->child; c && !shown(g, c, children_hit); c = c->next)
		;
	for (; c; c = next) {
		const struct kp_callchain_node *end = node__run_end(c), *n;
		int i = 0;

		for (next = c->next; next && !shown(g, next, children_hit); next = next->next)
			;
		if (!next && !remaining)
			new_mask &= ~(1ULL << (depth - 1));
		graph_line(g, depth, mask);
		for (n = c;; n = n->child, i++) {
			margin(g);
			for (int d = 0; d < depth; d++) {
				fputc(new_mask & (1ULL << d) ? '|' : ' ', g->fp);
				if (!i && d == depth - 1)
					fprintf(g->fp, "--%.2f%%--",
						total ? 100.0 * c->total / total : 0.0);
				else
					fputs("          ", g->fp);
			}
			fprintf(g->fp, "%s\n", frame_name(&n->frame, buf, sizeof(buf)));
			if (n == end)
				break;
		}
		print_level(g, end, g->opts->mode == KP_CC_FRACTAL ? end->total - end->self : total,
			    depth + 1, new_mask | (1ULL << depth));
	}
	if (remaining) {
		new_mask &= ~(1ULL << (depth - 1));
		margin(g);
		for (int d = 0; d < depth; d++) {
			fputc(new_mask & (1ULL << d) ? '|' : ' ', g->fp);
			if (d == depth - 1)
				fprintf(g->fp, "--%.2f%%--", 100.0 * remaining / total);
			else
				fputs("          ", g->fp);
		}
		/* perf 6.1 may add " (inlined)": its "[...]" symbol's flag is uninitialised */
		fputs("[...]\n", g->fp);
	}
}

void kp_stdio_callchain__after_entry(FILE *fp, const struct kp_hist *hist,
				     const struct kp_hist_entry *e, void *arg)
{
	const struct kp_stdio_callchain_opts *opts = arg;
	const struct kp_callchain_node *root, *first, *end, *n, *c;
	uint64_t total = kp_hist__total_period(hist);
	uint64_t parent = e->children ? e->children : e->period;
	struct graph g = { .fp = fp, .opts = opts };
	bool printed = false;
	char buf[64];
	int i = 0;

	if (!e->priv)
		return;
	root = kp_callchain_tree__root(e->priv);
	g.min_hit = (uint64_t)((double)total * opts->min_percent / 100.0);
	if (opts->mode == KP_CC_FRACTAL)
		total = parent;
	for (first = root->child; first && !shown(&g, first, root->total); first = first->next)
		;
	if (!first)
		return;
	for (c = first->next; c && !shown(&g, c, root->total); c = c->next)
		;
	if (!c && first->total == parent) {
		/* one stack root with the row's whole period: no percentage, no column */
		end = node__run_end(first);
		for (n = first;; n = n->child, i++) {
			if (!(i == 0 && opts->skip_first)) {
				margin(&g);
				if (!printed) {
					fputs("|\n", fp);
					margin(&g);
					fputs("---", fp);
					g.left += 3;
					printed = true;
				}
				fprintf(fp, "%s\n", frame_name(&n->frame, buf, sizeof(buf)));
			}
			if (n == end)
				break;
		}
		print_level(&g, end, opts->mode == KP_CC_FRACTAL ? parent : total, 1, 1);
	} else {
		print_level(&g, root, total, 1, 1);
	}
	fputc('\n', fp);
}
