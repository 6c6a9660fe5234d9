// SPDX-License-Identifier: GPL-2.0
/*
 * perf report's "trace" and dynamic (tracepoint field) sort keys: values are
 * interned per (column, bytes) so that a histogram compares them as pointers;
 * they order and print as perf's: trace output by string, ascending; a field
 * by its raw bytes (memcmp), the greater first, shown as the event prints it
 * (the NAME=VALUE word of the trace output) or, with /raw or without such a
 * word, as libtraceevent prints the field alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include "lib/env.h"
#include "lib/evsel.h"
#include "lib/hist-trace.h"
#include "lib/sample.h"
#include "lib/session.h"
#include "lib/tracing-data.h"

#define VAL_BUCKETS 4096

enum ht_kind { HT_TRACE, HT_FIELD, HT_HIDDEN };

/* One word of a --sort list that is not one of perf's fixed keys. */
struct ht_spec {
	char *str;
	bool trace;
};

struct ht_val {
	struct ht_val *next;
	const void *col; /* the column it belongs to */
	uint64_t hash;
	uint32_t len;
	char *text; /* what the column shows */
	unsigned char data[]; /* trace: the output, NUL-terminated; field: its bytes */
};

/* One column of one event's histogram. */
struct ht_col {
	struct kp_hist_ext ext; /* ext.arg: this column */
	struct kp_hist_trace *ht;
	enum ht_kind kind;
	struct tep_event *event; /* NULL: not a tracepoint (trace shows N/A) */
	struct tep_format_field *field;
	bool raw;
};

struct ht_evsel {
	struct ht_col cols[KP_HIST_MAX_EXT];
	int nr_cols;
};

struct kp_hist_trace {
	struct ht_spec specs[KP_HIST_MAX_EXT];
	int nr_specs;
	bool resolved;
	struct tep_handle *tep;
	struct ht_evsel **evsels; /* by kp_evsel->idx */
	int nr_evsels;
	struct ht_val **vals; /* VAL_BUCKETS */
	struct trace_seq seq;
	bool seq_init;
	char err[256];
};

int kp_hist_trace__parse(struct kp_hist_trace **htp, const char *sort, enum kp_sort_key *keys,
			 int max_keys)
{
	struct kp_hist_trace *ht = NULL;
	int n = 0;

	*htp = NULL;
	if (!sort)
		return -EINVAL;
	for (sort += strspn(sort, ", "); *sort; sort += strspn(sort, ", ")) {
		size_t len = strcspn(sort, ", ");
		char word[128];
		enum kp_sort_key k;

		if (len >= sizeof(word) || n >= max_keys)
			goto out_inval;
		memcpy(word, sort, len);
		word[len] = '\0';
		sort += len;
		if (kp_sort_keys__parse(word, &k, 1) == 1) {
			for (int i = 0; i < n; i++)
				if (keys[i] == k)
					goto out_inval;
			keys[n++] = k;
			continue;
		}
		/* perf's field names: letters, digits, _ ; events: sys:name, %N; options /raw */
		if (strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "0123456789_:.%/*") != len)
			goto out_inval;
		if (!ht) {
			ht = calloc(1, sizeof(*ht));
			if (!ht)
				return -ENOMEM;
		}
		if (ht->nr_specs >= KP_HIST_MAX_EXT)
			goto out_inval;
		ht->specs[ht->nr_specs].str = strdup(word);
		if (!ht->specs[ht->nr_specs].str) {
			kp_hist_trace__delete(ht);
			return -ENOMEM;
		}
		ht->specs[ht->nr_specs].trace = len >= 4 && !strncasecmp(word, "trace", len);
		keys[n++] = KP_SORT_EXT0 + ht->nr_specs++;
	}
	if (!n)
		goto out_inval;
	*htp = ht;
	return n;

out_inval:
	kp_hist_trace__delete(ht);
	return -EINVAL;
}

void kp_hist_trace__delete(struct kp_hist_trace *ht)
{
	if (!ht)
		return;
	for (int i = 0; i < ht->nr_specs; i++)
		free(ht->specs[i].str);
	for (int i = 0; i < ht->nr_evsels; i++)
		free(ht->evsels[i]);
	free(ht->evsels);
	if (ht->vals) {
		for (int i = 0; i < VAL_BUCKETS; i++) {
			while (ht->vals[i]) {
				struct ht_val *v = ht->vals[i];

				ht->vals[i] = v->next;
				if (v->text != (char *)v->data)
					free(v->text);
				free(v);
			}
		}
		free(ht->vals);
	}
	if (ht->seq_init)
		trace_seq_destroy(&ht->seq);
	if (ht->tep)
		tep_free(ht->tep);
	free(ht);
}

const char *kp_hist_trace__strerror(const struct kp_hist_trace *ht)
{
	return ht && ht->err[0] ? ht->err : NULL;
}

static struct tep_event *ht__event(const struct kp_hist_trace *ht, const struct kp_evsel *evsel)
{
	if (!ht->tep || evsel->attr.type != PERF_TYPE_TRACEPOINT)
		return NULL;
	return tep_find_event(ht->tep, (int)evsel->attr.config);
}

/* perf's find_evsel: %N, the full "sys:name", or the one name containing @name. */
static struct kp_evsel *ht__find_evsel(struct kp_session *session, const char *name)
{
	int nr = kp_session__nr_evsels(session);
	struct kp_evsel *found = NULL;

	if (name[0] == '%') {
		int i = atoi(name + 1);

		return i >= 1 && i <= nr ? kp_session__evsel(session, i - 1) : NULL;
	}
	for (int i = 0; i < nr; i++) {
		struct kp_evsel *evsel = kp_session__evsel(session, i);

		if (!evsel || !evsel->name)
			continue;
		if (strchr(name, ':')) {
			if (!strcmp(evsel->name, name))
				return evsel;
		} else if (strstr(evsel->name, name)) {
			if (found)
				return NULL; /* ambiguous */
			found = evsel;
		}
	}
	return found;
}

static int ht__col_cmp(const void *a, const void *b, void *arg);
static const char *ht__col_text(const void *v, void *arg);

static int ht__add_col(struct kp_hist_trace *ht, struct ht_evsel *he, enum ht_kind kind,
		       struct tep_event *event, struct tep_format_field *field, bool raw)
{
	struct ht_col *c;

	if (he->nr_cols >= KP_HIST_MAX_EXT) {
		snprintf(ht->err, sizeof(ht->err), "too many --sort keys (at most %d fields)",
			 KP_HIST_MAX_EXT);
		return -EINVAL;
	}
	c = &he->cols[he->nr_cols++];
	c->ht = ht;
	c->kind = kind;
	c->event = event;
	c->field = field;
	c->raw = raw;
	c->ext.cmp = ht__col_cmp;
	c->ext.text = ht__col_text;
	c->ext.arg = c;
	if (kind == HT_HIDDEN) {
		c->ext.header = "";
		c->ext.hidden = true;
	} else if (kind == HT_TRACE) {
		c->ext.header = "Trace output";
		c->ext.name = "trace";
		c->ext.no_pad = true;
	} else {
		/* perf's width: the name, a string field's size, else 0x and two digits a byte */
		c->ext.header = field->name;
		c->ext.right = true;
		c->ext.min_width = field->flags & TEP_FIELD_IS_STRING ? (unsigned int)field->size :
									(unsigned int)field->size * 2 + 2;
	}
	return 0;
}

/* The columns of spec @s for @evsel (@event: its format, NULL if none); -ENOENT: none anywhere. */
static int ht__spec_cols(struct kp_hist_trace *ht, struct kp_session *session, int s,
			 struct kp_evsel *evsel, struct ht_evsel *he, int *matched)
{
	char str[128], *field_name, *opt, *event_name = NULL;
	struct tep_event *event = ht__event(ht, evsel);
	struct tep_format_field *f;
	bool raw = false;

	if (ht->specs[s].trace)
		return ht__add_col(ht, he, HT_TRACE, event, NULL, false);
	snprintf(str, sizeof(str), "%s", ht->specs[s].str);
	field_name = strchr(str, '.');
	if (field_name) {
		*field_name++ = '\0';
		event_name = str;
	} else {
		field_name = str;
	}
	opt = strchr(field_name, '/');
	if (opt) {
		*opt++ = '\0';
		if (strcmp(opt, "raw")) {
			snprintf(ht->err, sizeof(ht->err), "unknown field option '%s' in --sort key '%s'",
				 opt, ht->specs[s].str);
			return -EINVAL;
		}
		raw = true;
	}
	if (event_name) {
		struct kp_evsel *want = ht__find_evsel(session, event_name);

		if (!want || !ht__event(ht, want)) {
			snprintf(ht->err, sizeof(ht->err),
				 "--sort key '%s': no tracepoint event '%s' in the file",
				 ht->specs[s].str, event_name);
			return -ENOENT;
		}
		if (want != evsel)
			return 0;
	}
	if (!event)
		return 0;
	if (!strcmp(field_name, "trace_fields") || (event_name && !strcmp(field_name, "*"))) {
		for (f = event->format.fields; f; f = f->next) {
			int err = ht__add_col(ht, he, HT_FIELD, event, f, raw);

			if (err)
				return err;
		}
		(*matched)++;
		return 0;
	}
	f = tep_find_any_field(event, field_name);
	if (!f) {
		if (event_name) {
			snprintf(ht->err, sizeof(ht->err), "--sort key '%s': event '%s' has no field '%s'",
				 ht->specs[s].str, evsel->name, field_name);
			return -ENOENT;
		}
		return 0;
	}
	(*matched)++;
	return ht__add_col(ht, he, HT_FIELD, event, f, raw);
}

/* Read the tracing data and check that every key names a field of some event. */
static int ht__resolve(struct kp_hist_trace *ht, struct kp_session *session)
{
	const struct kp_env *env = kp_session__env(session);
	int nr = kp_session__nr_evsels(session);
	int err;

	ht->resolved = true;
	ht->vals = calloc(VAL_BUCKETS, sizeof(*ht->vals));
	ht->evsels = calloc(nr ? nr : 1, sizeof(*ht->evsels));
	if (!ht->vals || !ht->evsels)
		return -ENOMEM;
	ht->nr_evsels = nr;
	trace_seq_init(&ht->seq);
	ht->seq_init = true;
	if (env->tracing_data && env->tracing_data_size) {
		err = kp_tracing_data__parse(env->tracing_data, env->tracing_data_size, &ht->tep);
		if (err) {
			snprintf(ht->err, sizeof(ht->err), "cannot read the tracing data: %s",
				 strerror(-err));
			return err;
		}
	}
	for (int s = 0; s < ht->nr_specs; s++) {
		int matched = 0;

		if (ht->specs[s].trace)
			continue;
		for (int i = 0; i < nr; i++) {
			struct kp_evsel *evsel = kp_session__evsel(session, i);
			struct ht_evsel scratch = { .nr_cols = 0 };

			if (!evsel)
				continue;
			err = ht__spec_cols(ht, session, s, evsel, &scratch, &matched);
			if (err)
				return err;
		}
		if (!matched) {
			snprintf(ht->err, sizeof(ht->err),
				 "unknown --sort key '%s' (not a sort key, nor a field of a "
				 "tracepoint event in the file)", ht->specs[s].str);
			return -ENOENT;
		}
	}
	return 0;
}

int kp_hist_trace__hist_new(struct kp_hist_trace *ht, struct kp_session *session,
			    struct kp_evsel *evsel, struct kp_hist **hist,
			    const enum kp_sort_key *keys, int nr_keys)
{
	enum kp_sort_key own[KP_HIST_MAX_KEYS];
	struct ht_evsel *he;
	int n = 0, err, matched = 0;

	if (!ht)
		return kp_hist__new(hist, keys, nr_keys);
	if (!ht->resolved && (err = ht__resolve(ht, session)))
		return err;
	if (evsel->idx < 0 || evsel->idx >= ht->nr_evsels)
		return -EINVAL;
	he = ht->evsels[evsel->idx];
	if (!he) {
		he = calloc(1, sizeof(*he));
		if (!he)
			return -ENOMEM;
		ht->evsels[evsel->idx] = he;
	}
	he->nr_cols = 0;
	for (int i = 0; i < nr_keys; i++) {
		int first = he->nr_cols;

		if (keys[i] < KP_SORT_EXT0) {
			if (n >= KP_HIST_MAX_KEYS)
				goto out_many;
			own[n++] = keys[i];
			continue;
		}
		err = ht__spec_cols(ht, session, keys[i] - KP_SORT_EXT0, evsel, he, &matched);
		if (!err && he->nr_cols == first) /* not this event's: perf skips its column */
			err = ht__add_col(ht, he, HT_HIDDEN, NULL, NULL, false);
		if (err)
			return err;
		for (int c = first; c < he->nr_cols; c++) {
			if (n >= KP_HIST_MAX_KEYS)
				goto out_many;
			own[n++] = KP_SORT_EXT0 + c;
		}
	}
	err = kp_hist__new(hist, own, n);
	if (err)
		return err;
	for (int c = 0; c < he->nr_cols; c++)
		kp_hist__set_ext(*hist, c, &he->cols[c].ext);
	return 0;

out_many:
	snprintf(ht->err, sizeof(ht->err), "too many --sort keys (at most %d)", KP_HIST_MAX_KEYS);
	return -EINVAL;
}

static uint64_t ht__hash(const void *col, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull ^ (uintptr_t)col;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* The trace output of @sample (in ht->seq). */
static const char *ht__trace_output(struct kp_hist_trace *ht, const struct ht_col *c,
				    const struct kp_sample *sample)
{
	struct tep_record rec = {
		.data = (void *)sample->raw_data,
		.size = sample->raw_size,
		.cpu = sample->cpu,
		.ts = sample->time,
	};

	trace_seq_reset(&ht->seq);
	tep_print_event(ht->tep, &ht->seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&ht->seq);
	(void)c;
	return ht->seq.buffer;
}

static bool ht__printable(const unsigned char *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && p[i]; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n')
			return false;
	return len > 0 && i < len;
}

/*
 * One field alone, as perf 6.1 prints it (its own copy of libtraceevent, which
 * differs from Debian's 1.7 here): pointers and longs in hex with 0x, other
 * numbers in decimal by size, strings as text, other arrays as ARRAY[xx, ...].
 */
static void ht__print_field(struct trace_seq *s, struct tep_format_field *f,
			    const struct kp_sample *sample)
{
	const unsigned char *data = sample->raw_data;
	unsigned int offset = f->offset, len = f->size;
	unsigned long long val;

	if (f->flags & TEP_FIELD_IS_ARRAY) {
		if (f->flags & TEP_FIELD_IS_DYNAMIC) {
			if (tep_read_number_field(f, data, &val))
				return;
			offset = val & 0xffff;
			len = (val >> 16) & 0xffff;
			if (f->flags & TEP_FIELD_IS_RELATIVE)
				offset += f->offset + f->size;
		}
		if ((uint64_t)offset + len > sample->raw_size)
			return;
		if (f->flags & TEP_FIELD_IS_STRING && ht__printable(data + offset, len)) {
			trace_seq_printf(s, "%s", (const char *)data + offset);
			return;
		}
		trace_seq_puts(s, "ARRAY[");
		for (unsigned int i = 0; i < len; i++)
			trace_seq_printf(s, i ? ", %02x" : "%02x", data[offset + i]);
		trace_seq_putc(s, ']');
		return;
	}
	if ((uint64_t)offset + len > sample->raw_size || tep_read_number_field(f, data, &val))
		return;
	if (f->flags & TEP_FIELD_IS_POINTER)
		trace_seq_printf(s, "0x%llx", val);
	else if (f->flags & TEP_FIELD_IS_SIGNED && len == 4)
		trace_seq_printf(s, f->flags & TEP_FIELD_IS_LONG ? "0x%x" : "%d", (int)val);
	else if (f->flags & TEP_FIELD_IS_SIGNED && len == 2)
		trace_seq_printf(s, "%2d", (short)val);
	else if (f->flags & TEP_FIELD_IS_SIGNED && len == 1)
		trace_seq_printf(s, "%1d", (signed char)val);
	else if (f->flags & TEP_FIELD_IS_SIGNED)
		trace_seq_printf(s, "%lld", val);
	else
		trace_seq_printf(s, f->flags & TEP_FIELD_IS_LONG ? "0x%llx" : "%llu", val);
}

/* A field's text: its NAME=VALUE word of the trace output (perf's), else the field printed alone. */
static char *ht__field_text(struct kp_hist_trace *ht, const struct ht_col *c,
			    const struct kp_sample *sample)
{
	size_t namelen = strlen(c->field->name);
	const char *str;
	char *text;

	if (!c->raw) {
		for (str = ht__trace_output(ht, c, sample); str && *str;) {
			const char *end = strchrnul(str, ' ');

			if (!strncmp(str, c->field->name, namelen)) {
				str += namelen + 1;
				return strndup(str, end > str ? end - str : 0);
			}
			str = *end ? end + 1 : NULL;
		}
	}
	trace_seq_reset(&ht->seq);
	ht__print_field(&ht->seq, c->field, sample);
	trace_seq_terminate(&ht->seq);
	text = strdup(ht->seq.buffer ? ht->seq.buffer : "");
	return text;
}

/* The bytes a field key compares (perf: the field, or a dynamic array's data). */
static int ht__field_bytes(const struct ht_col *c, const struct kp_sample *sample,
			   const void **data, uint32_t *len)
{
	struct tep_format_field *f = c->field;
	unsigned int offset = f->offset, size = f->size;

	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		unsigned long long dyn;

		if (tep_read_number_field(f, sample->raw_data, &dyn))
			return -EINVAL;
		offset = dyn & 0xffff;
		size = (dyn >> 16) & 0xffff;
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			offset += f->offset + f->size;
	}
	if ((uint64_t)offset + size > sample->raw_size)
		return -EINVAL;
	*data = (const unsigned char *)sample->raw_data + offset;
	*len = size;
	return 0;
}

static const void *ht__value(struct kp_hist_trace *ht, struct ht_col *c,
			     const struct kp_sample *sample, int *err)
{
	const void *data;
	uint32_t len;
	struct ht_val *v, **slot;
	uint64_t h;

	*err = 0;
	if (!c->event || !sample->raw_data || !sample->raw_size)
		return NULL;
	if (c->kind == HT_TRACE) {
		data = ht__trace_output(ht, c, sample);
		if (!data)
			return NULL;
		len = strlen(data) + 1;
	} else if (ht__field_bytes(c, sample, &data, &len)) {
		return NULL;
	}
	h = ht__hash(c, data, len);
	slot = &ht->vals[h & (VAL_BUCKETS - 1)];
	for (v = *slot; v; v = v->next)
		if (v->hash == h && v->col == c && v->len == len && !memcmp(v->data, data, len))
			return v;
	v = malloc(sizeof(*v) + len);
	if (!v) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(v->data, data, len);
	v->col = c;
	v->hash = h;
	v->len = len;
	v->text = c->kind == HT_TRACE ? (char *)v->data : ht__field_text(ht, c, sample);
	if (!v->text) {
		free(v);
		*err = -ENOMEM;
		return NULL;
	}
	v->next = *slot;
	*slot = v;
	return v;
}

int kp_hist_trace__key(struct kp_hist_trace *ht, struct kp_evsel *evsel,
		       const struct kp_sample *sample, struct kp_hist_key *key)
{
	struct ht_evsel *he;
	int err;

	memset(key->ext, 0, sizeof(key->ext));
	if (!ht || evsel->idx < 0 || evsel->idx >= ht->nr_evsels || !ht->evsels[evsel->idx])
		return 0;
	he = ht->evsels[evsel->idx];
	for (int c = 0; c < he->nr_cols; c++) {
		key->ext[c] = ht__value(ht, &he->cols[c], sample, &err);
		if (err)
			return err;
	}
	return 0;
}

static int ht__col_cmp(const void *a, const void *b, void *arg)
{
	const struct ht_col *c = arg;
	const struct ht_val *va = a, *vb = b;
	int r;

	if (!va || !vb)
		return va ? -1 : vb ? 1 : 0;
	if (c->kind == HT_TRACE)
		return strcmp((const char *)va->data, (const char *)vb->data);
	/* perf: memcmp of the bytes, the greater row first */
	r = memcmp(va->data, vb->data, va->len < vb->len ? va->len : vb->len);
	if (!r && va->len != vb->len)
		r = va->len > vb->len ? 1 : -1;
	return -r;
}

static const char *ht__col_text(const void *v, void *arg)
{
	(void)arg;
	return v ? ((const struct ht_val *)v)->text : "N/A";
}
