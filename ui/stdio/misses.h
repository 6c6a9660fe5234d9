/* SPDX-License-Identifier: GPL-2.0 */
/* The probes' hits and misses stored by kprof record, in the header of `report --stdio`. */
#ifndef KPROF_UI_STDIO_MISSES_H
#define KPROF_UI_STDIO_MISSES_H

#include <stdio.h>

struct kp_misses;

/*
 * "# Probe hits and misses" and one line per probe (hits, missed or "n/a"
 * where the kernel gives no count, and the count's source), after perf's
 * "# Total Lost Samples"; nothing when @m is NULL or holds no probe.
 */
void kp_stdio_misses__fprintf(FILE *fp, const struct kp_misses *m);

#endif /* KPROF_UI_STDIO_MISSES_H */
