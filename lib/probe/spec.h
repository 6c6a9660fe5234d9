/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe specs: the one parser behind the probe options of record, stat and top.
 *
 *	-k SYM[+OFF]		kprobe (SYM may be a glob, or 0xADDR)
 *	-k SYM%return, -r SYM	kretprobe
 *	-u BIN:SYM[+OFF]	uprobe (BIN: a path, a command in $PATH, or a library
 *				name such as "libc"; SYM may be a glob)
 *	-u BIN:SYM%return, -U BIN:SYM	uretprobe
 *
 * perf-probe style arguments may follow the location, separated by blanks:
 *	-k 'do_sys_openat2 dfd=%di filename=+0(%si):string'
 * They are kept, and force the tracefs backend.
 *
 *	struct kp_probe_spec spec;
 *	char err[256];
 *	if (kp_probe_spec__parse(&spec, KP_PROBE_UPROBE, "./app:work_*", err, sizeof(err)))
 *		fprintf(stderr, "kprof: %s\n", err);	// "bad probe '...': ..."
 *	...
 *	kp_probe_spec__exit(&spec);
 */
#ifndef KPROF_LIB_PROBE_SPEC_H
#define KPROF_LIB_PROBE_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kp_probe_kind {
	KP_PROBE_KPROBE,
	KP_PROBE_KRETPROBE,
	KP_PROBE_UPROBE,
	KP_PROBE_URETPROBE,
};

/* Who registers the probe: the perf PMUs (kprobe, uprobe) or tracefs dynamic events. */
enum kp_probe_backend {
	KP_BACKEND_AUTO,	/* the PMU, unless something needs tracefs */
	KP_BACKEND_PMU,
	KP_BACKEND_TRACEFS,
};

struct kp_probe_arg {
	char *name;		/* "dfd"; NULL when not named */
	char *fetch;		/* "%di", "+0(%si):string" */
};

struct kp_probe_spec {
	enum kp_probe_kind kind;
	char *str;		/* the spec as given (for messages) */
	char *binary;		/* uprobes: BIN as given ("./app", "libc"); NULL for the kernel */
	char *symbol;		/* a name or a glob; NULL when probing an address */
	uint64_t addr;		/* kprobes on "0xADDR" */
	uint64_t offset;	/* +OFF */
	bool is_glob;		/* symbol has * ? or [ */
	struct kp_probe_arg *args;
	int nr_args;
	enum kp_probe_backend backend;	/* KP_BACKEND_TRACEFS when args need it, else AUTO */
};

static inline bool kp_probe_kind__is_user(enum kp_probe_kind kind)
{
	return kind == KP_PROBE_UPROBE || kind == KP_PROBE_URETPROBE;
}

static inline bool kp_probe_kind__is_return(enum kp_probe_kind kind)
{
	return kind == KP_PROBE_KRETPROBE || kind == KP_PROBE_URETPROBE;
}

/*
 * Parse @str given with the option of @kind (-k: KPROBE, -r: KRETPROBE, -u: UPROBE,
 * -U: URETPROBE); "%return" turns a -k/-u spec into its return probe.  Returns 0,
 * or -EINVAL with one line in @err naming the spec ("bad probe '-u app': expected
 * BIN:SYM"), or -ENOMEM.
 */
int kp_probe_spec__parse(struct kp_probe_spec *spec, enum kp_probe_kind kind, const char *str,
			 char *err, size_t errsz);
void kp_probe_spec__exit(struct kp_probe_spec *spec);

/* The option letter of @kind ('k', 'r', 'u', 'U'). */
char kp_probe_kind__opt(enum kp_probe_kind kind);

#endif /* KPROF_LIB_PROBE_SPEC_H */
