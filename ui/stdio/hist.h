/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `report --stdio`: a histogram as perf report --stdio prints it, column for
 * column (widths, headers, dots, "%6.2f%%"), so the two outputs diff cleanly.
 */
#ifndef KPROF_UI_STDIO_HIST_H
#define KPROF_UI_STDIO_HIST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/hist.h"

struct kp_stdio_hist_opts {
	bool show_nr_samples; /* -n: the Samples column */
	bool quiet; /* -q: rows only */
	bool children; /* --children: a Children column first, rows ordered by it */
	double percent_limit; /* rows under this percentage (children's with it) are not shown */
	/* called after each row shown (the call graph under it); may be NULL */
	void (*after_entry)(FILE *fp, const struct kp_hist *hist, const struct kp_hist_entry *e,
			    void *arg);
	void *after_entry_arg;
};

/* The lines before the first event: the header hint and "# Total Lost Samples: N". */
void kp_stdio_report__begin(FILE *fp, uint64_t lost_samples, bool show_header_hint,
			    const struct kp_stdio_hist_opts *opts);
/* One event: "# Samples: 4K of event 'cpu-clock'", its count, the table. */
void kp_stdio_report__event(FILE *fp, const char *name, const struct kp_hist *hist,
			    const struct kp_stdio_hist_opts *opts);
/* The trailer after the last event. */
void kp_stdio_report__end(FILE *fp, const struct kp_stdio_hist_opts *opts);

/* perf's sample count abbreviation: 802 -> "802 ", 4096 -> "4K". Returns @buf. */
const char *kp_stdio__nr_unit(uint64_t n, char *buf, size_t size);

/* The table alone: column headers (unless quiet) and one line per entry. */
void kp_stdio_hist__fprintf(FILE *fp, const struct kp_hist *hist,
			    const struct kp_stdio_hist_opts *opts);

#endif /* KPROF_UI_STDIO_HIST_H */
