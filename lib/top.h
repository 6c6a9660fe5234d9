/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kprof top`'s live table: hits per symbol, totalled since the start (or the
 * last zeroing) and per interval.  The record engine's live mode feeds it
 * resolved samples; once per interval kp_top__snapshot() turns it into a
 * kp_snapshot (lib/snapshot.h) for whichever front end draws it.  Pure data.
 *
 *	struct kp_top *top;
 *	err = kp_top__new(&top);
 *	...per sample: kp_top__add(top, &row_key, 1);
 *	   or, with its stack: kp_top__add_stack(top, frame_keys, n, 1);
 *	...per interval: kp_top__snapshot(top, &snap, seconds);
 *	kp_top__delete(top);
 */
#ifndef KPROF_LIB_TOP_H
#define KPROF_LIB_TOP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/snapshot.h"

struct kp_top;

/* What a hit is counted under: identities compared as pointers, names borrowed. */
struct kp_top_key {
	const void *dso;	/* identity; NULL: unknown */
	const char *dso_name;
	const void *sym;	/* identity; NULL: unresolved, keyed by @addr */
	const char *sym_name;
	uint64_t addr;
	char level;
};

int kp_top__new(struct kp_top **top);
void kp_top__delete(struct kp_top *top);

/* Count @n hits of @key.  Returns 0 or -ENOMEM. */
int kp_top__add(struct kp_top *top, const struct kp_top_key *key, uint64_t n);

/*
 * Count @hits samples of a stack of @n frames, callee first: @frames[0] is
 * the sample's own row (counted as kp_top__add() does), @frames[1] its
 * caller, and so on.  Every distinct symbol of the stack gets the hits in its
 * children count, its callers (@frames after it) in its callers tree and its
 * callees (@frames before it) in its callees tree; a recursive symbol counts
 * once per stack, at its innermost frame.  Returns 0 or -ENOMEM.
 */
int kp_top__add_stack(struct kp_top *top, const struct kp_top_key *frames, int n, uint64_t hits);

struct kp_frame;

/*
 * kp_top__add_stack() of resolved frames (lib/callchain.h, callee first), keyed
 * as `kprof top` keys a sample: dso and symbol, unresolved frames by address.
 */
int kp_top__add_frames(struct kp_top *top, const struct kp_frame *frames, int n, uint64_t hits);

/* Forget every count (the `z` key); rows stay, at zero. */
void kp_top__zero(struct kp_top *top);

size_t kp_top__nr_entries(const struct kp_top *top);

/*
 * Close the interval of @seconds: fill @snap's rows (hits = this interval's,
 * rate = hits / @seconds, shares of the totals; header untouched) and start a
 * new interval.  Rows never hit since the last zeroing are left out.  Returns 0
 * or -ENOMEM.  Once stacks were added, rows hit only as a caller are in too
 * and every row has its callers and callees trees (lib/snapshot.h).
 */
int kp_top__snapshot(struct kp_top *top, struct kp_snapshot *snap, double seconds);

/*
 * Give @snap's rows (from another table, such as report's kp_hist) the trees
 * of the same symbols here (by the rows' dso_id and sym_id, unresolved ones by
 * address), and set its has_callchains.  Returns 0 or -ENOMEM.
 */
int kp_top__fill_chains(struct kp_top *top, struct kp_snapshot *snap);

#endif /* KPROF_LIB_TOP_H */
