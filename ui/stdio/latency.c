// SPDX-License-Identifier: GPL-2.0
/* Latency tables and BCC-style log2 histograms. */
#include <inttypes.h>
#include <string.h>

#include "ui/stdio/latency.h"

#define STARS_MAX 40

/* BCC's _stars(): floor(width * val / max) stars. */
static void print_stars(FILE *fp, uint64_t val, uint64_t max, int width)
{
	int n = 0;

	if (max)
		n = (int)((double)width * val / max);
	if (n > width)
		n = width;
	fputc('|', fp);
	for (int i = 0; i < width; i++)
		fputc(i < n ? '*' : ' ', fp);
	fputs("|\n", fp);
}

/*
 * BCC's print_log2_hist(): slots 1..last non-empty, slot i holding
 * [2^(i-1), 2^i - 1] ("0 -> 1" for slot 1).  BCC never prints slot 0 (a
 * duration of 0); here it is counted in the "0 -> 1" line, so the lines sum to
 * the count.
 */
void kp_stdio_latency__fprintf_hist(FILE *fp, const uint64_t *slots, const char *unit)
{
	uint64_t vals[KP_LATENCY_SLOTS], max = 0;
	int last = -1, stars = STARS_MAX;
	bool wide;

	memcpy(vals, slots, sizeof(vals));
	vals[1] += vals[0];
	vals[0] = 0;
	for (int i = 0; i < KP_LATENCY_SLOTS; i++) {
		if (vals[i])
			last = i;
		if (vals[i] > max)
			max = vals[i];
	}
	if (last <= 0)
		return;
	wide = last > 32;
	if (wide) {
		stars /= 2;
		fprintf(fp, "               %-29s : count     distribution\n", unit);
	} else {
		fprintf(fp, "     %-19s : count     distribution\n", unit);
	}
	for (int i = 1; i <= last; i++) {
		uint64_t low = (uint64_t)1 << (i - 1), high = i == 64 ? UINT64_MAX :
								    ((uint64_t)1 << i) - 1;

		if (low == high)
			low--;
		if (wide)
			fprintf(fp, "%20" PRIu64 " -> %-20" PRIu64 " : %-8" PRIu64 " ", low, high,
				vals[i]);
		else
			fprintf(fp, "%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64 " ", low, high,
				vals[i]);
		print_stars(fp, vals[i], max, stars);
	}
}

void kp_stdio_latency__fprintf(FILE *fp, const struct kp_latency *lat)
{
	size_t nr = kp_latency__nr_funcs(lat);

	fprintf(fp, "# Function latency (nsecs): entry and return hits paired per thread\n#\n");
	fprintf(fp, "# %8s %8s %12s %12s %12s %12s %12s %12s  %s\n", "count", "missed", "min", "mean",
		"p50", "p90", "p99", "max", "function");
	for (size_t i = 0; i < nr; i++) {
		const struct kp_latency_func *f = kp_latency__func(lat, i);

		fprintf(fp, "  %8" PRIu64 " %8" PRIu64 " %12" PRIu64 " %12.0f %12" PRIu64 " %12" PRIu64
			" %12" PRIu64 " %12" PRIu64 "  %s\n",
			f->count, kp_latency_func__missed(f), f->count ? f->min : 0,
			kp_latency_func__mean(f), kp_latency_func__percentile(f, 50),
			kp_latency_func__percentile(f, 90), kp_latency_func__percentile(f, 99),
			f->max, f->name);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct kp_latency_func *f = kp_latency__func(lat, i);

		fprintf(fp, "\nFunction = %s\n", f->name);
		if (!f->count) {
			fprintf(fp, "     no paired calls (%" PRIu64 " entries, %" PRIu64 " returns)\n",
				f->entries, f->returns);
			continue;
		}
		kp_stdio_latency__fprintf_hist(fp, f->slots, "nsecs");
		if (kp_latency_func__missed(f))
			fprintf(fp, "missed: %" PRIu64 " entries without return, %" PRIu64
				" returns without entry\n",
				f->missed_entries, f->missed_returns);
	}
}
