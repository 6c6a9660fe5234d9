/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine a perf.data describes: threads, the maps of their address
 * spaces, the DSOs behind the maps and their symbols, rebuilt from the
 * COMM/MMAP/MMAP2/FORK/EXIT records in the order the session delivers them
 * (perf's machine/thread/map/dso split, much smaller).
 *
 *	struct kp_machine *m;
 *	struct kp_machine_opts opts = { .env = kp_session__env(s) };
 *	err = kp_machine__new(&m, &opts);
 *	...in the side_band callback: kp_machine__process_event(m, event, sample);
 *	...in the sample callback:
 *		struct kp_addr_location al;
 *		kp_machine__resolve(m, sample, 0, &al);
 *		printf("%s %s %s\n", kp_thread__comm(al.thread),
 *		       al.dso ? kp_dso__short_name(al.dso) : "[unknown]",
 *		       al.sym ? al.sym->name : "");
 *	kp_machine__delete(m);
 *
 * Symbols load lazily, once per DSO, on the first resolve that needs them.
 */
#ifndef KPROF_LIB_MACHINE_H
#define KPROF_LIB_MACHINE_H

#include <perf/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/env.h"
#include "lib/sample.h"

struct kp_machine;
struct kp_thread;
struct kp_map;
struct kp_dso;

/* A symbol of a DSO; addresses are the DSO's own (file/link-time) addresses. */
struct kp_symbol {
	uint64_t start;
	uint64_t end;		/* first address past the symbol */
	const char *name;
	uint8_t type;		/* STT_FUNC, STT_OBJECT (perf prints "name+0xoff"), STT_NOTYPE */
	uint8_t binding;	/* STB_LOCAL, STB_GLOBAL, STB_WEAK */
};

struct kp_machine_opts {
	const char *kallsyms;		/* NULL: /proc/kallsyms (report --kallsyms FILE) */
	const struct kp_env *env;	/* build ids recorded in the file; may be NULL */
	bool no_symbols;		/* never load symbols (record: maps and build ids only) */
};

int kp_machine__new(struct kp_machine **machine, const struct kp_machine_opts *opts);
void kp_machine__delete(struct kp_machine *machine);

/*
 * Update threads and maps from a side-band record (COMM, MMAP, MMAP2, FORK,
 * EXIT; others are ignored).  @sample holds the record's sample_id fields
 * (may be NULL).  Returns 0 or -ENOMEM; malformed records are ignored.
 */
int kp_machine__process_event(struct kp_machine *machine, const union perf_event *event,
			      const struct kp_sample *sample);

enum kp_resolve_flags {
	KP_RESOLVE_NO_SYM = 1 << 0,	/* find thread, map and dso only */
};

/*
 * perf report's rows (sort keys comm,dso,sym) are: the comm string, the DSO's
 * short name, and the symbol's (start, end) -- not its name: two local
 * functions of one name at different addresses are two rows, and the same
 * function of two copies of a binary at different paths is one.  Samples
 * without a symbol are grouped by map_addr and print as "[.] 0x%016llx".
 */
struct kp_addr_location {
	struct kp_thread *thread;	/* never NULL after a successful resolve */
	struct kp_map *map;		/* NULL: the address is in no known map */
	struct kp_dso *dso;		/* NULL: unknown ("[unknown]") */
	const struct kp_symbol *sym;	/* NULL: unresolved */
	uint64_t addr;			/* the address looked up (sample ip) */
	uint64_t map_addr;		/* @addr as an address of @dso (what perf prints when
					 * sym is NULL; == addr without a map) */
	uint8_t cpumode;		/* PERF_RECORD_MISC_KERNEL, _USER, _HYPERVISOR, _GUEST_* */
	char level;			/* perf's column letter: 'k' kernel, '.' user, 'H', 'g', 'u', '?' */
};

/*
 * Resolve a sample's pid/tid, ip and cpumode (sample->misc) into thread, map,
 * dso and symbol, marking the dso as hit.  Unknown threads are created, unknown
 * addresses leave map/dso/sym NULL.  Returns 0 or -ENOMEM.
 */
int kp_machine__resolve(struct kp_machine *machine, const struct kp_sample *sample,
			unsigned int flags, struct kp_addr_location *al);

/* The same for a bare address of @thread (callchain entries). */
int kp_machine__resolve_addr(struct kp_machine *machine, struct kp_thread *thread,
			     uint8_t cpumode, uint64_t addr, unsigned int flags,
			     struct kp_addr_location *al);

/* Calls @fn for every DSO; stops at and returns the first non-zero return. */
int kp_machine__for_each_dso(struct kp_machine *machine,
			     int (*fn)(struct kp_dso *dso, void *arg), void *arg);

pid_t kp_thread__pid(const struct kp_thread *thread);
pid_t kp_thread__tid(const struct kp_thread *thread);
/*
 * The thread's command name now (":TID" as perf prints it when none is known).
 * The string lives as long as the machine.  Like perf, the first name a thread
 * gets (COMM, or its parent's at FORK) overwrites the ":TID" placeholder in
 * place: keeping this pointer per sample (as perf report's hist entries keep
 * their comm) shows earlier samples under the later name, as perf report does;
 * copying the string gives perf script's view instead.  Later COMMs are new
 * strings.
 */
const char *kp_thread__comm(const struct kp_thread *thread);

/*
 * perf's dso column: "[kernel.kallsyms]", "libc.so.6", "[vdso]", "[JIT] tid 1234"
 * (the DSO of /tmp/perf-1234.map), "//anon" becomes "anon" (a basename).
 */
const char *kp_dso__short_name(const struct kp_dso *dso);
/* Full path ("/usr/lib/x86_64-linux-gnu/libc.so.6", "[kernel.kallsyms]"). */
const char *kp_dso__long_name(const struct kp_dso *dso);
bool kp_dso__is_kernel(const struct kp_dso *dso);
bool kp_dso__hit(const struct kp_dso *dso);	/* a resolve found a sample in it */
/*
 * The DSO's build id: from the file's BUILD_ID feature when one was recorded,
 * else read from the file (kernel: /sys/kernel/notes).  Returns its size in
 * bytes (1..20), or -errno (-ENOENT: it has none).
 */
int kp_dso__build_id(struct kp_dso *dso, uint8_t id[20]);

#endif /* KPROF_LIB_MACHINE_H */
