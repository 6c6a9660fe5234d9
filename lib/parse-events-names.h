/* SPDX-License-Identifier: GPL-2.0 */
/* Name tables of lib/parse-events.c: symbolic and hardware cache events. */
#ifndef KPROF_LIB_PARSE_EVENTS_NAMES_H
#define KPROF_LIB_PARSE_EVENTS_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct kp_sym_event {
	const char *name;	/* "cpu-clock", "cs", "cycles" */
	uint32_t type;		/* PERF_TYPE_HARDWARE or PERF_TYPE_SOFTWARE */
	uint64_t config;
};

/* The symbolic event spelled exactly [name, name+len), or NULL. */
const struct kp_sym_event *kp_sym_event__find(const char *name, size_t len);

/* Every symbolic event, aliases next to their name (for `kprof list`). */
const struct kp_sym_event *kp_sym_event__table(size_t *nr);

/*
 * A hardware cache event spelled [s, s+len) ("L1-dcache-load-misses"): 1 and
 * its PERF_TYPE_HW_CACHE config, 0 when it is not one, -1 when its op is not
 * valid for its cache (as perf, "L1-icache-stores").
 */
int kp_cache_event__parse(const char *s, size_t len, uint64_t *config);

#endif /* KPROF_LIB_PARSE_EVENTS_NAMES_H */
