// SPDX-License-Identifier: GPL-2.0
/*
 * The perf report --stdio table.  Widths follow perf: each sort column is as
 * wide as its header or its widest value (an unresolved symbol counts as
 * "[x] 0x" plus 16 digits and widens the dso column to 16), every column is
 * padded except the last symbol, columns are separated by two spaces.
 */
#include <inttypes.h>
#include <string.h>

#include "lib/machine.h"
#include "ui/stdio/hist.h"

#define UNRESOLVED_WIDTH 16 /* hex digits of an address */

struct hist_cols {
	unsigned int width[KP_SORT__NR];
};

static const char *const col_header[KP_SORT__NR] = {
	[KP_SORT_COMM] = "Command",	   [KP_SORT_PID] = "    Pid:Command",
	[KP_SORT_TID] = "    Tid:Command", [KP_SORT_DSO] = "Shared Object",
	[KP_SORT_SYM] = "Symbol",	   [KP_SORT_CPU] = "CPU",
};

static inline unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

/* The entry's thread's comm now, at the end: what perf's pid column shows and sizes by. */
static const char *entry_thread_comm(const struct kp_hist_entry *e)
{
	if (e->key.thread)
		return kp_thread__comm(e->key.thread);
	return e->key.comm ? e->key.comm : "";
}

/* A caller-defined key's column: as wide as its header, its minimum or its widest text. */
static unsigned int ext_width(const struct kp_hist *hist, enum kp_sort_key k)
{
	const struct kp_hist_ext *ext = kp_hist__ext(hist, k);
	size_t n = kp_hist__nr_entries(hist);
	unsigned int w;

	if (!ext)
		return 0;
	w = max_u(strlen(ext->header), ext->min_width);
	for (size_t i = 0; i < n; i++)
		w = max_u(w, strlen(ext->text(kp_hist__entry(hist, i)->key.ext[k - KP_SORT_EXT0],
					      ext->arg)));
	return w;
}

static void hist_cols__calc(struct hist_cols *c, const struct kp_hist *hist)
{
	unsigned int comm = 0, dso = 0, sym = 0;
	size_t n = kp_hist__nr_entries(hist);

	for (size_t i = 0; i < n; i++) {
		const struct kp_hist_entry *e = kp_hist__entry(hist, i);

		comm = max_u(comm, strlen(entry_thread_comm(e)));
		if (e->key.sym) {
			sym = max_u(sym, strlen(e->key.sym_name) + 4);
		} else {
			sym = max_u(sym, UNRESOLVED_WIDTH + 4 + 2);
			dso = max_u(dso, UNRESOLVED_WIDTH);
		}
		if (e->key.dso)
			dso = max_u(dso, strlen(e->key.dso_name));
	}
	for (int k = 0; k < KP_SORT_EXT0; k++)
		c->width[k] = strlen(col_header[k]);
	for (int k = KP_SORT_EXT0; k < KP_SORT__NR; k++)
		c->width[k] = ext_width(hist, k);
	c->width[KP_SORT_COMM] = max_u(c->width[KP_SORT_COMM], comm);
	if (comm) {
		c->width[KP_SORT_PID] = max_u(c->width[KP_SORT_PID], comm + 8);
		c->width[KP_SORT_TID] = max_u(c->width[KP_SORT_TID], comm + 8);
	}
	c->width[KP_SORT_DSO] = max_u(c->width[KP_SORT_DSO], dso);
	c->width[KP_SORT_SYM] = max_u(c->width[KP_SORT_SYM], sym);
}

const char *kp_stdio__nr_unit(uint64_t n, char *buf, size_t size)
{
	static const char units[] = " KMG";
	int u = 0;

	while (n > 1000 && u < 3) {
		n /= 1000;
		u++;
	}
	snprintf(buf, size, "%" PRIu64 "%c", n, units[u]);
	return buf;
}

static void print_headers(FILE *fp, const struct kp_hist *hist, const struct hist_cols *c,
			  const struct kp_stdio_hist_opts *opts)
{
	int nr = kp_hist__nr_keys(hist);

	if (opts->children)
		fprintf(fp, "# %8s  %8s", "Children", "Self");
	else
		fprintf(fp, "# %8s", "Overhead");
	if (opts->show_nr_samples)
		fprintf(fp, "  %12s", "Samples");
	for (int i = 0; i < nr; i++) {
		enum kp_sort_key k = kp_hist__key(hist, i);

		const struct kp_hist_ext *ext = kp_hist__ext(hist, k);

		if (ext && ext->hidden)
			continue;
		if (ext)
			fprintf(fp, ext->right ? "  %*.*s" : "  %-*.*s", c->width[k], c->width[k],
				ext->header);
		else
			fprintf(fp, "  %-*.*s", c->width[k], c->width[k], col_header[k]);
	}
	fprintf(fp, opts->children ? "\n# ........  ........" : "\n# ........");
	if (opts->show_nr_samples)
		fprintf(fp, "  ............");
	for (int i = 0; i < nr; i++) {
		enum kp_sort_key k = kp_hist__key(hist, i);

		if (kp_hist__ext(hist, k) && kp_hist__ext(hist, k)->hidden)
			continue;
		fputs("  ", fp);
		for (unsigned int j = 0; j < c->width[k]; j++)
			fputc('.', fp);
	}
	fprintf(fp, "\n#\n");
}

static void print_sym(FILE *fp, const struct kp_hist_entry *e, unsigned int width, bool last)
{
	int n;

	if (e->key.sym)
		n = fprintf(fp, "[%c] %.*s", e->key.level ? e->key.level : '.',
			    width > 4 ? (int)width - 4 : 0, e->key.sym_name);
	else
		n = fprintf(fp, "[%c] %#.*" PRIx64, e->key.level ? e->key.level : '.',
			    UNRESOLVED_WIDTH, e->key.addr);
	if (!last && n >= 0 && (unsigned int)n < width)
		fprintf(fp, "%*s", width - n, "");
}

static void print_entry(FILE *fp, const struct kp_hist *hist, const struct kp_hist_entry *e,
			const struct hist_cols *c, const struct kp_stdio_hist_opts *opts)
{
	uint64_t total = kp_hist__total_period(hist);
	double pct = total ? 100.0 * e->period / total : 0.0;
	int nr = kp_hist__nr_keys(hist);

	if (opts->children)
		fprintf(fp, "   %6.2f%%", total ? 100.0 * e->children / total : 0.0);
	fprintf(fp, "   %6.2f%%", pct);
	if (opts->show_nr_samples)
		fprintf(fp, "  %12" PRIu64, e->nr_samples);
	for (int i = 0; i < nr; i++) {
		enum kp_sort_key k = kp_hist__key(hist, i);
		int w = c->width[k];

		if (kp_hist__ext(hist, k) && kp_hist__ext(hist, k)->hidden)
			continue;
		fputs("  ", fp);
		switch (k) {
		case KP_SORT_COMM:
			fprintf(fp, "%-*.*s", w, w, e->key.comm ? e->key.comm : "");
			break;
		case KP_SORT_PID:
		case KP_SORT_TID:
			w = w > 8 ? w - 8 : 0;
			fprintf(fp, "%7d:%-*.*s", e->key.tid, w, w, entry_thread_comm(e));
			break;
		case KP_SORT_DSO:
			fprintf(fp, "%-*.*s", w, w, e->key.dso ? e->key.dso_name : "[unknown]");
			break;
		case KP_SORT_SYM:
			print_sym(fp, e, w, i == nr - 1);
			break;
		case KP_SORT_CPU:
			fprintf(fp, "%*.*d", w, w, e->key.cpu);
			break;
		default:
			if (kp_hist__ext(hist, k)) {
				const struct kp_hist_ext *ext = kp_hist__ext(hist, k);

				const char *text = ext->text(e->key.ext[k - KP_SORT_EXT0], ext->arg);

				if (ext->no_pad && i == nr - 1)
					fprintf(fp, "%-.*s", w, text);
				else
					fprintf(fp, ext->right ? "%*.*s" : "%-*.*s", w, w, text);
			}
			break;
		}
	}
	fputc('\n', fp);
}

void kp_stdio_hist__fprintf(FILE *fp, const struct kp_hist *hist,
			    const struct kp_stdio_hist_opts *opts)
{
	struct hist_cols c;
	size_t n = kp_hist__nr_entries(hist);

	hist_cols__calc(&c, hist);
	if (!opts->quiet)
		print_headers(fp, hist, &c, opts);
	for (size_t i = 0; i < n; i++) {
		const struct kp_hist_entry *e = kp_hist__entry(hist, i);
		uint64_t total = kp_hist__total_period(hist);
		uint64_t p = opts->children ? e->children : e->period;

		if (opts->percent_limit > 0 && total && 100.0 * p / total < opts->percent_limit)
			continue;
		print_entry(fp, hist, e, &c, opts);
		if (opts->after_entry)
			opts->after_entry(fp, hist, e, opts->after_entry_arg);
	}
}

void kp_stdio_report__begin(FILE *fp, uint64_t lost_samples, bool show_header_hint,
			    const struct kp_stdio_hist_opts *opts)
{
	if (opts->quiet)
		return;
	if (show_header_hint)
		fprintf(fp, "# To display the perf.data header info, please use "
			    "--header/--header-only options.\n#\n");
	fprintf(fp, "#\n# Total Lost Samples: %" PRIu64 "\n#\n", lost_samples);
}

void kp_stdio_report__event(FILE *fp, const char *name, const struct kp_hist *hist,
			    const struct kp_stdio_hist_opts *opts)
{
	char nr[32];

	if (!opts->quiet) {
		fprintf(fp, "# Samples: %s of event '%s'\n",
			kp_stdio__nr_unit(kp_hist__nr_samples(hist), nr, sizeof(nr)), name);
		fprintf(fp, "# Event count (approx.): %" PRIu64 "\n#\n",
			kp_hist__total_period(hist));
	}
	kp_stdio_hist__fprintf(fp, hist, opts);
	fprintf(fp, "\n\n");
}

void kp_stdio_report__end(FILE *fp, const struct kp_stdio_hist_opts *opts)
{
	if (!opts->quiet)
		fprintf(fp,
			"#\n# (Tip: 'kprof report --json' gives the same rows to scripts)\n#\n");
}
