// SPDX-License-Identifier: GPL-2.0
/* The probes' hits and misses in the header of `report --stdio`. */
#include <inttypes.h>

#include "lib/feature-misses.h"
#include "ui/stdio/misses.h"

void kp_stdio_misses__fprintf(FILE *fp, const struct kp_misses *m)
{
	char missed[24];
	bool unknown = false;

	if (!m || !m->nr)
		return;
	fprintf(fp, "# Probe hits and misses:\n#\n");
	fprintf(fp, "# %18s %12s  %-14s  %s\n", "hits", "missed", "source", "probe");
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct kp_probe_misses *p = &m->probes[i];

		if (p->missed_known)
			snprintf(missed, sizeof(missed), "%" PRIu64, p->missed);
		else
			snprintf(missed, sizeof(missed), "n/a");
		unknown |= !p->missed_known;
		fprintf(fp, "# %18" PRIu64 " %12s  %-14s  %s\n", p->hits, missed,
			kp_miss_source__name(p->source), p->event);
	}
	if (unknown)
		fprintf(fp, "#\n# n/a: the kernel gives no miss count for the probe (uprobes; PMU "
			    "kprobes before Linux 6.7)\n");
	fprintf(fp, "#\n");
}
