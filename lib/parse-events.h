/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf's event syntax (`-e`) into perf_event_attrs: software events
 * ("cpu-clock", "task-clock", "page-faults"/"faults", "context-switches"/"cs",
 * "cpu-migrations"/"migrations", "minor-faults", "major-faults",
 * "alignment-faults", "emulation-faults", "dummy"), hardware event names,
 * hardware cache events ("L1-dcache-load-misses", named without modifiers),
 * tracepoints ("sched:sched_switch", id read from tracefs, mounted if needed),
 * "PMU/config=N,…/" for dynamic PMUs (and their sysfs event aliases, also
 * alone: "msr/tsc/", "tsc"), raw "rNNNN", and the modifiers ":u",
 * ":k", ":h", ":p…" after any of them.
 */
#ifndef KPROF_LIB_PARSE_EVENTS_H
#define KPROF_LIB_PARSE_EVENTS_H

#include <linux/perf_event.h>
#include <stddef.h>

struct kp_event_spec {
	struct perf_event_attr attr;	/* type, config, exclude_* and size set; the rest zero */
	char *name;			/* the name perf gives it: "cpu-clock", "cpu-clock:u",
					 * "sched:sched_switch" */
};

/*
 * Parse one event.  Returns 0, or -errno with a one-line reason in @err such as
 * "unknown event 'cpu-clok'" or "tracepoint 'sched:nosuch' not found".
 */
int kp_parse_event(const char *str, struct kp_event_spec *spec, char *err, size_t errsz);
void kp_event_spec__exit(struct kp_event_spec *spec);

#endif /* KPROF_LIB_PARSE_EVENTS_H */
