/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report --speedscope FILE`: speedscope's JSON file format
 * (https://www.speedscope.app/file-format-schema.json):
 *
 *	{"$schema":"https://www.speedscope.app/file-format-schema.json",
 *	 "shared":{"frames":[{"name":"leaf","file":"/usr/bin/app"},...]},
 *	 "profiles":[{"type":"sampled","name":"app (tid 1234) cpu-clock","unit":"none",
 *	              "startValue":0,"endValue":70,"samples":[[2,1,0],...],"weights":[35,...]},
 *	             {"type":"evented","name":"app (tid 1234) calls","unit":"nanoseconds",
 *	              "startValue":T0,"endValue":T1,"events":[{"type":"O","frame":7,"at":T0},...]}],
 *	 "name":"perf.data","activeProfileIndex":0,"exporter":"kprof 0.1.0"}
 *
 * One sampled profile per event and thread: stacks outermost frame first,
 * weights in samples (consecutive samples of one stack merged, in time order).
 * One evented profile per thread with entry/return pairs (lib/latency.h):
 * every paired call opens and closes its function's frame.
 */
#ifndef KPROF_UI_SPEEDSCOPE_H
#define KPROF_UI_SPEEDSCOPE_H

#include "lib/latency.h"
#include "lib/profile.h"

/*
 * Write @profile and the calls of @lat (NULL or finished) to @path ("-":
 * standard output), named @name.  Returns 0 or -errno.
 */
int kp_speedscope__write(const struct kp_profile *profile, const struct kp_latency *lat,
			 const char *path, const char *name);

#endif /* KPROF_UI_SPEEDSCOPE_H */
