// SPDX-License-Identifier: GPL-2.0
/*
 * Return probes of the breakpoint engine.  At the entry of a function with a
 * return probe, the return address in its stack slot is saved on the thread's
 * shadow stack and replaced by the address of the trampoline (a breakpoint in
 * a scratch page); the function's return stops there, the engine counts it
 * and sends the thread on to the real address: two stops per call, as kernel
 * uretprobes.  Frames left by longjmp are found by their slots and counted as
 * missed returns.  When the engine detaches, every hijacked address still in
 * a live slot is written back, so nothing ever returns to the trampoline
 * untraced.
 */
#include <errno.h>
#include <sys/ptrace.h>

#include "lib/ubp/ubp-int.h"

static void ret__missed(struct ubp_engine *e, int probe)
{
	for (int i = probe; i >= 0; i = e->alias_next[i])
		if (e->opts->probes[i].ret)
			e->res->missed[i]++;
}

static void ret__miss(void *arg, const struct ubp_shadow_ent *ent)
{
	ret__missed(arg, ent->probe);
}

void ubp_ret__enter(struct ubp_engine *e, int t, const struct ubp_bp *bp, const kp_ubp_regs *r)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	uint64_t slot = kp_arch_ubp__entry_ret_slot(r), ret;

	if (!p->tramp || ubp_mem__read(p->mem_fd, slot, &ret, sizeof(ret))) {
		ret__missed(e, bp->probe);
		return;
	}
	/*
	 * Frames at or below this slot were left without returning.  A slot that
	 * holds the trampoline already: a tail call (jmp) from a hijacked frame,
	 * whose entry stays: both return through the trampoline once.
	 */
	ubp_shadow__enter(&th->shadow, ret == p->tramp ? slot - 1 : slot, ret__miss, e);
	if (ubp_shadow__push(&th->shadow, ret, slot, bp->probe)) {
		ret__missed(e, bp->probe);
		return;
	}
	if (ret != p->tramp && ubp_mem__write(p->mem_fd, slot, &p->tramp, sizeof(p->tramp))) {
		th->shadow.nr--;
		ret__missed(e, bp->probe);
	}
}

int ubp_ret__return(struct ubp_engine *e, int t, kp_ubp_regs *r)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	uint64_t slot = kp_arch_ubp__tramp_ret_slot(r);
	struct ubp_shadow_ent ent;
	int probes[16], n = 0;

	do {
		if (ubp_shadow__return(&th->shadow, slot, &ent, ret__miss, e)) {
			ubp_engine__warn(e, "thread %d returned through the trampoline from an "
					 "unknown frame (stack slot %#llx)", (int)th->tid,
					 (unsigned long long)slot);
			return -ENOENT;
		}
		if (n < (int)(sizeof(probes) / sizeof(probes[0])))
			probes[n++] = ent.probe;
	} while (ent.ret == p->tramp);
	for (int i = 0; i < n; i++)
		ubp_engine__count(e, probes[i], true, p->tgid, th->tid, ent.ret);
	kp_arch_ubp__set_pc(r, ent.ret);
	return 0;
}

void ubp_ret__restore(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	kp_ubp_regs r;

	if (!p->tramp || !th->shadow.nr || ptrace(PTRACE_GETREGS, th->tid, NULL, &r))
		return;
	/* Returned to the trampoline, its breakpoint not taken yet: finish the return. */
	if (kp_arch_ubp__pc(&r) == p->tramp && !ubp_ret__return(e, t, &r))
		ptrace(PTRACE_SETREGS, th->tid, NULL, &r);
	for (int i = th->shadow.nr - 1; i >= 0; i--) {
		const struct ubp_shadow_ent *ent = &th->shadow.ents[i];
		uint64_t now;

		/* A slot reused since its frame was unwound holds something else now. */
		if (!ubp_mem__read(p->mem_fd, ent->slot, &now, sizeof(now)) && now == p->tramp)
			ubp_mem__write(p->mem_fd, ent->slot, &ent->ret, sizeof(ent->ret));
	}
	ubp_shadow__exit(&th->shadow);
}
