/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report -g`: the call graph under each row, drawn as perf report --stdio
 * draws it (graph: percentages of the total; fractal: of the parent), from the
 * row's kp_callchain_tree (hist entry priv).
 */
#ifndef KPROF_UI_STDIO_CALLCHAIN_H
#define KPROF_UI_STDIO_CALLCHAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/callchain.h"
#include "lib/hist.h"

enum kp_cc_mode { KP_CC_GRAPH, KP_CC_FRACTAL, KP_CC_FLAT, KP_CC_NONE };

struct kp_stdio_callchain_opts {
	enum kp_cc_mode mode;
	double min_percent;	/* threshold, perf's 0.5 by default */
	bool caller;		/* caller order (root first) */
	bool order_set;		/* caller/callee given */
	bool skip_first;	/* --sort sym...: the row's own frame is not repeated */
	bool total_percent;	/* unused by the printer; set by report */
};

/* Parse -g's argument (NULL: the defaults). Returns 0 or -EINVAL. */
int kp_stdio_callchain__parse(struct kp_stdio_callchain_opts *opts, const char *arg);

/* kp_stdio_hist_opts.after_entry: @arg is a struct kp_stdio_callchain_opts. */
void kp_stdio_callchain__after_entry(FILE *fp, const struct kp_hist *hist,
				     const struct kp_hist_entry *e, void *arg);

#endif /* KPROF_UI_STDIO_CALLCHAIN_H */
