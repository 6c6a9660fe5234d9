/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe specs into probe points: a glob set matched against /proc/kallsyms
 * (kernel) or an ELF file's symbols (user), minus what the kernel refuses
 * (kprobes blacklist, notrace functions), with a summary per spec.
 *
 *	struct kp_probe_set set = { 0 };
 *	struct kp_probe_resolve_opts ro = { 0 };
 *	if (kp_probe_set__add(&set, &spec, &ro, err, sizeof(err)))
 *		...	// "no symbol 'wrok_a' in '/x/app'; did you mean 'work_a'?"
 *	for (int i = 0; i < set.nr_points; i++) ... set.points[i].event ...
 *	kp_probe_set__exit(&set);
 */
#ifndef KPROF_LIB_PROBE_RESOLVE_H
#define KPROF_LIB_PROBE_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/probe/spec.h"

/* Why a matched symbol is not probed. */
enum kp_probe_skip {
	KP_SKIP_BLACKLISTED,	/* in /sys/kernel/debug/kprobes/blacklist */
	KP_SKIP_NOTRACE,	/* not in tracefs available_filter_functions */
	KP_SKIP_REFUSED,	/* the kernel refused to register it */
	KP_SKIP_NR,
};

/* One place to probe: what the backends register. */
struct kp_probe_point {
	enum kp_probe_kind kind;
	char *symbol;		/* NULL for a kprobe on an address */
	char *path;		/* uprobes: the file (a real path) */
	uint64_t offset;	/* kprobe: from symbol (or the address); uprobe: file offset */
	uint64_t addr;		/* kprobe: kallsyms address, uprobe: ELF vaddr (information) */
	char *event;		/* "probe:do_sys_openat2", "probe_app:work_a__return" */
	int match;		/* index of its kp_probe_match in the set */
	bool dropped;		/* refused by the kernel (glob members only) */
};

struct kp_probe_skipped {
	char *name;
	enum kp_probe_skip why;
};

/* What one spec matched (for the summary line and -v). */
struct kp_probe_match {
	const struct kp_probe_spec *spec;
	char *path;		/* uprobes: the resolved file */
	int matched;		/* symbols matching the spec */
	int probing;		/* points registered (matched minus skipped) */
	int skipped[KP_SKIP_NR];
	struct kp_probe_skipped *skipped_list;
	int nr_skipped;
};

struct kp_probe_set {
	struct kp_probe_point *points;
	int nr_points;
	struct kp_probe_match *matches;
	int nr_matches;
};

struct kp_probe_resolve_opts {
	const char *kallsyms;		/* NULL: /proc/kallsyms */
	const char *blacklist;		/* NULL: /sys/kernel/debug/kprobes/blacklist */
	const char *filter_functions;	/* NULL: tracefs available_filter_functions */
	const char *ldconfig;		/* NULL: run "ldconfig -p"; else a file with its output */
	pid_t pid;			/* a running target whose maps name libraries (0: none) */
};

/*
 * Resolve @spec (kept by reference: it must outlive the set) and append its
 * points.  Returns 0, or -errno with one line in @err: -ENOENT for an unknown
 * binary or symbol (with the nearest names), -EINVAL when nothing can be probed.
 */
int kp_probe_set__add(struct kp_probe_set *set, const struct kp_probe_spec *spec,
		      const struct kp_probe_resolve_opts *opts, char *err, size_t errsz);
void kp_probe_set__exit(struct kp_probe_set *set);

/* Mark @point refused by the kernel: counted in its match's summary. */
int kp_probe_set__drop(struct kp_probe_set *set, struct kp_probe_point *point);

/*
 * The summary line of @m, without "kprof: ":
 * "'vfs_*' matched 412 symbols, probing 398, skipped 14 (blacklisted 11, refused 3)".
 */
void kp_probe_match__summary(const struct kp_probe_match *m, char *buf, size_t size);

/* Name of a skip reason: "blacklisted", "notrace", "refused". */
const char *kp_probe_skip__name(enum kp_probe_skip why);

/*
 * Resolve a uprobe's BIN: a path, a command in $PATH, a library mapped by
 * @opts->pid, or one ldconfig knows ("libc" -> /lib/x86_64-linux-gnu/libc.so.6).
 * Returns 0 and a malloc'ed real path in @path, or -ENOENT.
 */
int kp_probe_find_binary(const char *bin, const struct kp_probe_resolve_opts *opts, char **path);

/*
 * Up to @max names of @names nearest to @name (edit distance, common prefix),
 * as "'a', 'b' or 'c'" into @buf; returns how many were found.
 */
int kp_probe_suggest(const char *name, const char *const *names, size_t nr, int max, char *buf,
		     size_t size);

/* Function symbols of an ELF file with their file offsets (every alias kept). */
struct kp_probe_elf_sym {
	char *name;
	uint64_t vaddr;
	uint64_t offset;
};
int kp_probe_elf_syms(const char *path, struct kp_probe_elf_sym **syms, size_t *nr);
void kp_probe_elf_syms__free(struct kp_probe_elf_sym *syms, size_t nr);

#endif /* KPROF_LIB_PROBE_RESOLVE_H */
