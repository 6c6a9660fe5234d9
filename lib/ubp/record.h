/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kprof record --engine=ptrace`: the breakpoint engine's hits written as an
 * ordinary perf.data, one event per -u probe named "ubp:SYM", every hit a
 * sample (time, pid, tid, cpu, ip, period 1, optional user stacks), with the
 * COMM, FORK and MMAP2 records a reader needs to resolve them.
 */
#ifndef KPROF_LIB_UBP_RECORD_H
#define KPROF_LIB_UBP_RECORD_H

#include <stddef.h>

#include "lib/record.h"

/*
 * Record the -u probes of @opts (opts->probes; no -e, -a, -C or -t; -p one
 * process) with the ptrace engine.  kp_record__run's contract: 0 with @stats
 * filled, or -errno with one line in @err.
 */
int kp_ubp_record__run(const struct kp_record_opts *opts, struct kp_record_stats *stats,
		       char *err, size_t errsz);

#endif /* KPROF_LIB_UBP_RECORD_H */
