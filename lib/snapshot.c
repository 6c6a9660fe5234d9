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
	kp_snapshot__init(snap);
}

void kp_snapshot__reset(struct kp_snapshot *snap)
{
	snap->nr_rows = 0;
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

void kp_snapshot__compute_shares(struct kp_snapshot *snap)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < snap->nr_rows; i++)
		sum += snap->rows[i].total;
	for (size_t i = 0; i < snap->nr_rows; i++)
		snap->rows[i].share = sum ? 100.0 * snap->rows[i].total / sum : 0;
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
			.missed = -1,
			.comm = has_comm ? e->key.comm : NULL,
			.dso = has_dso && e->key.dso ? e->key.dso_name : NULL,
			.sym = e->key.sym ? e->key.sym_name : NULL,
			.addr = e->key.addr,
			.level = e->key.level,
		};
		int err = kp_snapshot__add(snap, &row);

		if (err)
			return err;
	}
	snap->samples = kp_hist__nr_samples(hist);
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

void kp_snapshot__sort(struct kp_snapshot *snap, enum kp_snap_sort sort)
{
	static int (*const cmp[KP_SNAP_SORT__NR])(const void *, const void *) = {
		[KP_SNAP_SORT_TOTAL] = cmp_total,
		[KP_SNAP_SORT_RECENT] = cmp_recent,
		[KP_SNAP_SORT_SYM] = cmp_sym,
		[KP_SNAP_SORT_DSO] = cmp_dso,
	};

	if (sort < 0 || sort >= KP_SNAP_SORT__NR || !snap->nr_rows)
		return;
	qsort(snap->rows, snap->nr_rows, sizeof(*snap->rows), cmp[sort]);
}

const char *kp_snap_sort__name(enum kp_snap_sort sort)
{
	static const char *const names[KP_SNAP_SORT__NR] = {
		[KP_SNAP_SORT_TOTAL] = "total",
		[KP_SNAP_SORT_RECENT] = "recent",
		[KP_SNAP_SORT_SYM] = "symbol",
		[KP_SNAP_SORT_DSO] = "dso",
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
