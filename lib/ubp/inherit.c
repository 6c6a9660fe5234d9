// SPDX-License-Identifier: GPL-2.0
/*
 * --no-inherit: children of fork and vfork are not traced.  The kernel makes
 * them tracees anyway (PTRACE_O_TRACEFORK is what lets the engine see them
 * before they run), so each is let go cleanly at its first stop: a fork child
 * gets the original bytes back in its copy of the memory and is detached; a
 * vfork child shares its parent's memory (and breakpoints), so it stays traced
 * with its hits neither counted nor recorded until it execs (then detached:
 * the new image has no breakpoint) or exits.  Which of the two a child is
 * comes with its parent's event, which may arrive after the child's first
 * stop: until then the child is held stopped.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "lib/ubp/ubp-int.h"

/* Let the fork child of thread @t go: original bytes in its memory, then detach. */
static int inherit__release(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];

	ubp_ret__restore(e, t);		/* its stack's hijacked returns, copied from the parent */
	for (int i = 0; i < p->nr_bps; i++)
		ubp_mem__write(p->mem_fd, p->bps[i].addr, p->bps[i].orig, KP_UBP_BRK_LEN);
	if (p->entry)
		ubp_mem__write(p->mem_fd, p->entry, p->entry_orig, KP_UBP_BRK_LEN);
	p->nr_bps = 0;
	p->entry = 0;
	if (ptrace(PTRACE_DETACH, th->tid, NULL, (void *)(long)th->sig) && errno != ESRCH)
		return -errno;
	ubp_engine__del_thread(e, t);
	return 0;
}

/* Thread @t's process now knows what it is: act if the thread is stopped. */
static int inherit__act(struct ubp_engine *e, int t)
{
	struct ubp_proc *p = &e->procs[e->threads[t].proc];

	if (!e->threads[t].stopped)
		return 0;
	if (p->leave == UBP_LEAVE_FORK)
		return inherit__release(e, t);
	/* vfork: traced on, silently */
	p->leave = UBP_LEAVE_NONE;
	p->ignore = true;
	return ubp_engine__resume(e, t);
}

int ubp_inherit__forked(struct ubp_engine *e, pid_t child, bool vfork)
{
	int t = ubp_engine__find_thread(e, child);

	if (t < 0)
		return 0;
	e->procs[e->threads[t].proc].leave = vfork ? UBP_LEAVE_VFORK : UBP_LEAVE_FORK;
	return inherit__act(e, t);
}

int ubp_inherit__stop(struct ubp_engine *e, int t, int status)
{
	struct ubp_proc *p = &e->procs[e->threads[t].proc];

	if (p->leave == UBP_LEAVE_NONE || !WIFSTOPPED(status))
		return 0;
	e->threads[t].stopped = true;
	if (!(status >> 16) && WSTOPSIG(status) != SIGSTOP && WSTOPSIG(status) != SIGTRAP)
		e->threads[t].sig = WSTOPSIG(status);	/* a signal for the child: kept for it */
	if (p->leave == UBP_LEAVE_PENDING)
		return 1;	/* held until its parent's event says fork or vfork */
	return inherit__act(e, t) ?: 1;
}

int ubp_inherit__exec(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];

	if (ptrace(PTRACE_DETACH, th->tid, NULL, (void *)(long)th->sig) && errno != ESRCH)
		return -errno;
	ubp_engine__del_thread(e, t);
	return 0;
}
