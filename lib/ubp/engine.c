// SPDX-License-Identifier: GPL-2.0
/* The breakpoint engine's event loop: launch or attach, place, hit, follow, detach. */
#include <dirent.h>
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

static void engine__warn(struct ubp_engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void engine__warn(struct ubp_engine *e, const char *fmt, ...)
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

		p->bps = malloc((pp->nr_bps + 1) * sizeof(*p->bps));
		p->scratch = malloc((pp->nr_scratch + 1) * sizeof(*p->scratch));
		if (!p->bps || !p->scratch) {
			free(p->bps);
			free(p->scratch);
			close(p->mem_fd);
			return -ENOMEM;
		}
		memcpy(p->bps, pp->bps, pp->nr_bps * sizeof(*p->bps));
		p->nr_bps = pp->nr_bps;
		memcpy(p->scratch, pp->scratch, pp->nr_scratch * sizeof(*p->scratch));
		p->nr_scratch = pp->nr_scratch;
		p->entry = pp->entry;
		memcpy(p->entry_orig, pp->entry_orig, sizeof(p->entry_orig));
		if (e->opts->no_inherit)
			p->leave = UBP_LEAVE_PENDING;
	}
	return e->nr_procs++;
}

static void proc__forget(struct ubp_proc *p)
{
	free(p->bps);
	p->bps = NULL;
	p->nr_bps = 0;
	free(p->scratch);
	p->scratch = NULL;
	p->nr_scratch = 0;
	p->entry = 0;
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

	e->threads[idx] = e->threads[--e->nr_threads];
	for (int i = 0; i < e->nr_threads; i++)
		alone &= e->threads[i].proc != proc;
	if (alone) {
		struct ubp_proc *p = &e->procs[proc];

		p->gone = true;
		if (p->mem_fd >= 0)
			close(p->mem_fd);
		p->mem_fd = -1;
		proc__forget(p);
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
		ppid = ubp_proc__status(tgid, "PPid");
		proc = ubp_engine__add_proc(e, tgid, ppid > 0 ? ubp_engine__find_proc(e, ppid) : -1);
		if (proc < 0)
			return proc;
	}
	return ubp_engine__add_thread(e, tid, proc);
}

static int bp__cmp(const void *a, const void *b)
{
	const struct ubp_bp *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ubp_bp *ubp_proc__find_bp(const struct ubp_proc *p, uint64_t addr)
{
	int lo = 0, hi = p->nr_bps - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (p->bps[mid].addr == addr)
			return &p->bps[mid];
		if (p->bps[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

#define SCRATCH_SIZE 4096

/* A slot for @bp's instruction: in a scratch page within reach, else a new one. */
static int proc__place_slot(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, struct ubp_bp *bp)
{
	uint8_t buf[KP_UBP_SLOT_SIZE];
	size_t n;
	long args[6] = { 0, SCRATCH_SIZE, 5 /* PROT_READ|EXEC */, 0x22 | 0x100000, -1, 0 };
	struct ubp_scratch *s;
	uint64_t gap;
	long addr;
	int sig = 0;

	for (int i = 0; i < p->nr_scratch; i++) {
		s = &p->scratch[i];
		if (s->used + KP_UBP_SLOT_SIZE > s->size)
			continue;
		if (kp_arch_ubp__xol_slot(&bp->insn, s->addr + s->used, buf, &n))
			continue;
		goto found;
	}
	/* MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE near the probe (RIP-relative reach). */
	gap = ubp_maps__find_gap(p->tgid, bp->addr, SCRATCH_SIZE);
	args[0] = (long)gap;
	if (!gap)
		args[3] = 0x22;
	addr = ubp_inject_syscall(tid, p->mem_fd, SYS_mmap, args, &sig);
	if (ubp_engine__find_thread(e, tid) >= 0 && sig)
		e->threads[e->last].sig = sig;
	if (addr < 0 && addr > -4096)
		return (int)addr;
	s = realloc(p->scratch, (p->nr_scratch + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	p->scratch = s;
	s = &s[p->nr_scratch++];
	*s = (struct ubp_scratch){ .addr = (uint64_t)addr, .size = SCRATCH_SIZE };
	if (kp_arch_ubp__xol_slot(&bp->insn, s->addr, buf, &n))
		return -ERANGE;
found:
	bp->slot = s->addr + s->used;
	s->used += KP_UBP_SLOT_SIZE;
	return ubp_mem__write(p->mem_fd, bp->slot, buf, n);
}

/* One probe into @p (stopped; @tid may run injected syscalls): 1 placed, 0 not mapped here. */
static int proc__place_probe(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, int probe)
{
	const struct kp_ubp_probe *pr = &e->opts->probes[probe];
	uint64_t addr = ubp_maps__addr(p->tgid, pr->path, pr->offset);
	uint8_t code[KP_UBP_INSN_MAX];
	struct ubp_bp bp = { .addr = addr, .probe = probe }, *bps;
	size_t len = sizeof(code);
	int err;

	if (!addr || e->alias[probe] || ubp_proc__find_bp(p, addr))
		return 0;
	while (len && ubp_mem__read(p->mem_fd, addr, code, len))
		len--;
	if (!len || kp_arch_ubp__decode(&bp.insn, code, len, addr)) {
		engine__warn(e, "probe '%s' not placed in process %d: no instruction at %#llx",
			     pr->name, (int)p->tgid, (unsigned long long)addr);
		return 0;
	}
	if (bp.insn.how == KP_UBP_REFUSE) {
		engine__warn(e, "probe '%s' not placed: its first instruction '%s' cannot be "
			     "moved (%s)", pr->name, bp.insn.mnemonic, bp.insn.why);
		return 0;
	}
	if (bp.insn.how == KP_UBP_XOL) {
		err = proc__place_slot(e, p, tid, &bp);
		if (err) {
			engine__warn(e, "probe '%s' not placed: no out-of-line slot for '%s' (%s)",
				     pr->name, bp.insn.mnemonic, strerror(-err));
			return 0;
		}
	}
	memcpy(bp.orig, code, KP_UBP_BRK_LEN);
	err = ubp_mem__write(p->mem_fd, addr, kp_ubp_brk, KP_UBP_BRK_LEN);
	if (err)
		return err;
	bps = realloc(p->bps, (p->nr_bps + 1) * sizeof(*bps));
	if (!bps) {
		ubp_mem__write(p->mem_fd, addr, bp.orig, KP_UBP_BRK_LEN);
		return -ENOMEM;
	}
	p->bps = bps;
	bps[p->nr_bps++] = bp;
	qsort(bps, p->nr_bps, sizeof(*bps), bp__cmp);
	return 1;
}

int ubp_proc__place_probes(struct ubp_engine *e, struct ubp_proc *p, pid_t tid)
{
	for (int i = 0; i < e->opts->nr_probes; i++) {
		int ret = proc__place_probe(e, p, tid, i);

		if (ret < 0)
			return ret;
		e->res->placed += ret;
	}
	return 0;
}

/* After an exec: the old image's breakpoints are gone; place ours at the new entry point. */
int ubp_proc__exec(struct ubp_engine *e, struct ubp_proc *p)
{
	uint64_t entry;
	int err;

	proc__forget(p);
	err = proc__open_mem(p);
	if (err)
		return err;
	entry = ubp_auxv__entry(p->tgid);
	if (!entry || ubp_mem__read(p->mem_fd, entry, p->entry_orig, KP_UBP_BRK_LEN) ||
	    ubp_mem__write(p->mem_fd, entry, kp_ubp_brk, KP_UBP_BRK_LEN))
		return 0;	/* no entry point: nothing probed in this image */
	p->entry = entry;
	return 0;
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

/* A SIGTRAP stop: our breakpoint, the entry breakpoint, or the target's own trap. */
static int engine__trap(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	kp_ubp_regs r;
	struct kp_ubp_store st;
	struct ubp_bp *bp;
	siginfo_t si;
	uint64_t pc;

	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &r))
		return errno == ESRCH ? 0 : -errno;
	pc = kp_arch_ubp__trap_pc(&r);
	bp = ubp_proc__find_bp(p, pc);
	if ((bp || (p->entry && pc == p->entry)) &&
	    (ptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si) || si.si_code != SI_KERNEL))
		bp = NULL, pc = 0;
	if (bp) {
		for (int i = bp->probe; i >= 0 && !p->ignore; i = e->alias_next[i])
			e->res->hits[i]++;
		if (e->opts->hit && !p->ignore) {
			struct kp_ubp_hit hit = { .probe = bp->probe, .pid = p->tgid,
						  .tid = th->tid, .ip = pc, .time = now_ns(),
						  .regs = &r };

			e->opts->hit(e->opts->arg, &hit);
		}
		if (bp->insn.how == KP_UBP_EMULATE) {
			if (kp_arch_ubp__emulate(&bp->insn, &r, &st) &&
			    ubp_mem__write(p->mem_fd, st.addr, &st.val, sizeof(st.val)))
				return -EIO;
		} else {
			kp_arch_ubp__set_pc(&r, bp->slot);
		}
		if (ptrace(PTRACE_SETREGS, th->tid, NULL, &r))
			return errno == ESRCH ? 0 : -errno;
		return ubp_engine__resume(e, t);
	}
	if (p->entry && pc == p->entry) {
		int err;

		ubp_mem__write(p->mem_fd, p->entry, p->entry_orig, KP_UBP_BRK_LEN);
		p->entry = 0;
		kp_arch_ubp__set_pc(&r, pc);
		if (ptrace(PTRACE_SETREGS, th->tid, NULL, &r))
			return -errno;
		err = ubp_proc__place_probes(e, p, th->tid);
		if (err)
			return err;
		return ubp_engine__resume(e, t);
	}
	th->sig = SIGTRAP;	/* the target's own */
	return ubp_engine__resume(e, t);
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
		return 0;
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
	case PTRACE_EVENT_VFORK:
		ptrace(PTRACE_GETEVENTMSG, tid, NULL, &msg);
		if (msg && ubp_engine__find_thread(e, (pid_t)msg) < 0) {
			int proc = e->threads[t].proc, nt;

			if (event != PTRACE_EVENT_CLONE)
				proc = ubp_engine__add_proc(e, (pid_t)msg, proc);
			if (proc < 0)
				return proc;
			nt = ubp_engine__add_thread(e, (pid_t)msg, proc);
			if (nt < 0)
				return nt;
		}
		if (msg && event != PTRACE_EVENT_CLONE && e->opts->no_inherit) {
			int ret = ubp_inherit__forked(e, (pid_t)msg, event == PTRACE_EVENT_VFORK);

			if (ret)
				return ret;
		}
		e->last = ubp_engine__find_thread(e, tid);
		return detaching ? 0 : ubp_engine__resume(e, e->last);
	case PTRACE_EVENT_EXEC: {
		struct ubp_thread *th = &e->threads[t];
		int err;

		/* The other threads of the process are gone; the leader has our tid now. */
		for (int i = e->nr_threads - 1; i >= 0; i--)
			if (e->threads[i].proc == th->proc && e->threads[i].tid != tid)
				e->threads[i] = e->threads[--e->nr_threads];
		t = ubp_engine__find_thread(e, tid);
		if (e->procs[e->threads[t].proc].ignore && !detaching)
			return ubp_inherit__exec(e, t);
		err = ubp_proc__exec(e, &e->procs[e->threads[t].proc]);
		if (err)
			return err;
		return detaching ? 0 : ubp_engine__resume(e, t);
	}
	case PTRACE_EVENT_STOP:
		if (detaching)
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
