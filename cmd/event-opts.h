/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The -e option record, stat and top share: the strings as given on the
 * command line, parsed into event specs (lib/parse-events) once the options
 * are all read.
 */
#ifndef KPROF_CMD_EVENT_OPTS_H
#define KPROF_CMD_EVENT_OPTS_H

#include <subcmd/parse-options.h>

#include "lib/parse-events.h"

struct kp_event_opts {
	const char **strs;		/* -e strings, as given */
	int nr;
	struct kp_event_spec *specs;	/* after kp_event_opts__parse(): nr_specs of them */
	int nr_specs;
};

/* OPT_CALLBACK('e', "event", &eo, …, kp_event_opts__opt_e) */
int kp_event_opts__opt_e(const struct option *opt, const char *str, int unset);
int kp_event_opts__add(struct kp_event_opts *eo, const char *str);

/* Parse every string; prints "kprof: REASON" for the first bad one.  0 or -1. */
int kp_event_opts__parse(struct kp_event_opts *eo);
void kp_event_opts__exit(struct kp_event_opts *eo);

#endif /* KPROF_CMD_EVENT_OPTS_H */
