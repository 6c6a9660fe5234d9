// SPDX-License-Identifier: GPL-2.0
/* Snapshots of aggregated tables: building, sorting and filtering rows (pure data). */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hist.h"
#include "lib/snapshot.h"

void kp_snapshot__init(struct kp_snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
	snap->cpu_pct = -1;
}

void kp_snapshot__exit(struct kp_snapshot *snap)
{
	free(snap->rows);
	free(snap->nodes);
	kp_snapshot__init(snap);
}

void kp_snapshot__reset(struct kp_snapshot *snap)
{
	snap->nr_rows = 0;
	snap->nr_nodes = 0;
}

int kp_snapshot__add(struct kp_snapshot *snap, const struct kp_snap_row *row)
{
	if (snap->nr_rows == snap->alloc) {
		size_t n = snap->alloc ? snap->alloc * 2 : 256;
		struct kp_snap_row *rows = realloc(snap->rows, n * sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		snap->rows = rows;
		snap->alloc = n;
	}
	snap->rows[snap->nr_rows++] = *row;
	return 0;
}

int kp_snapshot__add_node(struct kp_snapshot *snap, const struct kp_snap_node *node)
{
	if (snap->nr_nodes == snap->nodes_alloc) {
		size_t n = snap->nodes_alloc ? snap->nodes_alloc * 2 : 256;
		struct kp_snap_node *nodes = realloc(snap->nodes, n * sizeof(*nodes));

		if (!nodes)
			return -ENOMEM;
		snap->nodes = nodes;
		snap->nodes_alloc = n;
	}
	snap->nodes[snap->nr_nodes++] = *node;
	return 0;
}

static int snapshot__reserve(void **buf, size_t *alloc, size_t nr, size_t size)
{
	void *p;

	if (nr <= *alloc)
		return 0;
	p = realloc(*buf, nr * size);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*alloc = nr;
	return 0;
}

int kp_snapshot__copy(struct kp_snapshot *dst, const struct kp_snapshot *src)
{
	struct kp_snap_row *rows = dst->rows;
	struct kp_snap_node *nodes = dst->nodes;
	size_t alloc = dst->alloc, nodes_alloc = dst->nodes_alloc;
	int err;

	err = snapshot__reserve((void **)&rows, &alloc, src->nr_rows, sizeof(*rows));
	if (!err)
		err = snapshot__reserve((void **)&nodes, &nodes_alloc, src->nr_nodes,
					sizeof(*nodes));
	/* keep what was (re)allocated either way: dst stays consistent */
	*dst = *src;
	dst->rows = rows;
	dst->alloc = alloc;
	dst->nodes = nodes;
	dst->nodes_alloc = nodes_alloc;
	if (err) {
		dst->nr_rows = dst->nr_nodes = 0;
		return err;
	}
	if (src->nr_rows)
		memcpy(rows, src->rows, src->nr_rows * sizeof(*rows));
	if (src->nr_nodes)
		memcpy(nodes, src->nodes, src->nr_nodes * sizeof(*nodes));
	return 0;
}

void kp_snapshot__compute_shares(struct kp_snapshot *snap)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < snap->nr_rows; i++)
		sum += snap->rows[i].total;
	for (size_t i = 0; i < snap->nr_rows; i++) {
		snap->rows[i].share = sum ? 100.0 * snap->rows[i].total / sum : 0;
		snap->rows[i].children_share = sum ? 100.0 * snap->rows[i].children / sum : 0;
	}
	snap->chain_total = sum;
}

int kp_snapshot__from_hist(struct kp_snapshot *snap, const struct kp_hist *hist)
{
	uint64_t total = kp_hist__total_period(hist);
	bool has_comm = kp_hist__has_key(hist, KP_SORT_COMM) || kp_hist__has_key(hist, KP_SORT_PID) ||
			kp_hist__has_key(hist, KP_SORT_TID);
	bool has_dso = kp_hist__has_key(hist, KP_SORT_DSO);

	kp_snapshot__reset(snap);
	for (size_t i = 0; i < kp_hist__nr_entries(hist); i++) {
		const struct kp_hist_entry *e = kp_hist__entry(hist, i);
		struct kp_snap_row row = {
			.share = total ? 100.0 * e->period / total : 0,
			.hits = e->nr_samples,
			.rate = -1,
			.total = e->nr_samples,
			.children = e->children,
			.children_share = total ? 100.0 * e->children / total : 0,
			.missed = -1,
			.comm = has_comm ? e->key.comm : NULL,
			.dso = has_dso && e->key.dso ? e->key.dso_name : NULL,
			.sym = e->key.sym ? e->key.sym_name : NULL,
			.addr = e->key.addr,
			.dso_id = e->key.dso,
			.sym_id = e->key.sym,
			.level = e->key.level,
		};
		int err = kp_snapshot__add(snap, &row);

		if (err)
			return err;
	}
	snap->samples = kp_hist__nr_samples(hist);
	snap->chain_total = total;
	return 0;
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

/* Unknown names sort last. */
static int cmp_name(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strcmp(a, b);
}

static int cmp_tail(const struct kp_snap_row *a, const struct kp_snap_row *b)
{
	int c = cmp_name(a->sym, b->sym);

	if (!c)
		c = cmp_name(a->dso, b->dso);
	if (!c)
		c = a->addr < b->addr ? -1 : a->addr > b->addr;
	return c;
}

static int cmp_total(const void *pa, const void *pb)
{
	const struct kp_snap_row *a = pa, *b = pb;
	int c = cmp_u64_desc(a->total, b->total);

	return c ? c : cmp_tail(a, b);
}

static int cmp_recent(const void *pa, const void *pb)
{
	const struct kp_snap_row *a = pa, *b = pb;
	int c = cmp_u64_desc(a->hits, b->hits);

	return c ? c : cmp_total(a, b);
}

static int cmp_sym(const void *pa, const void *pb)
{
	const struct kp_snap_row *a = pa, *b = pb;
	int c = cmp_name(a->sym, b->sym);

	return c ? c : cmp_total(a, b);
}

static int cmp_dso(const void *pa, const void *pb)
{
	const struct kp_snap_row *a = pa, *b = pb;
	int c = cmp_name(a->dso, b->dso);

	return c ? c : cmp_total(a, b);
}

static int cmp_children(const void *pa, const void *pb)
{
	const struct kp_snap_row *a = pa, *b = pb;
	int c = cmp_u64_desc(a->children, b->children);

	return c ? c : cmp_total(a, b);
}

static int (*const snap_cmp[KP_SNAP_SORT__NR])(const void *, const void *) = {
	[KP_SNAP_SORT_TOTAL] = cmp_total,
	[KP_SNAP_SORT_RECENT] = cmp_recent,
	[KP_SNAP_SORT_SYM] = cmp_sym,
	[KP_SNAP_SORT_DSO] = cmp_dso,
	[KP_SNAP_SORT_CHILDREN] = cmp_children,
};

void kp_snapshot__sort(struct kp_snapshot *snap, enum kp_snap_sort sort)
{
	if (sort < 0 || sort >= KP_SNAP_SORT__NR || !snap->nr_rows)
		return;
	qsort(snap->rows, snap->nr_rows, sizeof(*snap->rows), snap_cmp[sort]);
}

int kp_snap_row__cmp(const struct kp_snap_row *a, const struct kp_snap_row *b,
		     enum kp_snap_sort sort)
{
	return snap_cmp[sort](a, b);
}

/* qsort_r has no portable signature: the context goes through the caller's frame */
struct idx_ctx {
	const struct kp_snap_row *rows;
	int (*cmp)(const void *, const void *);
};

static int idx_cmp(const struct idx_ctx *c, size_t a, size_t b)
{
	return c->cmp(&c->rows[a], &c->rows[b]);
}

static void idx_swap(size_t *idx, size_t i, size_t j)
{
	size_t t = idx[i];

	idx[i] = idx[j];
	idx[j] = t;
}

static void idx_insertion(const struct idx_ctx *c, size_t *idx, size_t lo, size_t hi)
{
	for (size_t i = lo + 1; i < hi; i++)
		for (size_t j = i; j > lo && idx_cmp(c, idx[j - 1], idx[j]) > 0; j--)
			idx_swap(idx, j - 1, j);
}

/* Lomuto partition of idx[lo..hi) around its median-of-three; returns the pivot's place. */
static size_t idx_partition(const struct idx_ctx *c, size_t *idx, size_t lo, size_t hi)
{
	size_t mid = lo + (hi - lo) / 2, last = hi - 1, store = lo;

	if (idx_cmp(c, idx[mid], idx[lo]) < 0)
		idx_swap(idx, mid, lo);
	if (idx_cmp(c, idx[last], idx[lo]) < 0)
		idx_swap(idx, last, lo);
	if (idx_cmp(c, idx[mid], idx[last]) < 0)
		idx_swap(idx, mid, last);
	/* the median is now at last */
	for (size_t i = lo; i < last; i++)
		if (idx_cmp(c, idx[i], idx[last]) < 0)
			idx_swap(idx, i, store++);
	idx_swap(idx, store, last);
	return store;
}

/* Sort idx[lo..hi) only as far as it decides idx[from..upto) (a partial quicksort). */
static void idx_psort(const struct idx_ctx *c, size_t *idx, size_t lo, size_t hi, size_t from,
		      size_t upto)
{
	while (hi - lo > 16) {
		size_t p = idx_partition(c, idx, lo, hi);

		if (p > from && lo < upto)
			idx_psort(c, idx, lo, p, from, upto);
		if (p + 1 >= upto)
			return;
		lo = p + 1;
		if (lo >= upto)
			return;
	}
	idx_insertion(c, idx, lo, hi);
}

void kp_snapshot__sort_idx(const struct kp_snapshot *snap, enum kp_snap_sort sort, size_t *idx,
			   size_t nr, size_t from, size_t upto)
{
	struct idx_ctx c = { .rows = snap->rows };

	if (sort < 0 || sort >= KP_SNAP_SORT__NR)
		return;
	c.cmp = snap_cmp[sort];
	if (upto > nr)
		upto = nr;
	if (from >= upto)
		return;
	idx_psort(&c, idx, from, nr, from, upto);
}

const char *kp_snap_sort__name(enum kp_snap_sort sort)
{
	static const char *const names[KP_SNAP_SORT__NR] = {
		[KP_SNAP_SORT_TOTAL] = "total",
		[KP_SNAP_SORT_RECENT] = "recent",
		[KP_SNAP_SORT_SYM] = "symbol",
		[KP_SNAP_SORT_DSO] = "dso",
		[KP_SNAP_SORT_CHILDREN] = "children",
	};

	return sort >= 0 && sort < KP_SNAP_SORT__NR ? names[sort] : "?";
}

const char *kp_snap_row__sym(const struct kp_snap_row *row, char *buf, size_t size)
{
	if (row->sym)
		return row->sym;
	snprintf(buf, size, "0x%016" PRIx64, row->addr);
	return buf;
}

const char *kp_snap_node__sym(const struct kp_snap_node *node, char *buf, size_t size)
{
	if (node->sym)
		return node->sym;
	snprintf(buf, size, "0x%016" PRIx64, node->addr);
	return buf;
}

bool kp_snap_row__match(const struct kp_snap_row *row, const char *pattern,
			enum kp_snap_level level)
{
	char buf[32];
	const char *sym;

	if (level == KP_SNAP_KERNEL && row->level != 'k')
		return false;
	if (level == KP_SNAP_USER && row->level == 'k')
		return false;
	if (!pattern || !*pattern)
		return true;
	sym = kp_snap_row__sym(row, buf, sizeof(buf));
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, sym, 0) == 0;
	return strstr(sym, pattern) != NULL;
}

size_t kp_snapshot__filter(const struct kp_snapshot *snap, const char *pattern,
			   enum kp_snap_level level, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < snap->nr_rows; i++)
		if (kp_snap_row__match(&snap->rows[i], pattern, level))
			idx[n++] = i;
	return n;
}
