/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A histogram of samples keyed by a tuple of sort keys (perf's hists, much
 * smaller): one entry per distinct (comm, pid, dso, sym, cpu) tuple, restricted
 * to the keys asked for, counting samples and summing their periods.  Pure
 * data: no printing, no knowledge of where the keys come from.
 *
 *	enum kp_sort_key keys[] = { KP_SORT_COMM, KP_SORT_DSO, KP_SORT_SYM };
 *	struct kp_hist *h;
 *	err = kp_hist__new(&h, keys, 3);
 *	...per sample:
 *		struct kp_hist_key k = { .comm = comm, .dso = dso, .dso_name = name, ... };
 *		err = kp_hist__add(h, &k, sample->period);
 *	...at the end:
 *		err = kp_hist__sort(h);		// collapse + perf's output order
 *		for (i = 0; i < kp_hist__nr_entries(h); i++)
 *			e = kp_hist__entry(h, i);
 *	kp_hist__delete(h);
 *
 * Adding a sample allocates only when its tuple is new; identities (dso, sym)
 * are compared as pointers while adding, by name when collapsing at the end,
 * so two objects with the same name make one row as in perf.
 */
#ifndef KPROF_LIB_HIST_H
#define KPROF_LIB_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kp_sort_key {
	KP_SORT_COMM, /* "comm": the thread's command name at sample time */
	KP_SORT_PID, /* "pid": perf's thread key (the tid), shown "%7d:comm" */
	KP_SORT_TID, /* "tid": the same key, under its own name */
	KP_SORT_DSO, /* "dso": the shared object's short name */
	KP_SORT_SYM, /* "sym"/"symbol": the symbol, or the address when unresolved */
	KP_SORT_CPU, /* "cpu" */
	KP_SORT_EXT0, /* KP_SORT_EXT0 + n: keys the caller describes (kp_hist__set_ext()) */
	KP_SORT__NR = KP_SORT_EXT0 + 8,
};

#define KP_HIST_MAX_KEYS 8
#define KP_HIST_MAX_EXT (KP_SORT__NR - KP_SORT_EXT0)

/* Parse "comm,dso,sym" (perf's spelling; "symbol" too).  Returns the number of keys or -EINVAL. */
int kp_sort_keys__parse(const char *str, enum kp_sort_key *keys, int max_keys);
const char *kp_sort_key__name(enum kp_sort_key key);

/*
 * What a sample contributes.  Fields of keys not in the histogram's sort list
 * are ignored.  Pointers must stay valid as long as the histogram and are
 * identities while adding: a comm string is one row even if its text changes
 * later (perf's comm override of a ":TID" placeholder); rows are merged by
 * text when sorting.
 */
struct kp_thread;

struct kp_hist_key {
	const struct kp_thread *thread; /* the sample's thread (the entry's first) */
	const char *comm; /* thread's command at sample time */
	int32_t pid, tid;
	int32_t cpu; /* -1 when the sample has none */
	const void *dso; /* identity of the DSO; NULL: unknown */
	const char *dso_name; /* its short name; ignored when dso is NULL */
	const void *sym; /* identity of the symbol; NULL: unresolved */
	const char *sym_name;
	uint64_t sym_start, sym_end; /* rows of equal dso name and range are one */
	uint64_t addr; /* address in the DSO; the key when sym is NULL */
	char level; /* '.', 'k', ... (perf's [x] column) */
	const void *ext[KP_HIST_MAX_EXT]; /* KP_SORT_EXT0 + n's value: equal values, one pointer */
};

/*
 * A key the caller defines (report's "trace" and tracepoint-field keys,
 * lib/hist-trace.h): values are pointers, equal values one pointer (interned);
 * @cmp orders two non-NULL ones (negative: @a's row first; NULL, no value, is
 * last); @text is the column's text.
 */
struct kp_hist_ext {
	const char *header; /* the column's header */
	const char *name; /* its name in JSON rows (NULL: the header) */
	bool right; /* right-aligned, header too */
	bool no_pad; /* as the last column: values cut at the width, not padded (perf's trace) */
	bool hidden; /* no column (perf's field key of another event), yet the others' not last */
	unsigned int min_width;
	int (*cmp)(const void *a, const void *b, void *arg);
	const char *(*text)(const void *v, void *arg);
	void *arg;
};

struct kp_hist_entry {
	struct kp_hist_key key; /* the entry's first sample */
	uint64_t nr_samples;
	uint64_t period;
	uint64_t children; /* period of samples with the entry in their callchain (--children) */
	uint32_t max_depth; /* longest callchain added under the entry (--children ties) */
	void *priv; /* the caller's (report: the entry's callchain tree) */
	/* private */
	uint64_t seq; /* creation order: a merged row is described by its oldest entry */
	struct kp_hist_key id; /* key restricted to the sort keys (hash identity) */
	struct kp_hist_entry *next; /* hash chain */
};

struct kp_hist;

int kp_hist__new(struct kp_hist **hist, const enum kp_sort_key *keys, int nr_keys);
void kp_hist__delete(struct kp_hist *hist);

/* Count one sample of @period.  Returns 0 or -ENOMEM. */
int kp_hist__add(struct kp_hist *hist, const struct kp_hist_key *key, uint64_t period);

/*
 * --children: also count @period into the entry's children (accumulated)
 * period; @self: the sample's own entry (counted as kp_hist__add() does),
 * else a caller of it (children only, no sample).  @entry: the entry, for its
 * priv.  Returns 0 or -ENOMEM.
 */
int kp_hist__add_cumulative(struct kp_hist *hist, const struct kp_hist_key *key, uint64_t period,
			    bool self, struct kp_hist_entry **entry);

/* When sorting merges @src into @dst, the caller merges their priv.  Returns 0 or -ENOMEM. */
typedef int (*kp_hist_merge_fn)(struct kp_hist_entry *dst, const struct kp_hist_entry *src);

/* When sorting merges two entries, call @merge (their priv). */
void kp_hist__set_merge(struct kp_hist *hist, kp_hist_merge_fn merge);

/*
 * Order rows by children period first, then self (perf --children).  @depth: rows of one thread with equal children period are ordered
 * by max_depth, deepest first when @caller, shallowest first otherwise (perf,
 * when it shows call graphs: callers above callees).
 */
void kp_hist__set_cumulative(struct kp_hist *hist, bool depth, bool caller);

/* Call @fn on every entry ever added (rows merged away by sorting too: to free their priv). */
void kp_hist__for_each_entry(struct kp_hist *hist, void (*fn)(struct kp_hist_entry *e, void *arg),
			     void *arg);

/*
 * Merge entries whose keys are equal by name and sort them as perf does:
 * period descending, then each sort key in order (names ascending, unknown
 * last), then address.  Call once, after the last add.  Returns 0 or -ENOMEM.
 */
int kp_hist__sort(struct kp_hist *hist);

size_t kp_hist__nr_entries(const struct kp_hist *hist);
/* The @idx-th entry in sorted order (valid after kp_hist__sort()). */
const struct kp_hist_entry *kp_hist__entry(const struct kp_hist *hist, size_t idx);

/* Describe key KP_SORT_EXT0 + @n (before the first add; @ext must outlive the histogram). */
void kp_hist__set_ext(struct kp_hist *hist, int n, const struct kp_hist_ext *ext);
/* The description of @key (a KP_SORT_EXT0 + n), NULL if none. */
const struct kp_hist_ext *kp_hist__ext(const struct kp_hist *hist, enum kp_sort_key key);

int kp_hist__nr_keys(const struct kp_hist *hist);
enum kp_sort_key kp_hist__key(const struct kp_hist *hist, int idx);
bool kp_hist__has_key(const struct kp_hist *hist, enum kp_sort_key key);

uint64_t kp_hist__nr_samples(const struct kp_hist *hist);
uint64_t kp_hist__total_period(const struct kp_hist *hist);

#endif /* KPROF_LIB_HIST_H */
