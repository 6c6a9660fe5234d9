/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report --pprof FILE`: a profile as pprof's profile.proto (ui/pprof/profile.proto),
 * gzip-compressed as pprof writes it, for `go tool pprof -top FILE`.
 *
 * Sample types: per event, "samples" (count) and the event's period (unit
 * "nanoseconds" for cpu-clock and task-clock, else "count"), named
 * "samples"/EVENT with one event and "EVENT.samples"/EVENT with several; the
 * default is the first event's sample count.  One function, location and
 * line per distinct frame (perf's function key), one mapping per DSO
 * (already symbolized), one sample per distinct (thread, stack) with labels
 * pid, tid and comm.
 */
#ifndef KPROF_UI_PPROF_H
#define KPROF_UI_PPROF_H

#include "lib/profile.h"

/* Write @profile to @path ("-": standard output).  Returns 0 or -errno. */
int kp_pprof__write(const struct kp_profile *profile, const char *path);

#endif /* KPROF_UI_PPROF_H */
