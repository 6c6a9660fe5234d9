/* SPDX-License-Identifier: GPL-2.0 */
/* The context every command runs in; no global mutable state lives outside kprof.c. */
#ifndef KPROF_LIB_CTX_H
#define KPROF_LIB_CTX_H

#include <stdbool.h>

struct kp_ctx {
	int verbose;		/* -v, repeatable */
	bool quiet;		/* -q: only errors */
	const char *argv0;	/* "kprof" */
	int argc;		/* the whole command line, for HEADER_CMDLINE */
	const char **argv;
	bool check_only;	/* parse and check the options, run nothing (tests/fuzz) */
};

#endif /* KPROF_LIB_CTX_H */
