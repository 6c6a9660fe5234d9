/* SPDX-License-Identifier: GPL-2.0 */
/* The breakpoint engine's inside: processes, threads, breakpoints, target memory. */
#ifndef KPROF_LIB_UBP_UBP_INT_H
#define KPROF_LIB_UBP_UBP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch-ubp.h"		/* arch/<arch>/arch-ubp.h (-Iarch/$(ARCH)) */
#include "lib/ubp/shadow.h"
#include "lib/ubp/ubp.h"

struct ubp_bp {
	uint64_t addr;
	int probe;			/* the first probe of its alias chain; -1: internal */
	bool entry;			/* an entry probe of the chain counts here */
	bool ret;			/* a return probe of the chain hijacks the return here */
	bool rbrk;			/* the dynamic linker's r_brk: re-scan the maps */
	uint8_t orig[KP_UBP_BRK_LEN];
	struct kp_ubp_insn insn;
	uint64_t slot;			/* XOL: the slot's address */
};

struct ubp_scratch {
	uint64_t addr, size, used;
};

enum ubp_leave {
	UBP_LEAVE_NONE,
	UBP_LEAVE_PENDING,		/* a child whose parent's fork or vfork event is to come */
	UBP_LEAVE_FORK,
	UBP_LEAVE_VFORK,
};

/* A traced process (an address space). */
struct ubp_proc {
	pid_t tgid;
	int mem_fd;			/* /proc/PID/mem */
	struct ubp_bp *bps;		/* sorted by addr */
	int nr_bps;
	uint64_t entry;			/* a pending entry breakpoint (0: none) */
	uint8_t entry_orig[KP_UBP_BRK_LEN];
	struct ubp_scratch *scratch;
	int nr_scratch;
	uint64_t tramp;			/* the return trampoline (an int3), 0: none yet */
	uint64_t r_debug;		/* the dynamic linker's struct r_debug, 0: unknown */
	uint64_t *tried;		/* per probe: the address last placed or refused at */
	bool gone;
	enum ubp_leave leave;		/* --no-inherit: a child to let go (inherit.c) */
	bool ignore;			/* a vfork child under --no-inherit: hits not counted */
};

struct ubp_thread {
	pid_t tid;
	int proc;			/* index in engine->procs */
	bool stopped;
	int sig;			/* to deliver when resumed */
	pid_t hold;			/* a fork child: held until its parent's event */
	struct ubp_shadow shadow;	/* hijacked returns (return probes) */
};

struct ubp_engine {
	const struct kp_ubp_opts *opts;
	struct kp_ubp_result *res;
	struct ubp_proc *procs;
	int nr_procs;
	struct ubp_thread *threads;
	int nr_threads;
	int last;			/* the thread of the last stop (a lookup cache) */
	const kp_ubp_regs *regs;	/* the registers of the trap being handled */
	int *alias_next;		/* the next probe at the same file offset, or -1 */
	bool *alias;			/* not the first probe at its file offset: never placed */
	bool *mapped;			/* per probe: its file was mapped in some process */
	pid_t child;			/* the launched command, or -1 */
	int child_status;
	bool child_done;
};

/* Handle one wait status; @detaching: leave the thread stopped (detach follows). */
int ubp_engine__handle(struct ubp_engine *e, pid_t tid, int status, bool detaching);
int ubp_engine__resume(struct ubp_engine *e, int t);
/* A SIGTRAP stop while detaching: a hit is counted and its pc put back on the probe. */
int ubp_engine__trap_detaching(struct ubp_engine *e, int t);
int ubp_engine__find_proc(struct ubp_engine *e, pid_t tgid);
int ubp_engine__add_proc(struct ubp_engine *e, pid_t tgid, int parent);
int ubp_engine__find_thread(struct ubp_engine *e, pid_t tid);
int ubp_engine__add_thread(struct ubp_engine *e, pid_t tid, int proc);
void ubp_engine__del_thread(struct ubp_engine *e, int idx);
void ubp_engine__warn(struct ubp_engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Count a hit of every probe of @probe's chain of the kind @ret, and report it. */
void ubp_engine__count(struct ubp_engine *e, int probe, bool ret, pid_t pid, pid_t tid,
		       uint64_t ip);

/*
 * Place every probe mapped in @p not placed yet, and forget breakpoints whose
 * file went away (stopped; @tid may run injected syscalls).  Warnings for
 * probes that cannot be placed; -errno only when the target cannot be written.
 */
int ubp_proc__place_probes(struct ubp_engine *e, struct ubp_proc *p, pid_t tid);
/* An out-of-line slot for @bp's instruction: in a scratch page within reach, else a new one. */
int ubp_proc__place_slot(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, struct ubp_bp *bp);
/*
 * Hook the dynamic linker's r_brk so the files it maps get their probes: at an
 * exec (@at_exec: through ld.so's own symbols, before it maps anything), or
 * later through the executable's DT_DEBUG.  0 also when there is none to hook.
 */
int ubp_proc__hook_rbrk(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, bool at_exec);
/* At r_brk: the link map is consistent again (place probes then), or not yet. */
bool ubp_proc__link_map_consistent(struct ubp_proc *p);
/* After an exec: forget the old image, put a breakpoint on the new entry point. */
int ubp_proc__exec(struct ubp_engine *e, struct ubp_proc *p);
void ubp_proc__forget(struct ubp_proc *p);

/* Return probes (ret.c): hijack at the entry, come back at the trampoline. */
void ubp_ret__enter(struct ubp_engine *e, int t, const struct ubp_bp *bp, const kp_ubp_regs *r);
/* At the trampoline: count, and set @r's pc to the real return address; -ENOENT: unknown. */
int ubp_ret__return(struct ubp_engine *e, int t, kp_ubp_regs *r);
/* Detaching: put every hijacked return address of stopped thread @t back in its slot. */
void ubp_ret__restore(struct ubp_engine *e, int t);

/*
 * --no-inherit (inherit.c): the parent's event says what @child is; a stop of
 * a thread of a child to let go (1: consumed, 0: handle it as usual, -errno);
 * an exec of an ignored (vfork) child detaches it.
 */
int ubp_inherit__forked(struct ubp_engine *e, pid_t child, bool vfork);
int ubp_inherit__stop(struct ubp_engine *e, int t, int status);
int ubp_inherit__exec(struct ubp_engine *e, int t);

/* The breakpoint of @p at @addr, or NULL. */
struct ubp_bp *ubp_proc__find_bp(const struct ubp_proc *p, uint64_t addr);

/* Target memory through /proc/PID/mem (writes reach read-only text, as ptrace may). */
int ubp_mem__read(int fd, uint64_t addr, void *buf, size_t len);
int ubp_mem__write(int fd, uint64_t addr, const void *buf, size_t len);

/* An address for @size bytes mapped within 1 GiB of @near in @pid's free space (0: none). */
uint64_t ubp_maps__find_gap(pid_t pid, uint64_t near, uint64_t size);

/* A snapshot of /proc/PID/maps: file mappings only. */
struct ubp_map {
	uint64_t start, end, pgoff;
	char *path;
};

struct ubp_maps {
	struct ubp_map *v;
	int nr;
};

int ubp_maps__read(struct ubp_maps *m, pid_t pid);
/* The runtime address of file @path's @offset (0: not mapped). */
uint64_t ubp_maps__lookup(const struct ubp_maps *m, const char *path, uint64_t offset);
void ubp_maps__exit(struct ubp_maps *m);

/* The value of symbol @name in ELF file @path (0: none). */
uint64_t ubp_elf__sym(const char *path, const char *name);

/* An auxv entry of @pid (AT_ENTRY, AT_PHDR...; 0: unknown). */
uint64_t ubp_auxv__get(pid_t pid, uint64_t type);
/* A numeric field of /proc/PID/status ("Tgid", "PPid", "Uid", "TracerPid"), or -1. */
long ubp_proc__status(pid_t pid, const char *key);

/*
 * Run syscall @nr in stopped thread @tid (process memory @mem_fd) at its pc,
 * restoring its registers and text after.  Signals arriving meanwhile are kept in
 * *@sig for the thread.  Returns the syscall's result or -errno of ptrace.
 */
long ubp_inject_syscall(pid_t tid, int mem_fd, long nr, const long args[6], int *sig);

#endif /* KPROF_LIB_UBP_UBP_INT_H */
