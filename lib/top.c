// SPDX-License-Identifier: GPL-2.0
/*
 * `kprof top`'s table: an open hash of per-symbol counters and, with stacks,
 * per symbol two trees (its callers, its callees) whose nodes point at the
 * entries of the frames' symbols, carved from chunks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/top.h"

struct top_node {
	struct top_entry *entry;	/* the frame's symbol */
	uint64_t hits;
	struct top_node *child, *next;	/* children unordered */
	struct top_node **list;		/* the list it is in (its parent's), for the hash */
};

struct top_entry {
	struct kp_top_key key;
	uint64_t total;
	uint64_t interval;
	uint64_t children;		/* stacks through it */
	uint64_t mark;			/* the last stack that counted it */
	struct top_node *tree[2];	/* KP_SNAP_CALLERS, KP_SNAP_CALLEES: first level */
	struct top_entry *next;
};

#define TOP_NODE_CHUNK 4096
#define TOP_ENTRY_CHUNK 1024

/* Entries live in chunks, in creation order: a snapshot walks memory in order. */
struct entry_chunk {
	struct entry_chunk *next;
	size_t used;
	struct top_entry entries[TOP_ENTRY_CHUNK];
};

struct top_chunk {
	struct top_chunk *next;
	size_t used;
	struct top_node nodes[TOP_NODE_CHUNK];
};

struct kp_top {
	struct top_entry **buckets;
	size_t nr_buckets;
	size_t nr_entries;
	struct entry_chunk *first, *last;
	bool has_stacks;
	uint64_t nr_stacks;
	struct top_chunk *chunks;
	struct top_entry **ents;	/* one stack's entries */
	int ents_alloc;
	/* (list, entry) -> node, open addressing: a wide node (main) finds a child in O(1) */
	struct top_node **node_hash;
	size_t node_hash_size, nr_nodes;
	const struct top_node **order;	/* siblings being sorted while flattening: a stack */
	size_t order_top, order_alloc;
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

static void top__free_nodes(struct kp_top *top)
{
	free(top->node_hash);
	top->node_hash = NULL;
	top->node_hash_size = top->nr_nodes = 0;
	while (top->chunks) {
		struct top_chunk *c = top->chunks;

		top->chunks = c->next;
		free(c);
	}
}

void kp_top__delete(struct kp_top *top)
{
	if (!top)
		return;
	while (top->first) {
		struct entry_chunk *c = top->first;

		top->first = c->next;
		free(c);
	}
	top__free_nodes(top);
	free(top->buckets);
	free(top->ents);
	free(top->order);
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

/* The entry of @key, made at zero when new; NULL: no memory. */
static struct top_entry *top__entry(struct kp_top *top, const struct kp_top_key *key)
{
	size_t h = top__hash(key) & (top->nr_buckets - 1);
	struct top_entry *e;

	for (e = top->buckets[h]; e; e = e->next)
		if (top__same(&e->key, key))
			return e;
	if (top->nr_entries >= top->nr_buckets && !top__grow(top))
		h = top__hash(key) & (top->nr_buckets - 1);
	if (!top->last || top->last->used == TOP_ENTRY_CHUNK) {
		struct entry_chunk *c = malloc(sizeof(*c));

		if (!c)
			return NULL;
		c->next = NULL;
		c->used = 0;
		if (top->last)
			top->last->next = c;
		else
			top->first = c;
		top->last = c;
	}
	e = &top->last->entries[top->last->used++];
	memset(e, 0, sizeof(*e));
	e->key = *key;
	if (!e->key.sym)
		e->key.sym_name = NULL;
	if (!e->key.dso)
		e->key.dso_name = NULL;
	e->next = top->buckets[h];
	top->buckets[h] = e;
	top->nr_entries++;
	return e;
}

int kp_top__add(struct kp_top *top, const struct kp_top_key *key, uint64_t n)
{
	struct top_entry *e = top__entry(top, key);

	if (!e)
		return -ENOMEM;
	e->total += n;
	e->interval += n;
	return 0;
}

static size_t node__hash(const void *list, const struct top_entry *entry)
{
	uint64_t h = (uintptr_t)list * 0x9e3779b97f4a7c15ULL ^
		     (uintptr_t)entry * 0xc2b2ae3d27d4eb4fULL;

	return (size_t)(h ^ (h >> 31));
}

/* Make room for one more node in the hash (load under 1/2). */
static int top__hash_reserve(struct kp_top *top)
{
	size_t n = top->node_hash_size ? top->node_hash_size * 2 : 4096;
	struct top_node **h;

	if ((top->nr_nodes + 1) * 2 <= top->node_hash_size)
		return 0;
	h = calloc(n, sizeof(*h));
	if (!h)
		return -ENOMEM;
	for (size_t i = 0; i < top->node_hash_size; i++) {
		struct top_node *node = top->node_hash[i];
		size_t j;

		if (!node)
			continue;
		for (j = node__hash(node->list, node->entry) & (n - 1); h[j]; j = (j + 1) & (n - 1))
			;
		h[j] = node;
	}
	free(top->node_hash);
	top->node_hash = h;
	top->node_hash_size = n;
	return 0;
}

static struct top_node *top__child(struct kp_top *top, struct top_node **list,
				   struct top_entry *entry)
{
	struct top_chunk *c = top->chunks;
	struct top_node *node;
	size_t mask, j;

	if (top__hash_reserve(top))
		return NULL;
	mask = top->node_hash_size - 1;
	for (j = node__hash(list, entry) & mask; (node = top->node_hash[j]); j = (j + 1) & mask)
		if (node->list == list && node->entry == entry)
			return node;
	if (!c || c->used == TOP_NODE_CHUNK) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->used = 0;
		c->next = top->chunks;
		top->chunks = c;
	}
	node = &c->nodes[c->used++];
	*node = (struct top_node){ .entry = entry, .next = *list, .list = list };
	*list = node;
	top->node_hash[j] = node;
	top->nr_nodes++;
	return node;
}

/* Add the path @ents[from], @ents[from + step], ... (@nr of them) under @list. */
static int top__add_path(struct kp_top *top, struct top_node **list, struct top_entry **ents,
			 int from, int step, int nr, uint64_t hits)
{
	for (int i = 0, j = from; i < nr; i++, j += step) {
		struct top_node *node = top__child(top, list, ents[j]);

		if (!node)
			return -ENOMEM;
		node->hits += hits;
		list = &node->child;
	}
	return 0;
}

int kp_top__add_stack(struct kp_top *top, const struct kp_top_key *frames, int n, uint64_t hits)
{
	uint64_t mark;

	if (n <= 0)
		return 0;
	if (n > top->ents_alloc) {
		struct top_entry **ents = realloc(top->ents, n * sizeof(*ents));

		if (!ents)
			return -ENOMEM;
		top->ents = ents;
		top->ents_alloc = n;
	}
	for (int i = 0; i < n; i++) {
		top->ents[i] = top__entry(top, &frames[i]);
		if (!top->ents[i])
			return -ENOMEM;
	}
	top->has_stacks = true;
	mark = ++top->nr_stacks;
	top->ents[0]->total += hits;
	top->ents[0]->interval += hits;
	for (int i = 0; i < n; i++) {
		struct top_entry *e = top->ents[i];
		int err;

		if (e->mark == mark)
			continue;	/* recursion: counted at its innermost frame */
		e->mark = mark;
		e->children += hits;
		err = top__add_path(top, &e->tree[KP_SNAP_CALLERS], top->ents, i + 1, 1,
				    n - i - 1, hits) ?:
		      top__add_path(top, &e->tree[KP_SNAP_CALLEES], top->ents, i - 1, -1, i, hits);
		if (err)
			return err;
	}
	return 0;
}

void kp_top__zero(struct kp_top *top)
{
	for (struct entry_chunk *c = top->first; c; c = c->next) {
		for (size_t i = 0; i < c->used; i++) {
			struct top_entry *e = &c->entries[i];

			e->total = e->interval = e->children = 0;
			e->tree[KP_SNAP_CALLERS] = e->tree[KP_SNAP_CALLEES] = NULL;
		}
	}
	top__free_nodes(top);
}

static struct top_entry *top__find(const struct kp_top *top, const struct kp_top_key *key)
{
	size_t h = top__hash(key) & (top->nr_buckets - 1);

	for (struct top_entry *e = top->buckets[h]; e; e = e->next)
		if (top__same(&e->key, key))
			return e;
	return NULL;
}

static int node_cmp(const void *pa, const void *pb)
{
	const struct top_node *a = *(const struct top_node *const *)pa;
	const struct top_node *b = *(const struct top_node *const *)pb;
	const char *x = a->entry->key.sym_name, *y = b->entry->key.sym_name;
	int c;

	if (a->hits != b->hits)
		return a->hits > b->hits ? -1 : 1;
	if (!x || !y)
		c = !x - !y;
	else
		c = strcmp(x, y);
	if (!c)
		c = a->entry->key.addr < b->entry->key.addr ? -1 : a->entry->key.addr >
								 b->entry->key.addr;
	return c;
}

/* @list's nodes and their subtrees into @snap, in pre-order, siblings by hits. */
static int top__flatten(struct kp_top *top, struct kp_snapshot *snap,
			const struct top_node *list, uint32_t depth)
{
	size_t nr = 0, base;
	int err;

	for (const struct top_node *n = list; n; n = n->next)
		nr++;
	if (!nr)
		return 0;
	/* the children go to the end of the scratch array; it may move while recursing */
	base = top->order_top;
	if (base + nr > top->order_alloc) {
		size_t want = (base + nr) * 2;
		const struct top_node **order = realloc(top->order, want * sizeof(*order));

		if (!order)
			return -ENOMEM;
		top->order = order;
		top->order_alloc = want;
	}
	top->order_top = base + nr;
	nr = 0;
	for (const struct top_node *n = list; n; n = n->next)
		top->order[base + nr++] = n;
	qsort(top->order + base, nr, sizeof(*top->order), node_cmp);
	for (size_t i = 0; i < nr; i++) {
		const struct top_node *n = top->order[base + i];
		const struct kp_top_key *k = &n->entry->key;
		struct kp_snap_node node = {
			.dso = k->dso_name,
			.sym = k->sym_name,
			.addr = k->addr,
			.hits = n->hits,
			.depth = depth,
			.level = k->level,
		};
		size_t at = snap->nr_nodes;

		err = kp_snapshot__add_node(snap, &node);
		if (!err)
			err = top__flatten(top, snap, n->child, depth + 1);
		if (err) {
			top->order_top = base;
			return err;
		}
		snap->nodes[at].nr_desc = snap->nr_nodes - at - 1;
	}
	top->order_top = base;	/* pop */
	return 0;
}

size_t kp_top__nr_entries(const struct kp_top *top)
{
	return top->nr_entries;
}

int kp_top__snapshot(struct kp_top *top, struct kp_snapshot *snap, double seconds)
{
	kp_snapshot__reset(snap);
	for (struct entry_chunk *c = top->first; c; c = c->next) {
		for (size_t i = 0; i < c->used; i++) {
			struct top_entry *e = &c->entries[i];
			struct kp_snap_row row = {
				.hits = e->interval,
				.rate = seconds > 0 ? e->interval / seconds : 0,
				.total = e->total,
				.children = e->children,
				.missed = -1,
				.dso = e->key.dso ? e->key.dso_name : NULL,
				.sym = e->key.sym ? e->key.sym_name : NULL,
				.addr = e->key.addr,
				.dso_id = e->key.dso,
				.sym_id = e->key.sym,
				.level = e->key.level,
			};
			int err;

			e->interval = 0;
			if (!row.total && !row.children)
				continue;
			for (int t = 0; t < 2 && top->has_stacks; t++) {
				row.chain[t] = snap->nr_nodes;
				err = top__flatten(top, snap, e->tree[t], 0);
				if (err)
					return err;
				row.nr_chain[t] = snap->nr_nodes - row.chain[t];
			}
			err = kp_snapshot__add(snap, &row);
			if (err)
				return err;
		}
	}
	kp_snapshot__compute_shares(snap);
	return 0;
}

int kp_top__fill_chains(struct kp_top *top, struct kp_snapshot *snap)
{
	snap->nr_nodes = 0;
	snap->has_callchains = top->has_stacks;
	for (size_t i = 0; i < snap->nr_rows; i++) {
		struct kp_snap_row *r = &snap->rows[i];
		struct kp_top_key key = { .dso = r->dso_id, .sym = r->sym_id, .addr = r->addr };
		struct top_entry *e = top__find(top, &key);

		for (int t = 0; t < 2; t++) {
			int err;

			r->chain[t] = snap->nr_nodes;
			err = e ? top__flatten(top, snap, e->tree[t], 0) : 0;
			if (err)
				return err;
			r->nr_chain[t] = snap->nr_nodes - r->chain[t];
		}
	}
	return 0;
}
