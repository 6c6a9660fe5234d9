/* SPDX-License-Identifier: GPL-2.0 */
/* `kprof stat` over the breakpoint engine (--engine=ptrace): kp_stat__run's contract. */
#ifndef KPROF_LIB_UBP_STAT_H
#define KPROF_LIB_UBP_STAT_H

#include <stdbool.h>

#include "lib/stat.h"

/* Kernel uprobes can be used: the uprobe PMU exists and we are root or have the capability. */
bool kp_ubp__kernel_permitted(void);

/* Count the -u probes of @opts with the ptrace engine; kp_stat__run's results and errors. */
int kp_ubp_stat__run(const struct kp_stat_opts *opts, struct kp_stat_result *res, char *err,
		     size_t errsz);

#endif /* KPROF_LIB_UBP_STAT_H */
