/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A snapshot of an aggregated table, the one thing the browsers draw: rows of
 * (share, hits in the last interval, hits/s, total hits, missed, dso, symbol)
 * and a header (events, rate, samples/s, lost, throttled, own CPU, elapsed).
 * `kprof top` makes one per interval from lib/top.c's table, `kprof report`
 * one from a kp_hist; ui/ sorts, filters and draws it and never sees where the
 * numbers come from (htop's Table / Panel split, perf's hists / hist_browser).
 *
 *	struct kp_snapshot snap;
 *	kp_snapshot__init(&snap);
 *	kp_snapshot__from_hist(&snap, hist);		// or kp_top__snapshot()
 *	kp_snapshot__sort(&snap, KP_SNAP_SORT_TOTAL);
 *	nr = kp_snapshot__filter(&snap, "demo_*", KP_SNAP_ALL, idx);
 *	kp_snapshot__exit(&snap);
 *
 * Strings are borrowed (the machine's or the hist's): a snapshot lives no
 * longer than the table it was made from.
 */
#ifndef KPROF_LIB_SNAPSHOT_H
#define KPROF_LIB_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kp_hist;

struct kp_snap_row {
	double share;		/* percent of the snapshot's total */
	uint64_t hits;		/* in the last interval (report: = total) */
	double rate;		/* hits per second in the last interval; < 0: not applicable */
	uint64_t total;		/* since the start (or the last zeroing) */
	int64_t missed;		/* probes' missed hits; < 0: not applicable ("-") */
	const char *comm;	/* NULL: not a key */
	const char *dso;	/* NULL: "[unknown]" */
	const char *sym;	/* NULL: unresolved, shown as the address */
	uint64_t addr;
	const void *dso_id, *sym_id;	/* identities (the table's keys), for kp_top__fill_chains() */
	char level;		/* 'k' kernel, '.' user, ... */
	/* call stacks (snapshot's has_callchains) */
	uint64_t children;	/* hits with the symbol anywhere in the stack (itself included) */
	double children_share;	/* percent of the snapshot's total */
	size_t chain[2];	/* first node of the callers / callees tree in the snapshot's nodes */
	size_t nr_chain[2];	/* how many (0: none recorded) */
};

/* Which tree of a row: who called it, or what it called. */
enum kp_snap_chain {
	KP_SNAP_CALLERS,
	KP_SNAP_CALLEES,
};

/*
 * One frame of a row's call tree.  A row's tree is a run of nodes in pre-order
 * (depth first, siblings by hits descending): a node's subtree is the
 * @nr_desc nodes after it, its first child the next node.
 */
struct kp_snap_node {
	const char *dso;	/* NULL: "[unknown]" */
	const char *sym;	/* NULL: unresolved, shown as the address */
	uint64_t addr;
	uint64_t hits;		/* stacks through this frame on this path */
	uint32_t depth;		/* 0: a direct caller (callee) of the row */
	uint32_t nr_desc;	/* nodes in its subtree, itself excluded */
	char level;
};

enum kp_snap_sort {
	KP_SNAP_SORT_TOTAL,	/* total hits, descending (the default) */
	KP_SNAP_SORT_RECENT,	/* hits in the last interval, descending */
	KP_SNAP_SORT_SYM,	/* symbol name */
	KP_SNAP_SORT_DSO,	/* dso name, then total */
	KP_SNAP_SORT_CHILDREN,	/* children (hits with the symbol in the stack), then total */
	KP_SNAP_SORT__NR,
};

enum kp_snap_level {
	KP_SNAP_ALL,
	KP_SNAP_KERNEL,		/* rows of kernel symbols only */
	KP_SNAP_USER,		/* everything else */
};

struct kp_snapshot {
	struct kp_snap_row *rows;
	size_t nr_rows, alloc;
	struct kp_snap_node *nodes;	/* the rows' call trees */
	size_t nr_nodes, nodes_alloc;
	uint64_t chain_total;		/* nodes' shares are hits / chain_total (perf's graph mode) */
	/* header */
	char events[128];	/* "cpu-clock" or "cpu-clock, task-clock" */
	unsigned int freq;	/* sampling frequency (Hz); 0: period */
	uint64_t period;
	uint64_t samples;	/* all samples so far */
	double samples_per_sec;	/* in the last interval */
	uint64_t lost, throttled;
	double cpu_pct;		/* kprof's own CPU use over the last interval; < 0: unknown */
	double elapsed;		/* seconds since the start */
	bool live;		/* top (an interval, rates) rather than a file */
	bool counting;		/* probes counted, not sampled: hits, no rate */
	bool has_callchains;	/* rows' trees are filled */
	bool has_children;	/* rows' children are filled (perf's --children) */
};

void kp_snapshot__init(struct kp_snapshot *snap);
void kp_snapshot__exit(struct kp_snapshot *snap);
/* Empty the rows (header kept). */
void kp_snapshot__reset(struct kp_snapshot *snap);
/* Append a row (copied).  Returns 0 or -ENOMEM. */
int kp_snapshot__add(struct kp_snapshot *snap, const struct kp_snap_row *row);
/* Append a node (copied).  Returns 0 or -ENOMEM. */
int kp_snapshot__add_node(struct kp_snapshot *snap, const struct kp_snap_node *node);
/* Make @dst a copy of @src (rows and nodes; @dst's buffers reused).  Returns 0 or -ENOMEM. */
int kp_snapshot__copy(struct kp_snapshot *dst, const struct kp_snapshot *src);
/* Shares from the totals (share = total / sum of totals). */
void kp_snapshot__compute_shares(struct kp_snapshot *snap);

/* Rows of a report histogram (hits = total = samples, share by period). Returns 0 or -ENOMEM. */
int kp_snapshot__from_hist(struct kp_snapshot *snap, const struct kp_hist *hist);

void kp_snapshot__sort(struct kp_snapshot *snap, enum kp_snap_sort sort);
/* qsort()-style comparison of two rows for @sort. */
int kp_snap_row__cmp(const struct kp_snap_row *a, const struct kp_snap_row *b,
		     enum kp_snap_sort sort);
/*
 * Partial sort of @idx (indexes into @snap's rows, @nr of them): afterwards
 * idx[from..upto) hold, in order, the rows that a full sort would put there,
 * given that idx[0..from) already do.  Costs O(nr + k log k) for k = upto -
 * from (quickselect, then a sort of the k), not O(nr log nr).
 */
void kp_snapshot__sort_idx(const struct kp_snapshot *snap, enum kp_snap_sort sort, size_t *idx,
			   size_t nr, size_t from, size_t upto);
const char *kp_snap_sort__name(enum kp_snap_sort sort);

/*
 * Does @row pass: level, and @pattern (NULL or "": all) matched against the
 * symbol name (or its "0x..." address) -- as a glob (fnmatch) when it holds
 * one of "*?[", else as a substring.
 */
bool kp_snap_row__match(const struct kp_snap_row *row, const char *pattern,
			enum kp_snap_level level);
/* The indexes of the rows that pass, in order, into @idx (nr_rows long); returns how many. */
size_t kp_snapshot__filter(const struct kp_snapshot *snap, const char *pattern,
			   enum kp_snap_level level, size_t *idx);

/* The symbol as shown: its name, or "0x%llx" into @buf. */
const char *kp_snap_row__sym(const struct kp_snap_row *row, char *buf, size_t size);
const char *kp_snap_node__sym(const struct kp_snap_node *node, char *buf, size_t size);

#endif /* KPROF_LIB_SNAPSHOT_H */
