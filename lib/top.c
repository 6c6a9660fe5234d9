// SPDX-License-Identifier: GPL-2.0
/* `kprof top`'s table: an open hash of per-symbol counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/top.h"

struct top_entry {
	struct kp_top_key key;
	uint64_t total;
	uint64_t interval;
	struct top_entry *next;
};

struct kp_top {
	struct top_entry **buckets;
	size_t nr_buckets;
	size_t nr_entries;
};

int kp_top__new(struct kp_top **topp)
{
	struct kp_top *top = calloc(1, sizeof(*top));

	if (!top)
		return -ENOMEM;
	top->nr_buckets = 1024;
	top->buckets = calloc(top->nr_buckets, sizeof(*top->buckets));
	if (!top->buckets) {
		free(top);
		return -ENOMEM;
	}
	*topp = top;
	return 0;
}

void kp_top__delete(struct kp_top *top)
{
	if (!top)
		return;
	for (size_t i = 0; i < top->nr_buckets; i++) {
		struct top_entry *e = top->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(top->buckets);
	free(top);
}

static size_t top__hash(const struct kp_top_key *key)
{
	uint64_t h = (uintptr_t)key->dso * 0x9e3779b97f4a7c15ULL;

	h ^= (key->sym ? (uintptr_t)key->sym : key->addr) * 0xc2b2ae3d27d4eb4fULL;
	return (size_t)(h ^ (h >> 29));
}

static bool top__same(const struct kp_top_key *a, const struct kp_top_key *b)
{
	if (a->dso != b->dso || a->sym != b->sym)
		return false;
	return a->sym || a->addr == b->addr;
}

static int top__grow(struct kp_top *top)
{
	size_t n = top->nr_buckets * 4;
	struct top_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < top->nr_buckets; i++) {
		struct top_entry *e = top->buckets[i], *next;

		for (; e; e = next) {
			size_t h = top__hash(&e->key) & (n - 1);

			next = e->next;
			e->next = b[h];
			b[h] = e;
		}
	}
	free(top->buckets);
	top->buckets = b;
	top->nr_buckets = n;
	return 0;
}

int kp_top__add(struct kp_top *top, const struct kp_top_key *key, uint64_t n)
{
	size_t h = top__hash(key) & (top->nr_buckets - 1);
	struct top_entry *e;

	for (e = top->buckets[h]; e; e = e->next) {
		if (top__same(&e->key, key)) {
			e->total += n;
			e->interval += n;
			return 0;
		}
	}
	if (top->nr_entries >= top->nr_buckets && !top__grow(top))
		h = top__hash(key) & (top->nr_buckets - 1);
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->key = *key;
	if (!e->key.sym)
		e->key.sym_name = NULL;
	e->total = e->interval = n;
	e->next = top->buckets[h];
	top->buckets[h] = e;
	top->nr_entries++;
	return 0;
}

void kp_top__zero(struct kp_top *top)
{
	for (size_t i = 0; i < top->nr_buckets; i++)
		for (struct top_entry *e = top->buckets[i]; e; e = e->next)
			e->total = e->interval = 0;
}

size_t kp_top__nr_entries(const struct kp_top *top)
{
	return top->nr_entries;
}

int kp_top__snapshot(struct kp_top *top, struct kp_snapshot *snap, double seconds)
{
	kp_snapshot__reset(snap);
	for (size_t i = 0; i < top->nr_buckets; i++) {
		for (struct top_entry *e = top->buckets[i]; e; e = e->next) {
			struct kp_snap_row row = {
				.hits = e->interval,
				.rate = seconds > 0 ? e->interval / seconds : 0,
				.total = e->total,
				.missed = -1,
				.dso = e->key.dso ? e->key.dso_name : NULL,
				.sym = e->key.sym ? e->key.sym_name : NULL,
				.addr = e->key.addr,
				.level = e->key.level,
			};
			int err;

			e->interval = 0;
			if (!row.total)
				continue;
			err = kp_snapshot__add(snap, &row);
			if (err)
				return err;
		}
	}
	kp_snapshot__compute_shares(snap);
	return 0;
}
