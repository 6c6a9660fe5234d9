/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report --folded`: one line per unique stack, root first, with the number of
 * samples that ended in it -- the input of FlameGraph's flamegraph.pl and of
 * speedscope:
 *
 *	cc-fp;__libc_start_call_main;main;a;b;leaf 220
 *
 * Kernel frames end in "_[k]" (flamegraph.pl colours them), unresolved frames
 * are their hex address.  Lines are sorted, like stackcollapse-perf.pl's.
 */
#ifndef KPROF_UI_FOLDED_H
#define KPROF_UI_FOLDED_H

#include <stdio.h>

#include "lib/callchain.h"

/* Print every stack of @tree (a caller-order tree) as "@comm;frame;...;frame count". */
int kp_folded__fprintf(FILE *fp, const char *comm, const struct kp_callchain_tree *tree);

/* Sort the lines of @in (one stack each) into @out. Returns 0 or -errno. */
int kp_folded__sort_lines(char *buf, size_t len, FILE *out);

#endif /* KPROF_UI_FOLDED_H */
