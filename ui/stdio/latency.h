/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report --latency` and `stat --latency` as text: a table of every function's
 * paired calls (count, missed, min, mean, p50, p90, p99, max in nsecs), then a
 * log2 histogram per function in BCC funclatency's layout:
 *
 *	Function = probe_app:work
 *	     nsecs               : count     distribution
 *	         0 -> 1          : 0        |                                        |
 *	   ...
 *	   8388608 -> 16777215   : 4        |****************************************|
 */
#ifndef KPROF_UI_STDIO_LATENCY_H
#define KPROF_UI_STDIO_LATENCY_H

#include <stdint.h>
#include <stdio.h>

#include "lib/latency.h"

/* The table and every histogram. */
void kp_stdio_latency__fprintf(FILE *fp, const struct kp_latency *lat);

/* One log2 histogram of @slots (KP_LATENCY_SLOTS, BCC's slots), @unit: "nsecs". */
void kp_stdio_latency__fprintf_hist(FILE *fp, const uint64_t *slots, const char *unit);

#endif /* KPROF_UI_STDIO_LATENCY_H */
