/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thread's shadow stack for return probes: at the entry of a function with a
 * return probe the engine saves the real return address and the stack slot it
 * lived in, and puts the trampoline's address in that slot; at the trampoline
 * the entry of the returning frame gives the address to go back to.  Frames
 * left without returning (longjmp, an exception, a thread that switched
 * stacks) are found by their slots and dropped as missed returns.
 *
 *	ubp_shadow__enter(&s, slot, miss, arg);	// drops frames dead below
 *	ubp_shadow__push(&s, real_ret, slot, probe);
 *	...
 *	ubp_shadow__return(&s, slot, &ent, miss, arg);	// at the trampoline: ent.ret
 *
 * Pure data: no ptrace here, so it is tested on its own (tests/unit/t-ubp-shadow.c).
 */
#ifndef KPROF_LIB_UBP_SHADOW_H
#define KPROF_LIB_UBP_SHADOW_H

#include <stdint.h>

struct ubp_shadow_ent {
	uint64_t ret;		/* the real return address */
	uint64_t slot;		/* the stack slot that held it (now: the trampoline) */
	int probe;		/* the first probe of the function's breakpoint */
};

struct ubp_shadow {
	struct ubp_shadow_ent *ents;	/* ents[nr - 1] is the innermost frame */
	int nr, alloc;
};

/* Deeper than this, a thread's further calls are not hijacked (missed instead). */
#define UBP_SHADOW_MAX		(1 << 20)
/*
 * A frame whose slot lies below the stack pointer by more than this is on
 * another stack (a signal handler's sigaltstack, a coroutine's), not dead.
 */
#define UBP_SHADOW_REACH	(256ULL << 20)

/* Called for each frame dropped without its return (a missed return). */
typedef void (*ubp_shadow_miss_fn)(void *arg, const struct ubp_shadow_ent *ent);

/*
 * A call whose return address is at @slot: frames at or below @slot (within
 * reach) can no longer return through their slots, they were unwound.  Returns
 * how many were dropped.
 */
int ubp_shadow__enter(struct ubp_shadow *s, uint64_t slot, ubp_shadow_miss_fn miss, void *arg);

/* 0, -ENOSPC past UBP_SHADOW_MAX, -ENOMEM. */
int ubp_shadow__push(struct ubp_shadow *s, uint64_t ret, uint64_t slot, int probe);

/*
 * A return through the trampoline whose address was at @slot: the innermost
 * frame of that slot is popped into *@ent, frames pushed after it (unwound
 * without returning) dropped as missed.  0, or -ENOENT when no frame has that
 * slot (the stack is left as it was).
 */
int ubp_shadow__return(struct ubp_shadow *s, uint64_t slot, struct ubp_shadow_ent *ent,
		       ubp_shadow_miss_fn miss, void *arg);

/* A copy of @src (a forked child's thread starts with its parent's frames). */
int ubp_shadow__copy(struct ubp_shadow *dst, const struct ubp_shadow *src);

void ubp_shadow__exit(struct ubp_shadow *s);

#endif /* KPROF_LIB_UBP_SHADOW_H */
