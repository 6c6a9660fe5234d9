/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call stacks as data: a sample's PERF_SAMPLE_CALLCHAIN resolved into frames
 * (PERF_CONTEXT_* markers switch between kernel and user address spaces and
 * are not frames), and a tree of stacks with periods (perf's callchain_node
 * idea, smaller): every node is one frame under its parent, counting the
 * period of the stacks that end there (self) and pass through it (total).
 *
 *	struct kp_frame f[KP_CALLCHAIN_MAX];
 *	int n = kp_callchain__resolve(machine, al.thread, sample->callchain, 127, f, KP_CALLCHAIN_MAX);
 *	...f[0] is the sample's own ip, f[n - 1] the outermost caller
 *	kp_callchain_tree__add(tree, f, n, true, period);	// caller order: root is main's caller
 *
 * Nodes match by (dso, symbol start), unresolved frames by (dso, raw ip),
 * as perf's default call-graph key (function) does.  Pure data: no printing.
 */
#ifndef KPROF_LIB_CALLCHAIN_H
#define KPROF_LIB_CALLCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/machine.h"

#define KP_CALLCHAIN_MAX 1024	/* frames kept per sample (the kernel caps at 127 + markers) */

struct kp_frame {
	const struct kp_symbol *sym;	/* NULL: unresolved */
	struct kp_dso *dso;		/* NULL: in no known map */
	uint64_t ip;			/* the address as recorded */
	uint64_t map_addr;		/* @ip in the dso (== ip without a map) */
	char level;			/* 'k' kernel, '.' user (perf's [x]) */
};

/*
 * Resolve @chain of @thread into at most @max frames, callee first, counting at
 * most @max_stack real frames (markers do not count, as in perf).  Returns the
 * number of frames, or -errno.  A corrupt context marker drops the whole chain
 * (returns 0), as perf does.
 */
int kp_callchain__resolve(struct kp_machine *machine, struct kp_thread *thread,
			  const struct ip_callchain *chain, int max_stack,
			  struct kp_frame *frames, int max);

/*
 * Resolve @nr user addresses (DWARF-unwound, innermost first) of @thread into
 * at most @max frames.  Returns the number of frames, or -errno.
 */
int kp_callchain__resolve_user(struct kp_machine *machine, struct kp_thread *thread,
			       const uint64_t *ips, int nr, struct kp_frame *frames, int max);

/* Do two frames make one node (perf's function key)? */
bool kp_frame__equal(const struct kp_frame *a, const struct kp_frame *b);

struct kp_callchain_node {
	struct kp_frame frame;
	uint64_t self;			/* period of stacks ending here */
	uint64_t total;			/* period of stacks through here (self included) */
	uint64_t self_samples, total_samples;
	struct kp_callchain_node *parent, *child, *next;	/* children unordered until sorted */
};

struct kp_callchain_tree;

int kp_callchain_tree__new(struct kp_callchain_tree **tree);
void kp_callchain_tree__delete(struct kp_callchain_tree *tree);

/*
 * Add one stack of @n frames of @period, entered from the root in array order
 * (@frames[0] first), or from @frames[n - 1] when @reverse (callee-first
 * frames into a caller-order tree).  Returns 0 or -ENOMEM.
 */
int kp_callchain_tree__add(struct kp_callchain_tree *tree, const struct kp_frame *frames, int n,
			   bool reverse, uint64_t period);

/* Add all of @src's stacks into @dst (merging two trees). Returns 0 or -ENOMEM. */
int kp_callchain_tree__merge(struct kp_callchain_tree *dst, const struct kp_callchain_tree *src);

/* Order every node's children by total period, descending (call once, at the end). */
void kp_callchain_tree__sort(struct kp_callchain_tree *tree);

/* The invisible root: its children are the first frames of the stacks; total is their sum. */
const struct kp_callchain_node *kp_callchain_tree__root(const struct kp_callchain_tree *tree);

#endif /* KPROF_LIB_CALLCHAIN_H */
