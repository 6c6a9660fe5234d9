// SPDX-License-Identifier: GPL-2.0
/* The breakpoint engine's event loop: launch or attach, place, hit, follow, detach. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "lib/ubp/ubp-int.h"
#include "lib/workload.h"

#define UBP_PTRACE_OPTS (PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			 PTRACE_O_TRACEEXEC)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void ubp_engine__warn(struct ubp_engine *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!e->opts->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->opts->warn(e->opts->arg, msg);
}

static int proc__open_mem(struct ubp_proc *p)
{
	char path[64];

	if (p->mem_fd >= 0)
		close(p->mem_fd);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)p->tgid);
	p->mem_fd = open(path, O_RDWR | O_CLOEXEC);
	return p->mem_fd < 0 ? -errno : 0;
}

int ubp_engine__find_proc(struct ubp_engine *e, pid_t tgid)
{
	for (int i = 0; i < e->nr_procs; i++)
		if (e->procs[i].tgid == tgid && !e->procs[i].gone)
			return i;
	return -1;
}

/* A new process, its breakpoints copied from @parent's (fork: same memory) when >= 0. */
int ubp_engine__add_proc(struct ubp_engine *e, pid_t tgid, int parent)
{
	struct ubp_proc *procs = realloc(e->procs, (e->nr_procs + 1) * sizeof(*procs)), *p;

	if (!procs)
		return -ENOMEM;
	e->procs = procs;
	p = &procs[e->nr_procs];
	memset(p, 0, sizeof(*p));
	p->tgid = tgid;
	p->mem_fd = -1;
	if (proc__open_mem(p))
		return -errno;
	if (parent >= 0) {
		const struct ubp_proc *pp = &procs[parent];
		size_t ntried = e->opts->nr_probes + 1;

		p->bps = malloc((pp->nr_bps + 1) * sizeof(*p->bps));
		p->scratch = malloc((pp->nr_scratch + 1) * sizeof(*p->scratch));
		p->tried = calloc(ntried, sizeof(*p->tried));
		if (!p->bps || !p->scratch || !p->tried) {
			ubp_proc__forget(p);
			close(p->mem_fd);
			return -ENOMEM;
		}
		memcpy(p->bps, pp->bps, pp->nr_bps * sizeof(*p->bps));
		p->nr_bps = pp->nr_bps;
		memcpy(p->scratch, pp->scratch, pp->nr_scratch * sizeof(*p->scratch));
		p->nr_scratch = pp->nr_scratch;
		if (pp->tried)
			memcpy(p->tried, pp->tried, ntried * sizeof(*p->tried));
		p->entry = pp->entry;
		memcpy(p->entry_orig, pp->entry_orig, sizeof(p->entry_orig));
		p->tramp = pp->tramp;
		p->r_debug = pp->r_debug;
		if (e->opts->no_inherit)
			p->leave = UBP_LEAVE_PENDING;
	}
	return e->nr_procs++;
}

int ubp_engine__find_thread(struct ubp_engine *e, pid_t tid)
{
	if (e->last < e->nr_threads && e->threads[e->last].tid == tid)
		return e->last;
	for (int i = 0; i < e->nr_threads; i++) {
		if (e->threads[i].tid == tid)
			return e->last = i;
	}
	return -1;
}

int ubp_engine__add_thread(struct ubp_engine *e, pid_t tid, int proc)
{
	struct ubp_thread *t = realloc(e->threads, (e->nr_threads + 1) * sizeof(*t));

	if (!t)
		return -ENOMEM;
	e->threads = t;
	t[e->nr_threads] = (struct ubp_thread){ .tid = tid, .proc = proc };
	return e->nr_threads++;
}

void ubp_engine__del_thread(struct ubp_engine *e, int idx)
{
	int proc = e->threads[idx].proc;
	bool alone = true;

	ubp_shadow__exit(&e->threads[idx].shadow);
	e->threads[idx] = e->threads[--e->nr_threads];
	for (int i = 0; i < e->nr_threads; i++)
		alone &= e->threads[i].proc != proc;
	if (alone) {
		struct ubp_proc *p = &e->procs[proc];

		p->gone = true;
		if (p->mem_fd >= 0)
			close(p->mem_fd);
		p->mem_fd = -1;
		ubp_proc__forget(p);
	}
}

/*
 * The thread of a wait status: a new one (its clone or fork event not seen yet)
 * joins its process, or a new process copied from its parent's.
 */
static int ubp_engine__thread_of(struct ubp_engine *e, pid_t tid)
{
	int t = ubp_engine__find_thread(e, tid), proc;
	long tgid, ppid;

	if (t >= 0)
		return t;
	tgid = ubp_proc__status(tid, "Tgid");
	if (tgid <= 0)
		tgid = tid;
	proc = ubp_engine__find_proc(e, tgid);
	if (proc < 0) {
		int parent;

		ppid = ubp_proc__status(tgid, "PPid");
		parent = ppid > 0 ? ubp_engine__find_proc(e, ppid) : -1;
		proc = ubp_engine__add_proc(e, tgid, parent);
		if (proc < 0)
			return proc;
		t = ubp_engine__add_thread(e, tid, proc);
		/* Stopped until the parent's fork event tells which thread's frames it has. */
		if (t >= 0 && parent >= 0)
			e->threads[t].hold = (pid_t)ppid;
		return t;
	}
	return ubp_engine__add_thread(e, tid, proc);
}

/* Forked children held for a parent that is gone: let them run. */
static int engine__release_held(struct ubp_engine *e, bool detaching)
{
	for (int i = 0; i < e->nr_threads; i++) {
		struct ubp_thread *th = &e->threads[i];
		int err;

		if (!th->hold || ubp_engine__find_proc(e, th->hold) >= 0)
			continue;
		th->hold = 0;
		if (th->stopped && !detaching) {
			err = ubp_engine__resume(e, i);
			if (err)
				return err;
		}
	}
	return 0;
}

/* After an exec: the old image's breakpoints are gone; place ours at the new entry point. */
int ubp_proc__exec(struct ubp_engine *e, struct ubp_proc *p)
{
	uint64_t entry;
	int err;

	ubp_proc__forget(p);
	err = proc__open_mem(p);
	if (err)
		return err;
	entry = ubp_auxv__get(p->tgid, AT_ENTRY);
	if (!entry || ubp_mem__read(p->mem_fd, entry, p->entry_orig, KP_UBP_BRK_LEN) ||
	    ubp_mem__write(p->mem_fd, entry, kp_ubp_brk, KP_UBP_BRK_LEN))
		return 0;	/* no entry point: nothing probed in this image */
	p->entry = entry;
	/* ld.so's r_brk: libraries get their probes before their constructors run. */
	return ubp_proc__hook_rbrk(e, p, p->tgid, true);
}

int ubp_engine__resume(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	int sig = th->sig;

	th->sig = 0;
	th->stopped = false;
	if (ptrace(PTRACE_CONT, th->tid, NULL, (void *)(long)sig) && errno != ESRCH)
		return -errno;
	return 0;
}

/* kp_ubp_hit.real_ret: a hijacked slot's real return address from the thread's shadow stack. */
static uint64_t engine__real_ret(const struct kp_ubp_hit *hit, uint64_t slot, uint64_t val)
{
	const struct ubp_shadow *sh = hit->priv;

	if (!sh || !hit->tramp || val != hit->tramp)
		return val;
	for (int i = sh->nr - 1; i >= 0; i--)
		if (sh->ents[i].slot == slot)
			return sh->ents[i].ret;
	return val;
}

void ubp_engine__count(struct ubp_engine *e, int probe, bool ret, pid_t pid, pid_t tid,
		       uint64_t ip)
{
	int proc = ubp_engine__find_proc(e, pid);

	if (proc >= 0 && e->procs[proc].ignore)
		return;		/* a vfork child under --no-inherit */
	for (int i = probe; i >= 0; i = e->alias_next[i]) {
		if (e->opts->probes[i].ret != ret)
			continue;
		e->res->hits[i]++;
		if (e->opts->hit) {
			struct kp_ubp_hit hit = { .probe = i, .pid = pid, .tid = tid, .ip = ip,
						  .time = now_ns(), .regs = e->regs,
						  .real_ret = engine__real_ret };
			int t = ubp_engine__find_thread(e, tid);

			if (t >= 0 && proc >= 0 && e->procs[proc].tramp) {
				hit.tramp = e->procs[proc].tramp;
				hit.priv = &e->threads[t].shadow;
			}

			e->opts->hit(e->opts->arg, &hit);
		}
	}
}

/* Is the SIGTRAP stop of @tid a breakpoint instruction's (not a raise(), a kill or a step)? */
static bool engine__is_brk(pid_t tid)
{
	siginfo_t si;

	return !ptrace(PTRACE_GETSIGINFO, tid, NULL, &si) && si.si_code == SI_KERNEL;
}

/* Give up breakpoint @bp (its original byte back), the thread @t stopped on it runs it. */
static int engine__unplace(struct ubp_engine *e, int t, struct ubp_bp *bp, kp_ubp_regs *r)
{
	struct ubp_proc *p = &e->procs[e->threads[t].proc];
	int i = (int)(bp - p->bps);

	ubp_mem__write(p->mem_fd, bp->addr, bp->orig, KP_UBP_BRK_LEN);
	kp_arch_ubp__set_pc(r, bp->addr);
	if (bp->rbrk)
		p->r_debug = 0;
	memmove(bp, bp + 1, (p->nr_bps - i - 1) * sizeof(*bp));
	p->nr_bps--;
	if (ptrace(PTRACE_SETREGS, e->threads[t].tid, NULL, r))
		return errno == ESRCH ? 0 : -errno;
	return ubp_engine__resume(e, t);
}

/* A hit of breakpoint @bp: count, hijack the return, re-scan at r_brk, step over. */
static int engine__hit(struct ubp_engine *e, int t, struct ubp_bp *bp, kp_ubp_regs *r)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	struct kp_ubp_store st;
	pid_t tid = th->tid;
	struct ubp_bp b;

	if (bp->insn.how == KP_UBP_XOL && !bp->slot) {	/* placed at an exec: slot now */
		int err = ubp_proc__place_slot(e, p, tid, bp);

		if (err) {
			ubp_engine__warn(e, "breakpoint at %#llx removed: no out-of-line slot for "
					 "'%s' (%s)", (unsigned long long)bp->addr,
					 bp->insn.mnemonic, strerror(-err));
			return engine__unplace(e, t, bp, r);
		}
	}
	b = *bp;		/* a re-scan may move the breakpoints */

	if (b.ret)
		ubp_ret__enter(e, t, &b, r);
	if (b.entry)
		ubp_engine__count(e, b.probe, false, p->tgid, tid, b.addr);
	if (b.rbrk && ubp_proc__link_map_consistent(p)) {
		int err = ubp_proc__place_probes(e, p, tid);

		if (err)
			return err;
	}
	if (b.insn.how == KP_UBP_EMULATE) {
		if (kp_arch_ubp__emulate(&b.insn, r, &st) &&
		    ubp_mem__write(p->mem_fd, st.addr, &st.val, sizeof(st.val)))
			return -EIO;
	} else {
		kp_arch_ubp__set_pc(r, b.slot);
	}
	if (ptrace(PTRACE_SETREGS, tid, NULL, r))
		return errno == ESRCH ? 0 : -errno;
	return ubp_engine__resume(e, ubp_engine__find_thread(e, tid));
}

/* The entry point of a new image: the libraries are mapped, place the probes. */
static int engine__entry(struct ubp_engine *e, int t, kp_ubp_regs *r)
{
	struct ubp_proc *p = &e->procs[e->threads[t].proc];
	pid_t tid = e->threads[t].tid;
	int err;

	ubp_mem__write(p->mem_fd, p->entry, p->entry_orig, KP_UBP_BRK_LEN);
	kp_arch_ubp__set_pc(r, p->entry);
	p->entry = 0;
	if (ptrace(PTRACE_SETREGS, tid, NULL, r))
		return -errno;
	err = ubp_proc__place_probes(e, p, tid);
	if (!err)
		err = ubp_proc__hook_rbrk(e, p, tid, false);
	if (err)
		return err;
	return ubp_engine__resume(e, ubp_engine__find_thread(e, tid));
}

/* A SIGTRAP stop: a breakpoint, the entry breakpoint, the trampoline, or the target's own. */
static int engine__do_trap(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	kp_ubp_regs r;
	struct ubp_bp *bp;
	uint64_t pc;

	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &r))
		return errno == ESRCH ? 0 : -errno;
	/* cppcheck-suppress autoVariables ; engine__trap clears it after this stop */
	e->regs = &r;		/* for the hit callback; valid during this stop */
	pc = kp_arch_ubp__trap_pc(&r);
	bp = ubp_proc__find_bp(p, pc);
	/*
	 * The trampoline needs no siginfo: a thread is one byte past it only by
	 * running its int3 (a SIGTRAP sent meanwhile merges with that trap's).
	 * Nor does a breakpoint on an instruction longer than a byte: one byte
	 * past it is inside that instruction, where no thread is unless it ran
	 * the int3.  After a one-byte one (push %rbp) a thread may stand there
	 * with a SIGTRAP of its own: that case reads the siginfo.
	 */
	if ((bp ? bp->insn.len == 1 : p->entry && pc == p->entry) && !engine__is_brk(th->tid))
		bp = NULL, pc = 0;
	if (bp)
		return engine__hit(e, t, bp, &r);
	if (p->entry && pc == p->entry)
		return engine__entry(e, t, &r);
	if (p->tramp && pc == p->tramp) {
		if (ubp_ret__return(e, t, &r))
			th->sig = SIGSEGV;	/* as the lost return address would */
		else if (ptrace(PTRACE_SETREGS, th->tid, NULL, &r))
			return errno == ESRCH ? 0 : -errno;
		return ubp_engine__resume(e, t);
	}
	th->sig = SIGTRAP;	/* the target's own */
	return ubp_engine__resume(e, t);
}

static int engine__trap(struct ubp_engine *e, int t)
{
	int ret = engine__do_trap(e, t);

	e->regs = NULL;		/* they were engine__do_trap's */
	return ret;
}

/* One wait status of a tracee; @detaching: stop everything instead of resuming. */
int ubp_engine__handle(struct ubp_engine *e, pid_t tid, int status, bool detaching)
{
	int t = ubp_engine__thread_of(e, tid), event = status >> 16, sig;
	unsigned long msg = 0;

	if (t < 0)
		return t;
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (tid == e->child) {
			e->child_status = status;
			e->child_done = true;
		}
		ubp_engine__del_thread(e, t);
		return engine__release_held(e, detaching);
	}
	if (!WIFSTOPPED(status))
		return 0;
	sig = WSTOPSIG(status);
	e->threads[t].stopped = true;
	if (!detaching && e->procs[e->threads[t].proc].leave) {
		int ret = ubp_inherit__stop(e, t, status);

		if (ret)
			return ret < 0 ? ret : 0;
	}
	switch (event) {
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK: {
		int nt;

		ptrace(PTRACE_GETEVENTMSG, tid, NULL, &msg);
		nt = msg ? ubp_engine__find_thread(e, (pid_t)msg) : -1;
		if (msg && nt < 0) {
			int proc = e->threads[t].proc;

			if (event != PTRACE_EVENT_CLONE)
				proc = ubp_engine__add_proc(e, (pid_t)msg, proc);
			if (proc < 0)
				return proc;
			nt = ubp_engine__add_thread(e, (pid_t)msg, proc);
			if (nt < 0)
				return nt;
		}
		t = ubp_engine__find_thread(e, tid);
		if (nt >= 0 && event != PTRACE_EVENT_CLONE) {
			/* The child's stack is a copy of this thread's, hijacked returns too. */
			struct ubp_thread *c = &e->threads[nt];
			int err = ubp_shadow__copy(&c->shadow, &e->threads[t].shadow);

			if (err)
				return err;
			if (e->opts->no_inherit) {	/* --no-inherit: let it go (inherit.c) */
				c->hold = 0;
				err = ubp_inherit__forked(e, (pid_t)msg, event == PTRACE_EVENT_VFORK);
				if (err)
					return err;
				t = ubp_engine__find_thread(e, tid);
			} else if (c->hold) {
				c->hold = 0;
				if (c->stopped && !detaching) {
					err = ubp_engine__resume(e, nt);
					if (err)
						return err;
				}
			}
		}
		e->last = t;
		return detaching ? 0 : ubp_engine__resume(e, t);
	}
	case PTRACE_EVENT_EXEC: {
		int proc = e->threads[t].proc, err;

		/* The other threads of the process are gone; the leader has our tid now. */
		for (int i = e->nr_threads - 1; i >= 0; i--) {
			if (e->threads[i].proc != proc || e->threads[i].tid == tid)
				continue;
			ubp_shadow__exit(&e->threads[i].shadow);
			e->threads[i] = e->threads[--e->nr_threads];
		}
		t = ubp_engine__find_thread(e, tid);
		if (e->procs[proc].ignore && !detaching)
			return ubp_inherit__exec(e, t);
		ubp_shadow__exit(&e->threads[t].shadow);	/* a new stack */
		err = ubp_proc__exec(e, &e->procs[proc]);
		if (err)
			return err;
		return detaching ? 0 : ubp_engine__resume(e, t);
	}
	case PTRACE_EVENT_STOP:
		if (detaching || e->threads[t].hold)
			return 0;
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			e->threads[t].stopped = false;	/* group-stop: listen, not run */
			ptrace(PTRACE_LISTEN, tid, NULL, NULL);
			return 0;
		}
		return ubp_engine__resume(e, t);
	}
	if (sig == SIGTRAP && !event) {
		if (detaching)
			return ubp_engine__trap_detaching(e, t);
		return engine__trap(e, t);
	}
	e->threads[t].sig = sig;
	return detaching ? 0 : ubp_engine__resume(e, t);
}
