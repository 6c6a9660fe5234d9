/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kprof top`'s live table: hits per symbol, totalled since the start (or the
 * last zeroing) and per interval.  The record engine's live mode feeds it
 * resolved samples; once per interval kp_top__snapshot() turns it into a
 * kp_snapshot (lib/snapshot.h) for whichever front end draws it.  Pure data.
 *
 *	struct kp_top *top;
 *	err = kp_top__new(&top);
 *	...per sample: kp_top__add(top, &row_key);
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

/* Forget every count (the `z` key); rows stay, at zero. */
void kp_top__zero(struct kp_top *top);

size_t kp_top__nr_entries(const struct kp_top *top);

/*
 * Close the interval of @seconds: fill @snap's rows (hits = this interval's,
 * rate = hits / @seconds, shares of the totals; header untouched) and start a
 * new interval.  Rows never hit since the last zeroing are left out.  Returns 0
 * or -ENOMEM.
 */
int kp_top__snapshot(struct kp_top *top, struct kp_snapshot *snap, double seconds);

#endif /* KPROF_LIB_TOP_H */
