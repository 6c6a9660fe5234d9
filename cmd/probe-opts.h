/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe options record, stat and top share: -k, -r, -u, -U and --backend,
 * parsed by lib/probe/spec.c and resolved by lib/probe/resolve.c.
 */
#ifndef KPROF_CMD_PROBE_OPTS_H
#define KPROF_CMD_PROBE_OPTS_H

#include <sys/types.h>

#include <subcmd/parse-options.h>

#include "lib/probe/resolve.h"
#include "lib/probe/spec.h"

struct kp_probe_opts {
	const char **strs;		/* as given */
	enum kp_probe_kind *kinds;	/* the option each came with */
	int nr;
	const char *backend;		/* --backend: auto, pmu, tracefs */
	enum kp_probe_backend backend_kind;	/* --backend, parsed */
	int maxactive;			/* --maxactive: kretprobe instances (tracefs) */
	struct kp_probe_spec *specs;
	struct kp_probe_set set;
	pid_t pid;			/* a target whose maps name libraries */
};

int kp_probe_opts__opt_k(const struct option *opt, const char *str, int unset);
int kp_probe_opts__opt_r(const struct option *opt, const char *str, int unset);
int kp_probe_opts__opt_u(const struct option *opt, const char *str, int unset);
int kp_probe_opts__opt_U(const struct option *opt, const char *str, int unset);

/* --engine and --[no-]inherit, the same in record, stat and top. */
#define KP_ENGINE_OPTIONS(engine, inherit)                                                    \
	OPT_STRING(0, "engine", (engine), "auto|kernel|ptrace",                               \
		   "how -u probes hit: kernel uprobes, or kprof's ptrace breakpoints "         \
		   "(no privileges; default auto)"),                                          \
	OPT_BOOLEAN(0, "inherit", (inherit),                                                  \
		    "follow children of the target (the default; negated: leave them)")

#define KP_PROBE_OPTIONS(po)                                                                  \
	OPT_CALLBACK('k', "kprobe", (po), "sym[+off]",                                        \
		     "probe a kernel function (glob: 'vfs_*'; SYM%return: its return)",        \
		     kp_probe_opts__opt_k),                                                   \
	OPT_CALLBACK('r', "kretprobe", (po), "sym", "probe the return of a kernel function", \
		     kp_probe_opts__opt_r),                                                   \
	OPT_CALLBACK('u', "uprobe", (po), "bin:sym[+off]",                                    \
		     "probe a user function (bin: path, command or library like 'libc')",     \
		     kp_probe_opts__opt_u),                                                   \
	OPT_CALLBACK('U', "uretprobe", (po), "bin:sym", "probe the return of a user function", \
		     kp_probe_opts__opt_U),                                                   \
	OPT_STRING(0, "backend", &(po)->backend, "auto|pmu|tracefs",                          \
		   "how probes are registered (default: the perf PMUs)"),                    \
	OPT_INTEGER(0, "maxactive", &(po)->maxactive,                                         \
		    "kretprobes: at most N pending returns per probe (tracefs backend)")

/* Check --backend/--maxactive and parse every spec; prints "kprof: ..." and returns -1 on error. */
int kp_probe_opts__parse(struct kp_probe_opts *po);
/* Parse (if not yet) and resolve every probe; prints "kprof: ..." and returns -1 on error. */
int kp_probe_opts__resolve(struct kp_probe_opts *po, bool quiet, int verbose);
/* After registering: the summary line of each glob (every spec with -v, -v lists each). */
void kp_probe_opts__print_dropped(const struct kp_probe_opts *po, bool quiet, int verbose);
void kp_probe_opts__exit(struct kp_probe_opts *po);

/*
 * --engine (NULL: auto): 1 for the ptrace engine, 0 for the kernel's, -1
 * (message printed) for a bad value.  auto picks ptrace for -u probes when
 * kernel uprobes are not permitted and nothing else (@other: -e, -a) needs the
 * kernel, and says so unless @quiet.
 */
int kp_probe_opts__use_ptrace(const struct kp_probe_opts *po, const char *engine, bool other,
			      bool quiet, int verbose);

#endif /* KPROF_CMD_PROBE_OPTS_H */
