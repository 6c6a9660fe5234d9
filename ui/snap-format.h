/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of a snapshot's lines, shared by the TUI browser and top --stdio:
 * one header line, the column titles, one line per row, fitted to a width.
 *
 *	Share    Hits  Hits/s     Total Missed  Shared Object         Symbol
 *	51.20%     612   612.0      6020      -  demo                 [.] demo_heavy
 */
#ifndef KPROF_UI_SNAP_FORMAT_H
#define KPROF_UI_SNAP_FORMAT_H

#include <stddef.h>

#include "lib/snapshot.h"

/* "Samples: 12K of event 'cpu-clock', 4000 Hz, 3998 samples/s, lost: 0, ..." */
void kp_snap_fmt__header(char *buf, size_t size, const struct kp_snapshot *snap);
/* Column titles for a line of @width characters. */
void kp_snap_fmt__titles(char *buf, size_t size, const struct kp_snapshot *snap, int width);
/* One row for a line of @width characters (the symbol takes what is left). */
void kp_snap_fmt__row(char *buf, size_t size, const struct kp_snapshot *snap,
		      const struct kp_snap_row *row, int width);

/* One node of a row's tree: indented by depth, "--12.34%--symbol" (perf's graph lines). */
void kp_snap_fmt__node(char *buf, size_t size, const struct kp_snapshot *snap,
		       const struct kp_snap_node *node, int width);

#endif /* KPROF_UI_SNAP_FORMAT_H */
