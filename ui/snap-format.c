// SPDX-License-Identifier: GPL-2.0
/* Lines of a snapshot as text (lib/snapshot.h), for the TUI and top --stdio. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/snap-format.h"

/* 12345 -> "12K" as perf abbreviates counts in headers. */
static const char *snap_fmt__unit(uint64_t n, char *buf, size_t size)
{
	if (n >= 10000000)
		snprintf(buf, size, "%" PRIu64 "M", n / 1000000);
	else if (n >= 10000)
		snprintf(buf, size, "%" PRIu64 "K", n / 1000);
	else
		snprintf(buf, size, "%" PRIu64, n);
	return buf;
}

void kp_snap_fmt__header(char *buf, size_t size, const struct kp_snapshot *snap)
{
	char n[32], rate[32], cpu[32];
	int len;

	if (snap->counting)
		snprintf(rate, sizeof(rate), "counting");
	else if (snap->freq)
		snprintf(rate, sizeof(rate), "%u Hz", snap->freq);
	else
		snprintf(rate, sizeof(rate), "period %" PRIu64, snap->period);
	len = snprintf(buf, size, "%s: %s of %s '%s'", snap->counting ? "Hits" : "Samples",
		       snap_fmt__unit(snap->samples, n, sizeof(n)),
		       snap->counting ? "events" : "event", snap->events[0] ? snap->events : "?");
	if (!snap->live || len < 0 || (size_t)len >= size)
		return;
	if (snap->cpu_pct >= 0)
		snprintf(cpu, sizeof(cpu), "%.1f%%", snap->cpu_pct);
	else
		snprintf(cpu, sizeof(cpu), "-");
	snprintf(buf + len, size - len,
		 ", %s, %.0f %s/s, lost: %" PRIu64 ", throttled: %" PRIu64
		 ", kprof CPU: %s, elapsed: %.1fs",
		 rate, snap->samples_per_sec, snap->counting ? "hits" : "samples", snap->lost, snap->throttled, cpu, snap->elapsed);
}

static int snap_fmt__dso_width(int width)
{
	return width >= 120 ? 24 : width >= 100 ? 20 : 14;
}

void kp_snap_fmt__titles(char *buf, size_t size, const struct kp_snapshot *snap, int width)
{
	int dw = snap_fmt__dso_width(width);

	int len = 0;

	if (snap->has_children)
		len = snprintf(buf, size, "%s%8s ", snap->has_callchains && width ? "  " : "",
			       "Children");
	else if (snap->has_callchains && width)
		len = snprintf(buf, size, "  ");
	if (len < 0 || (size_t)len >= size)
		return;
	if (snap->live)
		snprintf(buf + len, size - len, "%7s %7s %8s %9s %6s  %-*s  %s", "Share", "Hits",
			 "Hits/s", "Total", "Missed", dw, "Shared Object", "Symbol");
	else
		snprintf(buf + len, size - len, "%8s %9s  %-16s %-*s  %s", "Overhead", "Samples",
			 "Command", dw, "Shared Object", "Symbol");
}

void kp_snap_fmt__node(char *buf, size_t size, const struct kp_snapshot *snap,
		       const struct kp_snap_node *node, int width)
{
	double share = snap->chain_total ? 100.0 * node->hits / snap->chain_total : 0;
	int indent = (snap->has_children ? 11 : 2) + 8 + 3 * node->depth;
	char sym[32];

	snprintf(buf, size, "%*s--%.2f%%--%s", indent, "", share,
		 kp_snap_node__sym(node, sym, sizeof(sym)));
	if (width > 0 && (size_t)width < size)
		buf[width] = 0;
}

void kp_snap_fmt__row(char *buf, size_t size, const struct kp_snapshot *snap,
		      const struct kp_snap_row *row, int width)
{
	int dw = snap_fmt__dso_width(width);
	char sym[32], missed[24];
	const char *dso = row->dso ? row->dso : "[unknown]";

	int len = 0;

	if (snap->has_children) {
		len = snprintf(buf, size, "%7.2f%% ", row->children_share);
		if (len < 0 || (size_t)len >= size)
			return;
		buf += len;
		size -= len;
		if (width > 0)
			width = width > len ? width - len : 1;
	}
	if (row->missed >= 0)
		snprintf(missed, sizeof(missed), "%" PRId64, row->missed);
	else
		snprintf(missed, sizeof(missed), "-");
	if (snap->live)
		snprintf(buf, size, "%6.2f%% %7" PRIu64 " %8.1f %9" PRIu64 " %6s  %-*.*s  [%c] %s",
			 row->share, row->hits, row->rate, row->total, missed, dw, dw, dso,
			 row->level ? row->level : '?', kp_snap_row__sym(row, sym, sizeof(sym)));
	else
		snprintf(buf, size, "%7.2f%% %9" PRIu64 "  %-16.16s %-*.*s  [%c] %s", row->share,
			 row->total, row->comm ? row->comm : "", dw, dw, dso,
			 row->level ? row->level : '?', kp_snap_row__sym(row, sym, sizeof(sym)));
	if (width > 0 && (size_t)width < size)
		buf[width] = 0;
}
