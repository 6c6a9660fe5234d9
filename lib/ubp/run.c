// SPDX-License-Identifier: GPL-2.0
/* The breakpoint engine's run: launch or attach, the wait loop, and detaching on every path. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "lib/ubp/ubp-int.h"
#include "lib/workload.h"

#define UBP_PTRACE_OPTS (PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			 PTRACE_O_TRACEEXEC)

/*
 * The signal that ends a run.  The one piece of process state of lib/ubp: a
 * blocking waitpid() is the cheapest wait for a stop, and a signal handler is
 * what interrupts it (a 100 ms interval timer closes the check-then-wait race).
 */
static volatile sig_atomic_t ubp_stop_signal, ubp_tick;

static void ubp__on_signal(int sig)
{
	if (sig != SIGALRM)
		ubp_stop_signal = sig;
	else
		ubp_tick = 1;
}

static const int ubp_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGALRM };
#define NR_UBP_SIGNALS (sizeof(ubp_signals) / sizeof(ubp_signals[0]))

struct ubp_sigstate {
	struct sigaction old[NR_UBP_SIGNALS];
	struct itimerval old_timer;
};

static void ubp__signals_on(struct ubp_sigstate *ss)
{
	struct sigaction sa = { .sa_handler = ubp__on_signal };	/* no SA_RESTART */
	struct itimerval it = { { 0, 100000 }, { 0, 100000 } };

	ubp_stop_signal = 0;
	ubp_tick = 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NR_UBP_SIGNALS; i++)
		sigaction(ubp_signals[i], &sa, &ss->old[i]);
	setitimer(ITIMER_REAL, &it, &ss->old_timer);
}

static void ubp__signals_off(struct ubp_sigstate *ss)
{
	setitimer(ITIMER_REAL, &ss->old_timer, NULL);
	for (size_t i = 0; i < NR_UBP_SIGNALS; i++)
		sigaction(ubp_signals[i], &ss->old[i], NULL);
}

int ubp_engine__trap_detaching(struct ubp_engine *e, int t)
{
	struct ubp_thread *th = &e->threads[t];
	struct ubp_proc *p = &e->procs[th->proc];
	kp_ubp_regs r;
	struct ubp_bp *bp;
	siginfo_t si;
	uint64_t pc;

	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &r))
		return 0;
	pc = kp_arch_ubp__trap_pc(&r);
	bp = ubp_proc__find_bp(p, pc);
	if (!bp && (!p->entry || pc != p->entry) && (!p->tramp || pc != p->tramp)) {
		th->sig = SIGTRAP;
		return 0;
	}
	if (ptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si) || si.si_code != SI_KERNEL) {
		th->sig = SIGTRAP;
		return 0;
	}
	/* A return: finished here, ubp_ret__restore() does the rest. */
	if (!bp && pc == p->tramp) {
		if (!ubp_ret__return(e, t, &r))
			ptrace(PTRACE_SETREGS, th->tid, NULL, &r);
		return 0;
	}
	/* Its return is not hijacked: no tracer will be there to see it. */
	if (bp && bp->entry)
		ubp_engine__count(e, bp->probe, false, p->tgid, th->tid, pc);
	/* The original instruction is back when it resumes: run it from the start. */
	kp_arch_ubp__set_pc(&r, pc);
	ptrace(PTRACE_SETREGS, th->tid, NULL, &r);
	return 0;
}

/* A thread inside an out-of-line slot continues in the original code. */
static void engine__leave_slot(struct ubp_engine *e, struct ubp_thread *th)
{
	struct ubp_proc *p = &e->procs[th->proc];
	kp_ubp_regs r;
	uint64_t pc;

	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &r))
		return;
	pc = kp_arch_ubp__pc(&r);
	for (int i = 0; i < p->nr_bps; i++) {
		const struct ubp_bp *bp = &p->bps[i];

		if (bp->insn.how != KP_UBP_XOL || pc < bp->slot || pc >= bp->slot + KP_UBP_SLOT_SIZE)
			continue;
		kp_arch_ubp__set_pc(&r, kp_arch_ubp__xol_fixup(&bp->insn, pc - bp->slot));
		ptrace(PTRACE_SETREGS, th->tid, NULL, &r);
		return;
	}
}

/* Stop every thread, put the original bytes back, detach: the target runs on untraced. */
static void engine__detach(struct ubp_engine *e)
{
	for (int i = 0; i < e->nr_threads; i++)
		if (!e->threads[i].stopped)
			ptrace(PTRACE_INTERRUPT, e->threads[i].tid, NULL, NULL);
	for (;;) {
		bool all = true;
		int status;
		pid_t tid;

		for (int i = 0; i < e->nr_threads; i++)
			all &= e->threads[i].stopped;
		if (all)
			break;
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		ubp_engine__handle(e, tid, status, true);
		for (int i = 0; i < e->nr_threads; i++)
			if (!e->threads[i].stopped && e->threads[i].tid != tid)
				ptrace(PTRACE_INTERRUPT, e->threads[i].tid, NULL, NULL);
	}
	for (int i = 0; i < e->nr_threads; i++) {
		engine__leave_slot(e, &e->threads[i]);
		ubp_ret__restore(e, i);
	}
	for (int i = 0; i < e->nr_procs; i++) {
		struct ubp_proc *p = &e->procs[i];

		if (p->gone)
			continue;
		for (int j = 0; j < p->nr_bps; j++)
			ubp_mem__write(p->mem_fd, p->bps[j].addr, p->bps[j].orig, KP_UBP_BRK_LEN);
		if (p->entry)
			ubp_mem__write(p->mem_fd, p->entry, p->entry_orig, KP_UBP_BRK_LEN);
		p->nr_bps = 0;
		p->entry = 0;
	}
	for (int i = 0; i < e->nr_threads; i++)
		ptrace(PTRACE_DETACH, e->threads[i].tid, NULL, (void *)(long)e->threads[i].sig);
	while (e->nr_threads)
		ubp_engine__del_thread(e, 0);
}

static int engine__launch(struct ubp_engine *e, char *err, size_t errsz)
{
	struct kp_workload w = { .pid = -1, .go_fd = -1, .err_fd = -1 };
	const struct kp_ubp_opts *o = e->opts;
	sigset_t mask;
	int ret, proc;

	sigprocmask(SIG_SETMASK, NULL, &mask);
	ret = kp_workload__prepare(&w, o->argv, &mask, false);
	if (ret) {
		snprintf(err, errsz, "cannot run '%s': %s", o->argv[0], strerror(-ret));
		return ret;
	}
	if (ptrace(PTRACE_SEIZE, w.pid, NULL, (void *)(long)UBP_PTRACE_OPTS)) {
		ret = -errno;
		kp_workload__kill(&w);
		snprintf(err, errsz, "cannot trace '%s': %s", o->argv[0], strerror(-ret));
		return ret;
	}
	e->child = w.pid;
	proc = ubp_engine__add_proc(e, w.pid, -1);
	if (proc < 0 || ubp_engine__add_thread(e, w.pid, proc) < 0) {
		kp_workload__kill(&w);
		snprintf(err, errsz, "out of memory");
		return -ENOMEM;
	}
	ret = kp_workload__start(&w);
	if (ret) {
		snprintf(err, errsz, "cannot run '%s': %s", o->argv[0], strerror(-ret));
		e->child_done = true;
		return ret;
	}
	return 0;
}

/* Seize every thread of @pid (and those born meanwhile), then stop them all. */
static int engine__attach(struct ubp_engine *e, char *err, size_t errsz)
{
	pid_t pid = e->opts->pid;
	char path[64];
	bool more = true;
	int proc, ret;

	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)UBP_PTRACE_OPTS)) {
		ret = -errno;
		kp_ubp__attach_strerror(pid, -ret, err, errsz);
		return ret;
	}
	proc = ubp_engine__add_proc(e, pid, -1);
	if (proc < 0 || ubp_engine__add_thread(e, pid, proc) < 0) {
		snprintf(err, errsz, "cannot attach to process %d: %s", (int)pid,
			 strerror(proc < 0 ? -proc : ENOMEM));
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return proc < 0 ? proc : -ENOMEM;
	}
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	while (more) {
		DIR *d = opendir(path);
		struct dirent *de;

		more = false;
		while (d && (de = readdir(d))) {
			pid_t tid = atoi(de->d_name);

			if (tid <= 0 || ubp_engine__find_thread(e, tid) >= 0)
				continue;
			if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)UBP_PTRACE_OPTS))
				continue;	/* gone, or auto-attached already */
			if (ubp_engine__add_thread(e, tid, proc) < 0)
				break;
			more = true;
		}
		if (d)
			closedir(d);
	}
	for (int i = 0; i < e->nr_threads; i++)
		ptrace(PTRACE_INTERRUPT, e->threads[i].tid, NULL, NULL);
	for (;;) {
		bool all = true;
		int status;
		pid_t tid;

		for (int i = 0; i < e->nr_threads; i++)
			all &= e->threads[i].stopped;
		if (all)
			break;
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		ret = ubp_engine__handle(e, tid, status, true);
		if (ret)
			goto out_err;
	}
	proc = ubp_engine__find_proc(e, pid);
	if (proc < 0) {
		snprintf(err, errsz, "process %d exited", (int)pid);
		return -ESRCH;
	}
	ret = ubp_proc__place_probes(e, &e->procs[proc], pid);
	if (!ret)
		ret = ubp_proc__hook_rbrk(e, &e->procs[proc], pid, false);
	if (ret)
		goto out_err;
	for (int i = 0; i < e->nr_threads; i++) {
		ret = ubp_engine__resume(e, i);
		if (ret)
			goto out_err;
	}
	return 0;
out_err:
	snprintf(err, errsz, "cannot attach to process %d: %s", (int)pid, strerror(-ret));
	return ret;
}

/* The cheap case: a single-threaded launched target shares the tracer's cpu. */
static void engine__pin(struct ubp_engine *e, cpu_set_t *old, bool *pinned)
{
	cpu_set_t one;
	int cpu = sched_getcpu();

	*pinned = false;
	if (e->opts->no_pin || e->child <= 0 || cpu < 0 || sched_getaffinity(0, sizeof(*old), old))
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return;
	if (sched_setaffinity(e->child, sizeof(one), &one)) {
		sched_setaffinity(0, sizeof(*old), old);
		return;
	}
	*pinned = true;
}

/* More than one thread: let the target's threads spread again (and the tracer). */
static void engine__unpin(struct ubp_engine *e, const cpu_set_t *old, bool *pinned)
{
	if (!*pinned)
		return;
	for (int i = 0; i < e->nr_threads; i++)
		sched_setaffinity(e->threads[i].tid, sizeof(*old), old);
	sched_setaffinity(0, sizeof(*old), old);
	*pinned = false;
}

/* The caller's tick, when one is due: > 0 from it stops the run as SIGINT does. */
static int engine__tick(struct ubp_engine *e, char *err, size_t errsz)
{
	int ret;

	if (!ubp_tick || !e->opts->tick)
		return 0;
	ubp_tick = 0;
	ret = e->opts->tick(e->opts->arg);
	if (ret > 0) {
		ubp_stop_signal = SIGINT;
		return 0;
	}
	if (ret < 0)
		snprintf(err, errsz, "%s", strerror(-ret));
	return ret;
}

static int engine__loop(struct ubp_engine *e, char *err, size_t errsz)
{
	cpu_set_t old;
	bool pinned;
	int status, ret;
	pid_t tid;

	engine__pin(e, &old, &pinned);
	while (!ubp_stop_signal) {
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR) {
				ret = engine__tick(e, err, errsz);
				if (ret)
					goto out;
				continue;
			}
			if (errno == ECHILD)
				break;
			ret = -errno;
			snprintf(err, errsz, "waiting for the target: %s", strerror(-ret));
			goto out;
		}
		ret = ubp_engine__handle(e, tid, status, false);
		if (ret) {
			snprintf(err, errsz, "tracing process %d: %s", (int)tid, strerror(-ret));
			goto out;
		}
		ret = engine__tick(e, err, errsz);
		if (ret)
			goto out;
		if (pinned && e->nr_threads > 1)
			engine__unpin(e, &old, &pinned);
	}
	ret = 0;
out:
	if (pinned)
		engine__unpin(e, &old, &pinned);
	return ret;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int kp_ubp__run(const struct kp_ubp_opts *opts, struct kp_ubp_result *res, char *err,
		size_t errsz)
{
	struct ubp_engine e = { .opts = opts, .res = res, .child = -1 };
	struct ubp_sigstate ss;
	struct timespec t0;
	int ret;

	memset(res, 0, sizeof(*res));
	res->nr_probes = opts->nr_probes;
	res->hits = calloc(opts->nr_probes + 1, sizeof(*res->hits));
	res->missed = calloc(opts->nr_probes + 1, sizeof(*res->missed));
	if (!res->hits || !res->missed) {
		kp_ubp_result__exit(res);
		snprintf(err, errsz, "out of memory");
		return -ENOMEM;
	}
	e.alias_next = malloc((opts->nr_probes + 1) * sizeof(*e.alias_next));
	e.alias = calloc(opts->nr_probes + 1, sizeof(*e.alias));
	e.mapped = calloc(opts->nr_probes + 1, sizeof(*e.mapped));
	if (!e.alias_next || !e.alias || !e.mapped) {
		free(e.alias_next);
		free(e.alias);
		free(e.mapped);
		kp_ubp_result__exit(res);
		snprintf(err, errsz, "out of memory");
		return -ENOMEM;
	}
	/* Probes on the same instruction (symbol aliases) share one breakpoint; each counts. */
	for (int i = 0; i < opts->nr_probes; i++) {
		e.alias_next[i] = -1;
		for (int j = i - 1; j >= 0 && !e.alias[i]; j--) {
			if (opts->probes[j].offset != opts->probes[i].offset ||
			    strcmp(opts->probes[j].path, opts->probes[i].path))
				continue;
			e.alias[i] = true;
			e.alias_next[i] = e.alias_next[j];
			e.alias_next[j] = i;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ubp__signals_on(&ss);
	ret = opts->argv ? engine__launch(&e, err, errsz) : engine__attach(&e, err, errsz);
	if (!ret)
		ret = engine__loop(&e, err, errsz);
	if (e.nr_threads)
		engine__detach(&e);
	res->interrupted = ubp_stop_signal != 0;
	if (e.child > 0 && !e.child_done) {
		/* Detached with the command still running: end it as perf record does. */
		kill(e.child, SIGTERM);
		while (waitpid(e.child, &e.child_status, 0) < 0 && errno == EINTR)
			;
		e.child_done = true;
	}
	ubp__signals_off(&ss);
	if (e.child > 0 && e.child_done && !ret) {
		struct kp_workload w = { .pid = e.child, .status = e.child_status, .reaped = true };

		res->has_workload = true;
		res->exit_code = kp_workload__exit_code(&w);
	}
	res->elapsed = elapsed(&t0);
	for (int i = 0; !ret && i < opts->nr_probes; i++)
		if (!e.mapped[i])
			ubp_engine__warn(&e, "probe '%s' not placed: '%s' was never mapped",
					 opts->probes[i].name, opts->probes[i].path);
	for (int i = 0; i < e.nr_procs; i++) {
		if (e.procs[i].mem_fd >= 0)
			close(e.procs[i].mem_fd);
		ubp_proc__forget(&e.procs[i]);
	}
	for (int i = 0; i < e.nr_threads; i++)
		ubp_shadow__exit(&e.threads[i].shadow);
	free(e.procs);
	free(e.threads);
	free(e.alias_next);
	free(e.alias);
	free(e.mapped);
	if (ret) {
		kp_ubp_result__exit(res);
		return ret;
	}
	return 0;
}

void kp_ubp_result__exit(struct kp_ubp_result *res)
{
	free(res->hits);
	res->hits = NULL;
	free(res->missed);
	res->missed = NULL;
}
