// SPDX-License-Identifier: GPL-2.0
/* A streaming JSON writer and report's JSON document. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/machine.h"
#include "ui/json.h"

void kp_json__init(struct kp_json *j, FILE *fp, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
	j->pretty = pretty;
}

/* Length of a valid UTF-8 sequence at @s, 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
	int n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void kp_json__write_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', fp);
	while (*s) {
		int n;

		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(fp, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", fp);
				break;
			}
			fwrite(s, 1, n, fp);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', fp);
}

static void json__member(struct kp_json *j, const char *key)
{
	if (j->depth > 0 && j->depth <= KP_JSON_MAX_DEPTH) {
		if (j->need_comma[j->depth - 1])
			fputc(',', j->fp);
		j->need_comma[j->depth - 1] = true;
	}
	if (j->pretty && j->depth > 0)
		fprintf(j->fp, "\n%*s", 2 * j->depth, "");
	if (key) {
		kp_json__write_string(j->fp, key);
		fputs(j->pretty ? ": " : ":", j->fp);
	}
}

static void json__open(struct kp_json *j, const char *key, char c)
{
	json__member(j, key);
	fputc(c, j->fp);
	if (j->depth < KP_JSON_MAX_DEPTH)
		j->need_comma[j->depth] = false;
	j->depth++;
}

static void json__close(struct kp_json *j, char c)
{
	bool had_members = j->depth <= KP_JSON_MAX_DEPTH && j->need_comma[j->depth - 1];

	j->depth--;
	if (j->pretty && had_members)
		fprintf(j->fp, "\n%*s", 2 * j->depth, "");
	fputc(c, j->fp);
	if (!j->depth)
		fputc('\n', j->fp);
}

void kp_json__begin_object(struct kp_json *j, const char *key)
{
	json__open(j, key, '{');
}

void kp_json__end_object(struct kp_json *j)
{
	json__close(j, '}');
}

void kp_json__begin_array(struct kp_json *j, const char *key)
{
	json__open(j, key, '[');
}

void kp_json__end_array(struct kp_json *j)
{
	json__close(j, ']');
}

void kp_json__string(struct kp_json *j, const char *key, const char *val)
{
	json__member(j, key);
	if (val)
		kp_json__write_string(j->fp, val);
	else
		fputs("null", j->fp);
}

void kp_json__u64(struct kp_json *j, const char *key, uint64_t val)
{
	json__member(j, key);
	fprintf(j->fp, "%" PRIu64, val);
}

void kp_json__i64(struct kp_json *j, const char *key, int64_t val)
{
	json__member(j, key);
	fprintf(j->fp, "%" PRId64, val);
}

void kp_json__double(struct kp_json *j, const char *key, double val)
{
	json__member(j, key);
	if (isfinite(val))
		fprintf(j->fp, "%.4f", val);
	else
		fputs("null", j->fp);
}

void kp_json__bool(struct kp_json *j, const char *key, bool val)
{
	json__member(j, key);
	fputs(val ? "true" : "false", j->fp);
}

void kp_json_report__begin(struct kp_json *j)
{
	kp_json__begin_object(j, NULL);
	kp_json__begin_array(j, "events");
}

void kp_json_report__end(struct kp_json *j)
{
	kp_json_report__end_with(j, NULL, NULL);
}

static void json_report__frame(struct kp_json *j, const struct kp_frame *f)
{
	char buf[32];

	kp_json__begin_object(j, NULL);
	if (f->sym) {
		kp_json__string(j, "sym", f->sym->name);
	} else {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, f->ip);
		kp_json__string(j, "sym", buf);
	}
	kp_json__string(j, "dso", f->dso ? kp_dso__short_name(f->dso) : "[unknown]");
	snprintf(buf, sizeof(buf), "%c", f->level ? f->level : '.');
	kp_json__string(j, "level", buf);
	kp_json__end_object(j);
}

static int cmp_run(const void *a, const void *b)
{
	const struct kp_profile_sample *x = a, *y = b;

	return x->stack < y->stack ? -1 : x->stack > y->stack;
}

/* One object per distinct stack of each thread, in stack order. */
static void json_report__stacks(struct kp_json *j, const struct kp_profile *p)
{
	kp_json__begin_array(j, "stacks");
	for (size_t t = 0; t < p->nr_threads; t++) {
		const struct kp_profile_thread *th = &p->threads[t];
		struct kp_profile_sample *runs = malloc((th->nr_samples + 1) * sizeof(*runs));

		if (!runs)
			break;
		memcpy(runs, th->samples, th->nr_samples * sizeof(*runs));
		qsort(runs, th->nr_samples, sizeof(*runs), cmp_run);
		for (size_t i = 0; i < th->nr_samples;) {
			const uint32_t *ids = kp_profile__stack_frames(p, runs[i].stack);
			uint64_t count = 0, period = 0;
			size_t k;

			for (k = i; k < th->nr_samples && runs[k].stack == runs[i].stack; k++) {
				count += runs[k].count;
				period += runs[k].period;
			}
			kp_json__begin_object(j, NULL);
			kp_json__string(j, "event", p->events[th->event].name);
			kp_json__string(j, "comm", th->comm);
			kp_json__i64(j, "pid", th->pid);
			kp_json__i64(j, "tid", th->tid);
			kp_json__u64(j, "samples", count);
			kp_json__u64(j, "period", period);
			kp_json__begin_array(j, "frames");
			for (uint32_t f = p->stacks[runs[i].stack].nr; f-- > 0;)
				json_report__frame(j, &p->frames[ids[f]]);
			kp_json__end_array(j);
			kp_json__end_object(j);
			i = k;
		}
		free(runs);
	}
	kp_json__end_array(j);
}

static void json_report__latency(struct kp_json *j, const struct kp_latency *lat)
{
	kp_json__begin_array(j, "latency");
	for (size_t i = 0; i < kp_latency__nr_funcs(lat); i++) {
		const struct kp_latency_func *f = kp_latency__func(lat, i);

		kp_json__begin_object(j, NULL);
		kp_json__string(j, "function", f->name);
		kp_json__u64(j, "count", f->count);
		kp_json__u64(j, "missed_entries", f->missed_entries);
		kp_json__u64(j, "missed_returns", f->missed_returns);
		kp_json__u64(j, "min", f->count ? f->min : 0);
		kp_json__double(j, "mean", kp_latency_func__mean(f));
		kp_json__u64(j, "p50", kp_latency_func__percentile(f, 50));
		kp_json__u64(j, "p90", kp_latency_func__percentile(f, 90));
		kp_json__u64(j, "p99", kp_latency_func__percentile(f, 99));
		kp_json__u64(j, "max", f->max);
		kp_json__begin_array(j, "histogram");
		for (int s = 0; s < KP_LATENCY_SLOTS; s++) {
			if (!f->slots[s])
				continue;
			kp_json__begin_object(j, NULL);
			kp_json__u64(j, "low", s ? (uint64_t)1 << (s - 1) : 0);
			kp_json__u64(j, "high", s == 64 ? UINT64_MAX : s ? ((uint64_t)1 << s) - 1 : 0);
			kp_json__u64(j, "count", f->slots[s]);
			kp_json__end_object(j);
		}
		kp_json__end_array(j);
		kp_json__end_object(j);
	}
	kp_json__end_array(j);
}

void kp_json_report__end_with(struct kp_json *j, const struct kp_profile *profile,
			      const struct kp_latency *lat)
{
	kp_json__end_array(j);
	if (profile)
		json_report__stacks(j, profile);
	if (lat)
		json_report__latency(j, lat);
	kp_json__end_object(j);
}

static void json_report__row(struct kp_json *j, const struct kp_hist *hist,
			     const struct kp_hist_entry *e)
{
	uint64_t total = kp_hist__total_period(hist);
	char addr[32];

	kp_json__begin_object(j, NULL);
	kp_json__double(j, "overhead", total ? 100.0 * e->period / total : 0.0);
	kp_json__u64(j, "samples", e->nr_samples);
	kp_json__u64(j, "period", e->period);
	for (int i = 0; i < kp_hist__nr_keys(hist); i++) {
		switch (kp_hist__key(hist, i)) {
		case KP_SORT_COMM:
			kp_json__string(j, "comm", e->key.comm);
			break;
		case KP_SORT_PID:
		case KP_SORT_TID:
			/* perf's "pid" key is the thread; give both ids and its comm */
			kp_json__i64(j, "pid", e->key.pid);
			kp_json__i64(j, "tid", e->key.tid);
			if (!kp_hist__has_key(hist, KP_SORT_COMM))
				kp_json__string(j, "comm",
						e->key.thread ? kp_thread__comm(e->key.thread) :
								NULL);
			break;
		case KP_SORT_DSO:
			kp_json__string(j, "dso", e->key.dso ? e->key.dso_name : "[unknown]");
			break;
		case KP_SORT_SYM:
			if (e->key.sym) {
				kp_json__string(j, "sym", e->key.sym_name);
			} else {
				snprintf(addr, sizeof(addr), "%#.16" PRIx64, e->key.addr);
				kp_json__string(j, "sym", addr);
			}
			snprintf(addr, sizeof(addr), "%c", e->key.level ? e->key.level : '.');
			kp_json__string(j, "level", addr);
			kp_json__bool(j, "resolved", e->key.sym != NULL);
			break;
		case KP_SORT_CPU:
			kp_json__i64(j, "cpu", e->key.cpu);
			break;
		default: {
			/* report's trace and tracepoint-field keys: "trace", or the field's name */
			const struct kp_hist_ext *ext = kp_hist__ext(hist, kp_hist__key(hist, i));
			const void *v = e->key.ext[kp_hist__key(hist, i) - KP_SORT_EXT0];

			if (ext && !ext->hidden)
				kp_json__string(j, ext->name ? ext->name : ext->header,
						ext->text(v, ext->arg));
			break;
		}
		}
	}
	kp_json__end_object(j);
}

void kp_json_report__event(struct kp_json *j, const char *name, const struct kp_hist *hist,
			   uint64_t lost)
{
	size_t n = kp_hist__nr_entries(hist);

	kp_json__begin_object(j, NULL);
	kp_json__string(j, "name", name);
	kp_json__u64(j, "samples", kp_hist__nr_samples(hist));
	kp_json__u64(j, "period", kp_hist__total_period(hist));
	kp_json__u64(j, "lost", lost);
	kp_json__begin_array(j, "rows");
	for (size_t i = 0; i < n; i++)
		json_report__row(j, hist, kp_hist__entry(hist, i));
	kp_json__end_array(j);
	kp_json__end_object(j);
}
