/* SPDX-License-Identifier: GPL-2.0 */
/* The hist browser's internals shared by its files (ui/tui/hist-browser*.c). */
#ifndef KPROF_UI_TUI_HIST_BROWSER_INT_H
#define KPROF_UI_TUI_HIST_BROWSER_INT_H

#include "ui/tui/hist-browser.h"

/* Lines in all: the rows and the shown nodes of the open trees (resets the line walk). */
size_t hist_browser__nr_lines(struct kp_hist_browser *hb);
/* Open or shut @r's tree.  Returns 0 or -ENOMEM. */
int hist_browser__toggle(struct kp_hist_browser *hb, const struct kp_snap_row *r);
/* The line of the row at @pos (to put the selection back on it). */
size_t hist_browser__line_of(struct kp_hist_browser *hb, size_t pos);

#endif /* KPROF_UI_TUI_HIST_BROWSER_INT_H */
