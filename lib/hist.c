// SPDX-License-Identifier: GPL-2.0
/*
 * The sample histogram: a chained hash table of entries keyed by the sort-key
 * tuple of identities (pointers, ids), entries carved from chunks (no
 * allocation per sample), merged by name and sorted once at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/hist.h"

#define HIST_CHUNK 512 /* entries per allocation */
#define HIST_MIN_BUCKETS 1024

struct hist_chunk {
	struct hist_chunk *next;
	size_t used;
	struct kp_hist_entry entries[HIST_CHUNK];
};

struct kp_hist {
	enum kp_sort_key keys[KP_HIST_MAX_KEYS];
	int nr_keys;
	bool has[KP_SORT__NR];

	struct kp_hist_entry **buckets;
	size_t nr_buckets; /* a power of two */
	size_t nr_entries;
	struct hist_chunk *chunks;

	struct kp_hist_entry **sorted; /* after kp_hist__sort() */
	size_t nr_sorted;

	uint64_t nr_samples;
	uint64_t total_period;
	bool cumulative; /* order by children, then self */
	bool depth, caller; /* children ties: by max_depth */
	kp_hist_merge_fn merge;
	const struct kp_hist_ext *ext[KP_HIST_MAX_EXT];
};

static const char *const sort_key_names[KP_SORT__NR] = {
	[KP_SORT_COMM] = "comm", [KP_SORT_PID] = "pid", [KP_SORT_TID] = "tid",
	[KP_SORT_DSO] = "dso",	 [KP_SORT_SYM] = "sym", [KP_SORT_CPU] = "cpu",
};

const char *kp_sort_key__name(enum kp_sort_key key)
{
	return key < KP_SORT_EXT0 ? sort_key_names[key] : "?";
}

/*
 * perf matches a key by case-insensitive prefix, the first of its table in
 * order (pid, comm, dso, symbol, ..., cpu): "sym", "s" and "Symbol" are all
 * "symbol", "c" is "comm".  "tid" is kprof's own, last.
 */
static int sort_key__lookup(const char *name, size_t len)
{
	static const struct {
		const char *name;
		enum kp_sort_key key;
	} table[] = {
		{ "pid", KP_SORT_PID },	   { "comm", KP_SORT_COMM }, { "dso", KP_SORT_DSO },
		{ "symbol", KP_SORT_SYM }, { "cpu", KP_SORT_CPU },   { "tid", KP_SORT_TID },
	};

	if (!len)
		return -1;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (len <= strlen(table[i].name) && !strncasecmp(name, table[i].name, len))
			return table[i].key;
	return -1;
}

int kp_sort_keys__parse(const char *str, enum kp_sort_key *keys, int max_keys)
{
	int n = 0;

	if (!str)
		return -EINVAL;
	/* perf splits on commas and spaces and skips empty tokens */
	for (str += strspn(str, ", "); *str; str += strspn(str, ", ")) {
		size_t len = strcspn(str, ", ");
		int k = sort_key__lookup(str, len);

		if (k < 0 || n >= max_keys)
			return -EINVAL;
		for (int i = 0; i < n; i++)
			if (keys[i] == (enum kp_sort_key)k)
				return -EINVAL;
		keys[n++] = k;
		str += len;
	}
	return n ? n : -EINVAL;
}

int kp_hist__new(struct kp_hist **histp, const enum kp_sort_key *keys, int nr_keys)
{
	struct kp_hist *hist;

	*histp = NULL;
	if (nr_keys < 1 || nr_keys > KP_HIST_MAX_KEYS)
		return -EINVAL;
	hist = calloc(1, sizeof(*hist));
	if (!hist)
		return -ENOMEM;
	for (int i = 0; i < nr_keys; i++) {
		if (keys[i] >= KP_SORT__NR) {
			free(hist);
			return -EINVAL;
		}
		hist->keys[i] = keys[i];
		hist->has[keys[i]] = true;
	}
	hist->nr_keys = nr_keys;
	hist->nr_buckets = HIST_MIN_BUCKETS;
	hist->buckets = calloc(hist->nr_buckets, sizeof(*hist->buckets));
	if (!hist->buckets) {
		kp_hist__delete(hist);
		return -ENOMEM;
	}
	*histp = hist;
	return 0;
}

void kp_hist__delete(struct kp_hist *hist)
{
	if (!hist)
		return;
	while (hist->chunks) {
		struct hist_chunk *c = hist->chunks;

		hist->chunks = c->next;
		free(c);
	}
	free(hist->buckets);
	free(hist->sorted);
	free(hist);
}

static inline uint64_t mix64(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static inline uint64_t key_hash(const struct kp_hist_key *k)
{
	uint64_t h = 0;

	h = mix64(h, (uintptr_t)k->comm);
	h = mix64(h, (uint64_t)(uint32_t)k->tid << 32 | (uint32_t)k->cpu);
	h = mix64(h, (uintptr_t)k->dso);
	h = mix64(h, (uintptr_t)k->sym);
	h = mix64(h, k->addr);
	for (int i = 0; i < KP_HIST_MAX_EXT; i++)
		h = mix64(h, (uintptr_t)k->ext[i]);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return h;
}

static inline bool key_equal(const struct kp_hist_key *a, const struct kp_hist_key *b)
{
	return a->comm == b->comm && a->tid == b->tid && a->cpu == b->cpu && a->dso == b->dso &&
	       a->sym == b->sym && a->addr == b->addr &&
	       !memcmp(a->ext, b->ext, sizeof(a->ext));
}

static int hist__grow(struct kp_hist *hist)
{
	size_t n = hist->nr_buckets * 4;
	struct kp_hist_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < hist->nr_buckets; i++) {
		struct kp_hist_entry *e = hist->buckets[i], *next;

		for (; e; e = next) {
			size_t slot = key_hash(&e->id) & (n - 1);

			next = e->next;
			e->next = b[slot];
			b[slot] = e;
		}
	}
	free(hist->buckets);
	hist->buckets = b;
	hist->nr_buckets = n;
	return 0;
}

static struct kp_hist_entry *hist__new_entry(struct kp_hist *hist)
{
	struct hist_chunk *c = hist->chunks;

	if (!c || c->used == HIST_CHUNK) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->used = 0;
		c->next = hist->chunks;
		hist->chunks = c;
	}
	return &c->entries[c->used++];
}

static struct kp_hist_entry *hist__findnew(struct kp_hist *hist, const struct kp_hist_key *in)
{
	struct kp_hist_key k = { .cpu = -1 };
	struct kp_hist_entry *e, **slot;

	/* Only the keys asked for take part; the rest describe the first sample. */
	if (hist->has[KP_SORT_COMM])
		k.comm = in->comm;
	if (hist->has[KP_SORT_PID] || hist->has[KP_SORT_TID])
		k.tid = in->tid;
	if (hist->has[KP_SORT_CPU])
		k.cpu = in->cpu;
	if (hist->has[KP_SORT_DSO])
		k.dso = in->dso;
	if (hist->has[KP_SORT_SYM]) {
		k.sym = in->sym;
		if (!in->sym)
			k.addr = in->addr; /* unresolved: one row per address */
	}
	for (int i = 0; i < KP_HIST_MAX_EXT; i++)
		if (hist->has[KP_SORT_EXT0 + i])
			k.ext[i] = in->ext[i];
	slot = &hist->buckets[key_hash(&k) & (hist->nr_buckets - 1)];
	for (e = *slot; e; e = e->next)
		if (key_equal(&e->id, &k))
			return e;
	e = hist__new_entry(hist);
	if (!e)
		return NULL;
	memset(e, 0, sizeof(*e));
	e->seq = hist->nr_entries;
	e->id = k;
	/* describe the entry by its first sample, as perf does */
	e->key.thread = in->thread;
	e->key.comm = in->comm;
	e->key.pid = in->pid;
	e->key.tid = in->tid;
	e->key.cpu = in->cpu;
	e->key.dso = in->dso;
	e->key.dso_name = in->dso ? in->dso_name : NULL;
	e->key.sym = in->sym;
	e->key.sym_name = in->sym ? in->sym_name : NULL;
	e->key.sym_start = in->sym ? in->sym_start : 0;
	e->key.sym_end = in->sym ? in->sym_end : 0;
	e->key.addr = in->addr;
	e->key.level = in->level;
	memcpy(e->key.ext, in->ext, sizeof(e->key.ext));
	e->next = *slot;
	*slot = e;
	if (++hist->nr_entries > hist->nr_buckets && hist__grow(hist))
		return NULL;
	return e;
}

int kp_hist__add(struct kp_hist *hist, const struct kp_hist_key *in, uint64_t period)
{
	return kp_hist__add_cumulative(hist, in, period, true, NULL);
}

int kp_hist__add_cumulative(struct kp_hist *hist, const struct kp_hist_key *in, uint64_t period,
			    bool self, struct kp_hist_entry **entry)
{
	struct kp_hist_entry *e = hist__findnew(hist, in);

	if (!e)
		return -ENOMEM;
	if (entry)
		*entry = e;
	e->children += period;
	if (!self)
		return 0;
	e->nr_samples++;
	e->period += period;
	hist->nr_samples++;
	hist->total_period += period;
	return 0;
}

void kp_hist__for_each_entry(struct kp_hist *hist, void (*fn)(struct kp_hist_entry *e, void *arg),
			     void *arg)
{
	for (struct hist_chunk *c = hist->chunks; c; c = c->next)
		for (size_t i = 0; i < c->used; i++)
			fn(&c->entries[i], arg);
}

void kp_hist__set_merge(struct kp_hist *hist, kp_hist_merge_fn merge)
{
	hist->merge = merge;
}

void kp_hist__set_cumulative(struct kp_hist *hist, bool depth, bool caller)
{
	hist->depth = depth;
	hist->caller = caller;
	hist->cumulative = true;
}

static int strcmp_null_last(const char *a, const char *b)
{
	if (!a || !b)
		return a ? -1 : b ? 1 : 0;
	return strcmp(a, b);
}

static int cmp_int(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int hist__ext_cmp(const struct kp_hist *hist, enum kp_sort_key key,
			 const struct kp_hist_entry *a, const struct kp_hist_entry *b)
{
	const struct kp_hist_ext *ext = hist->ext[key - KP_SORT_EXT0];
	const void *va = a->key.ext[key - KP_SORT_EXT0], *vb = b->key.ext[key - KP_SORT_EXT0];

	if (va == vb)
		return 0;
	if (!va || !vb) /* no value: last */
		return va ? -1 : 1;
	if (!ext || !ext->cmp)
		return va < vb ? -1 : 1;
	return ext->cmp(va, vb, ext->arg);
}

/* One sort key by name (a symbol by its name: the output's order), an extension by its cmp. */
static int key_cmp(const struct kp_hist *hist, enum kp_sort_key key,
		   const struct kp_hist_entry *a, const struct kp_hist_entry *b)
{
	switch (key) {
	case KP_SORT_COMM:
		return strcmp_null_last(a->key.comm, b->key.comm);
	case KP_SORT_PID:
	case KP_SORT_TID:
		return cmp_int(a->key.tid, b->key.tid);
	case KP_SORT_CPU:
		return cmp_int(a->key.cpu, b->key.cpu);
	case KP_SORT_DSO:
		return strcmp_null_last(a->key.dso_name, b->key.dso_name);
	case KP_SORT_SYM:
		return strcmp_null_last(a->key.sym_name, b->key.sym_name);
	default:
		return hist__ext_cmp(hist, key, a, b);
	}
}

/* Symbols as one row: the same symbol, or perf's _sort__sym_cmp (a symbol is its range). */
static int sym_collapse_cmp(const struct kp_hist *hist, const struct kp_hist_entry *a,
			    const struct kp_hist_entry *b)
{
	int r = 0;

	if (!a->key.sym && !b->key.sym)
		return a->key.addr < b->key.addr ? -1 : a->key.addr > b->key.addr;
	if (!a->key.sym || !b->key.sym)
		return a->key.sym ? -1 : 1;
	if (a->key.sym == b->key.sym)
		return 0;
	if (!hist->has[KP_SORT_DSO])
		r = strcmp_null_last(a->key.dso_name, b->key.dso_name);
	if (!r && a->key.sym_start != b->key.sym_start)
		r = a->key.sym_start < b->key.sym_start ? -1 : 1;
	if (!r && a->key.sym_end != b->key.sym_end)
		r = a->key.sym_end < b->key.sym_end ? -1 : 1;
	return r;
}

/*
 * Entries equal here are one row: keys compared by name (the hash compared
 * identities).  A sort key the histogram lacks does not take part.
 */
static int collapse_cmp(const struct kp_hist *hist, const struct kp_hist_entry *a,
			const struct kp_hist_entry *b)
{
	int r = 0;

	for (int i = 0; i < hist->nr_keys && !r; i++)
		r = hist->keys[i] == KP_SORT_SYM ? sym_collapse_cmp(hist, a, b)
						 : key_cmp(hist, hist->keys[i], a, b);
	return r;
}

/* perf's output order: period descending, then the keys as perf's se_sort orders them. */
static int output_cmp(const struct kp_hist *hist, const struct kp_hist_entry *a,
		      const struct kp_hist_entry *b)
{
	int r;

	if (hist->cumulative && a->children != b->children)
		return a->children > b->children ? -1 : 1;
	if (hist->depth && a->key.thread == b->key.thread && a->max_depth != b->max_depth)
		return (a->max_depth > b->max_depth) == hist->caller ? -1 : 1;
	if (a->period != b->period)
		return a->period > b->period ? -1 : 1;
	for (int i = 0; i < hist->nr_keys; i++) {
		r = key_cmp(hist, hist->keys[i], a, b);
		if (r)
			return r;
	}
	/* ties: perf keeps the collapsed order: by address, as a signed difference (_sort__addr_cmp) */
	if (a->key.addr != b->key.addr)
		return (int64_t)(a->key.addr - b->key.addr) < 0 ? -1 : 1;
	return collapse_cmp(hist, a, b);
}

/* qsort has no context argument in C11; a small merge sort keeps it reentrant. */
typedef int (*entry_cmp_t)(const struct kp_hist *, const struct kp_hist_entry *,
			   const struct kp_hist_entry *);

static void merge_sort(const struct kp_hist *hist, struct kp_hist_entry **v,
		       struct kp_hist_entry **tmp, size_t n, entry_cmp_t cmp)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(hist, v, tmp, mid, cmp);
	merge_sort(hist, v + mid, tmp, n - mid, cmp);
	while (i < mid && j < n)
		tmp[k++] = cmp(hist, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

int kp_hist__sort(struct kp_hist *hist)
{
	struct kp_hist_entry **v, **tmp;
	size_t n = 0, out = 0;

	free(hist->sorted);
	hist->sorted = NULL;
	hist->nr_sorted = 0;
	if (!hist->nr_entries)
		return 0;
	v = malloc(hist->nr_entries * sizeof(*v));
	tmp = malloc(hist->nr_entries * sizeof(*tmp));
	if (!v || !tmp) {
		free(v);
		free(tmp);
		return -ENOMEM;
	}
	for (size_t i = 0; i < hist->nr_buckets; i++)
		for (struct kp_hist_entry *e = hist->buckets[i]; e; e = e->next)
			v[n++] = e;

	/* collapse: equal names make one row */
	merge_sort(hist, v, tmp, n, collapse_cmp);
	for (size_t i = 0; i < n; i++) {
		if (out && !collapse_cmp(hist, v[out - 1], v[i])) {
			v[out - 1]->nr_samples += v[i]->nr_samples;
			v[out - 1]->period += v[i]->period;
			v[out - 1]->children += v[i]->children;
			if (v[i]->seq < v[out - 1]->seq) {
				/* perf keeps the first entry made; its sample describes the row */
				v[out - 1]->key = v[i]->key;
				v[out - 1]->seq = v[i]->seq;
				v[out - 1]->max_depth = v[i]->max_depth;
			}
			if (hist->merge && hist->merge(v[out - 1], v[i])) {
				free(v);
				free(tmp);
				return -ENOMEM;
			}
			continue;
		}
		v[out++] = v[i];
	}

	merge_sort(hist, v, tmp, out, output_cmp);
	free(tmp);
	hist->sorted = v;
	hist->nr_sorted = out;
	return 0;
}

size_t kp_hist__nr_entries(const struct kp_hist *hist)
{
	return hist->sorted ? hist->nr_sorted : hist->nr_entries;
}

const struct kp_hist_entry *kp_hist__entry(const struct kp_hist *hist, size_t idx)
{
	return hist->sorted && idx < hist->nr_sorted ? hist->sorted[idx] : NULL;
}

void kp_hist__set_ext(struct kp_hist *hist, int n, const struct kp_hist_ext *ext)
{
	if (n >= 0 && n < KP_HIST_MAX_EXT)
		hist->ext[n] = ext;
}

const struct kp_hist_ext *kp_hist__ext(const struct kp_hist *hist, enum kp_sort_key key)
{
	return key >= KP_SORT_EXT0 && key < KP_SORT__NR ? hist->ext[key - KP_SORT_EXT0] : NULL;
}

int kp_hist__nr_keys(const struct kp_hist *hist)
{
	return hist->nr_keys;
}

enum kp_sort_key kp_hist__key(const struct kp_hist *hist, int idx)
{
	return hist->keys[idx];
}

bool kp_hist__has_key(const struct kp_hist *hist, enum kp_sort_key key)
{
	return key < KP_SORT__NR && hist->has[key];
}

uint64_t kp_hist__nr_samples(const struct kp_hist *hist)
{
	return hist->nr_samples;
}

uint64_t kp_hist__total_period(const struct kp_hist *hist)
{
	return hist->total_period;
}
