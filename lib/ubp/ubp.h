/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace breakpoint engine: probes without privileges, via ptrace and
 * int3.  Launches `-- CMD` or attaches to `-p PID` (every thread, children of
 * fork/vfork/clone followed), places a breakpoint at each probe's address in
 * every image that maps its file (resolved like uprobes: file offset + the
 * mapping's load bias, at the program's entry point after each exec), and on a
 * hit counts it and resumes with the breakpoint still in place: the displaced
 * instruction is emulated or run out of line (arch/<arch>/arch-ubp.h).  Return
 * probes (@ret) hijack the return address to a trampoline, with a shadow stack
 * per thread (lib/ubp/ret.c); files mapped later (dlopen) get their probes at
 * the dynamic linker's r_brk.  Signals reach the target unchanged; every exit
 * path detaches with the original bytes and return addresses restored.
 *
 *	struct kp_ubp_probe p = { .path = "/usr/bin/app", .offset = 0x1139, .name = "work" };
 *	struct kp_ubp_opts o = { .argv = argv, .probes = &p, .nr_probes = 1 };
 *	struct kp_ubp_result res;
 *	if (kp_ubp__run(&o, &res, err, sizeof(err)))	// blocks until the target ends
 *		...
 *	res.hits[0] ... res.exit_code ...; kp_ubp_result__exit(&res);
 */
#ifndef KPROF_LIB_UBP_UBP_H
#define KPROF_LIB_UBP_UBP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct kp_ubp_probe {
	const char *path;	/* the ELF file (a real path, as /proc/PID/maps shows it) */
	uint64_t offset;	/* file offset of the probed instruction */
	const char *name;	/* for messages: "work_a" */
	bool ret;		/* a return probe (offset: the function's entry) */
};

struct kp_ubp_hit {
	int probe;		/* index in opts->probes */
	pid_t pid, tid;
	uint64_t ip;		/* the probe's address; a return probe's: the address returned to */
	uint64_t time;		/* CLOCK_MONOTONIC ns */
	/* The arch's kp_ubp_regs as the trap left them (pc after it); NULL if unknown. */
	const void *regs;
	/*
	 * Return probes put the trampoline's address (@tramp, 0: none) in stack
	 * slots of the thread: for a stack walk, the real return address of the
	 * word @val read from slot @slot (@val itself when it is not hijacked).
	 */
	uint64_t tramp;
	uint64_t (*real_ret)(const struct kp_ubp_hit *hit, uint64_t slot, uint64_t val);
	const void *priv;	/* the engine's, for real_ret */
};

struct kp_ubp_opts {
	const char *const *argv;	/* -- CMD (NULL-terminated), or NULL with @pid */
	pid_t pid;			/* -p: attach to this process */
	const struct kp_ubp_probe *probes;
	int nr_probes;
	bool no_pin;			/* don't share a cpu with a single-threaded target */
	bool no_inherit;		/* --no-inherit: children of fork/vfork are not traced */
	/* Each hit, when set (the engine counts them anyway). */
	void (*hit)(void *arg, const struct kp_ubp_hit *hit);
	/* A non-fatal problem ("probe 'f' not placed in 1234: ..."), one line. */
	void (*warn)(void *arg, const char *msg);
	/*
	 * About every 100 ms while the target runs, when set: 0 goes on, > 0 ends
	 * the run as SIGINT does (detach), < 0 (-errno) ends it with an error.
	 */
	int (*tick)(void *arg);
	void *arg;
};

struct kp_ubp_result {
	uint64_t *hits;		/* per probe */
	uint64_t *missed;	/* per probe: returns lost to longjmp, exceptions, depth */
	int nr_probes;
	int placed;		/* breakpoints placed (summed over images) */
	bool has_workload;
	int exit_code;		/* the launched command's, as kprof's (128 + signal if killed) */
	bool interrupted;	/* SIGINT/SIGTERM/SIGHUP ended the run (then detached) */
	double elapsed;		/* seconds */
};

/*
 * Run until the target ends (all traced processes exited) or kprof gets
 * SIGINT, SIGTERM or SIGHUP (then: detach, and a launched command gets
 * SIGTERM).  Returns 0 with @res filled (kp_ubp_result__exit frees it), or
 * -errno with one line in @err: -EPERM naming why a process cannot be traced
 * (another user's, kernel.yama.ptrace_scope, already traced), -ESRCH,
 * -ENOENT for a command that does not exist.
 */
int kp_ubp__run(const struct kp_ubp_opts *opts, struct kp_ubp_result *res, char *err,
		size_t errsz);
void kp_ubp_result__exit(struct kp_ubp_result *res);

/* Why @pid cannot be ptraced (after EPERM), as one line without "kprof: ". */
void kp_ubp__attach_strerror(pid_t pid, int errnum, char *buf, size_t size);

#endif /* KPROF_LIB_UBP_UBP_H */
