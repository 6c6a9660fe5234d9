// SPDX-License-Identifier: GPL-2.0
/* Entry/return pairing per thread and function, and the latency statistics of the pairs. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/latency.h"
#include "lib/session.h"

/* Entry times pending on one thread, innermost last. */
struct kp_latency_thread {
	uint32_t tid;
	uint64_t *stack;
	size_t depth, alloc;
};

struct latency_hit {
	uint64_t time;
	uint64_t seq;		/* arrival order */
	uint32_t tid;
	uint32_t func;		/* << 1 | is_return */
};

struct kp_latency {
	struct kp_latency_func *funcs;
	size_t nr, alloc;
	size_t last;	/* the function of the last hit (hits come in runs) */
	int *map;	/* per event index: function << 1 | is_return, or -1 */
	int nr_map;
	bool mapped;
	struct latency_hit *deferred;	/* kp_latency__defer() */
	size_t nr_deferred, alloc_deferred;
};

int kp_latency__new(struct kp_latency **lat)
{
	*lat = calloc(1, sizeof(**lat));
	return *lat ? 0 : -ENOMEM;
}

void kp_latency__delete(struct kp_latency *lat)
{
	if (!lat)
		return;
	for (size_t i = 0; i < lat->nr; i++) {
		struct kp_latency_func *f = &lat->funcs[i];

		for (size_t t = 0; t < f->nr_threads; t++)
			free(f->threads[t].stack);
		free(f->threads);
		free(f->calls);
		free(f->sorted);
		free(f->name);
	}
	free(lat->funcs);
	free(lat->map);
	free(lat->deferred);
	free(lat);
}

static bool strip_suffix(const char *name, const char *suffix, size_t *len)
{
	size_t n = strlen(name), s = strlen(suffix);

	if (n <= s || strcmp(name + n - s, suffix))
		return false;
	*len = n - s;
	return true;
}

bool kp_latency__classify(const char *name, char *base, size_t size, bool *is_return)
{
	size_t len = strlen(name);

	*is_return = strip_suffix(name, "__return", &len) || strip_suffix(name, "%return", &len);
	if (len + 1 > size)
		return false;
	memcpy(base, name, len);
	base[len] = 0;
	return true;
}

static struct kp_latency_func *latency__find(struct kp_latency *lat, const char *base)
{
	struct kp_latency_func *f;

	if (lat->last < lat->nr && !strcmp(lat->funcs[lat->last].name, base))
		return &lat->funcs[lat->last];
	for (size_t i = 0; i < lat->nr; i++) {
		if (!strcmp(lat->funcs[i].name, base)) {
			lat->last = i;
			return &lat->funcs[i];
		}
	}
	if (lat->nr == lat->alloc) {
		size_t n = lat->alloc ? 2 * lat->alloc : 8;

		f = realloc(lat->funcs, n * sizeof(*f));
		if (!f)
			return NULL;
		lat->funcs = f;
		lat->alloc = n;
	}
	f = &lat->funcs[lat->nr];
	memset(f, 0, sizeof(*f));
	f->name = strdup(base);
	if (!f->name)
		return NULL;
	f->min = UINT64_MAX;
	lat->last = lat->nr++;
	return f;
}

int kp_latency__add_func(struct kp_latency *lat, const char *base)
{
	return latency__find(lat, base) ? 0 : -ENOMEM;
}

static struct kp_latency_thread *latency__thread(struct kp_latency_func *f, uint32_t tid)
{
	struct kp_latency_thread *t;

	for (size_t i = 0; i < f->nr_threads; i++)
		if (f->threads[i].tid == tid)
			return &f->threads[i];
	if (f->nr_threads == f->alloc_threads) {
		size_t n = f->alloc_threads ? 2 * f->alloc_threads : 4;

		t = realloc(f->threads, n * sizeof(*t));
		if (!t)
			return NULL;
		f->threads = t;
		f->alloc_threads = n;
	}
	t = &f->threads[f->nr_threads++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	return t;
}

int kp_latency_slot(uint64_t ns)
{
	return ns ? 64 - __builtin_clzll(ns) : 0;
}

static int latency__pair(struct kp_latency_func *f, uint32_t tid, uint32_t depth, uint64_t start,
			 uint64_t end)
{
	uint64_t d = end >= start ? end - start : 0;
	struct kp_latency_call *c;

	if (f->nr_calls == f->alloc_calls) {
		size_t n = f->alloc_calls ? 2 * f->alloc_calls : 64;

		c = realloc(f->calls, n * sizeof(*c));
		if (!c)
			return -ENOMEM;
		f->calls = c;
		f->alloc_calls = n;
	}
	c = &f->calls[f->nr_calls++];
	c->tid = tid;
	c->depth = depth;
	c->start = start;
	c->duration = d;
	f->count++;
	f->sum += d;
	if (d < f->min)
		f->min = d;
	if (d > f->max)
		f->max = d;
	f->slots[kp_latency_slot(d)]++;
	return 0;
}

int kp_latency__hit(struct kp_latency *lat, const char *base, bool is_return, uint32_t tid,
		    uint64_t time)
{
	struct kp_latency_func *f = latency__find(lat, base);
	struct kp_latency_thread *t;

	if (!f)
		return -ENOMEM;
	t = latency__thread(f, tid);
	if (!t)
		return -ENOMEM;
	if (is_return) {
		f->returns++;
		if (!t->depth) {
			f->missed_returns++;
			return 0;
		}
		t->depth--;
		return latency__pair(f, tid, t->depth, t->stack[t->depth], time);
	}
	f->entries++;
	if (t->depth == t->alloc) {
		size_t n = t->alloc ? 2 * t->alloc : 8;
		uint64_t *s = realloc(t->stack, n * sizeof(*s));

		if (!s)
			return -ENOMEM;
		t->stack = s;
		t->alloc = n;
	}
	t->stack[t->depth++] = time;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int kp_latency__defer(struct kp_latency *lat, const char *name, uint32_t tid, uint64_t time)
{
	struct kp_latency_func *f;
	struct latency_hit *h;
	char base[256];
	bool ret;

	if (!kp_latency__classify(name, base, sizeof(base), &ret))
		return -ENAMETOOLONG;
	f = latency__find(lat, base);
	if (!f)
		return -ENOMEM;
	if (lat->nr_deferred == lat->alloc_deferred) {
		size_t n = lat->alloc_deferred ? 2 * lat->alloc_deferred : 256;

		h = realloc(lat->deferred, n * sizeof(*h));
		if (!h)
			return -ENOMEM;
		lat->deferred = h;
		lat->alloc_deferred = n;
	}
	h = &lat->deferred[lat->nr_deferred];
	h->time = time;
	h->seq = lat->nr_deferred++;
	h->tid = tid;
	h->func = (uint32_t)(f - lat->funcs) << 1 | ret;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct latency_hit *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int kp_latency__finish(struct kp_latency *lat)
{
	if (lat->nr_deferred)
		qsort(lat->deferred, lat->nr_deferred, sizeof(*lat->deferred), cmp_hit);
	for (size_t i = 0; i < lat->nr_deferred; i++) {
		const struct latency_hit *h = &lat->deferred[i];
		int err = kp_latency__hit(lat, lat->funcs[h->func >> 1].name, h->func & 1, h->tid,
					  h->time);

		if (err)
			return err;
	}
	lat->nr_deferred = 0;
	for (size_t i = 0; i < lat->nr; i++) {
		struct kp_latency_func *f = &lat->funcs[i];

		for (size_t t = 0; t < f->nr_threads; t++) {
			f->missed_entries += f->threads[t].depth;
			f->threads[t].depth = 0;
		}
		free(f->sorted);
		f->sorted = NULL;
		if (!f->nr_calls)
			continue;
		f->sorted = malloc(f->nr_calls * sizeof(*f->sorted));
		if (!f->sorted)
			return -ENOMEM;
		for (size_t c = 0; c < f->nr_calls; c++)
			f->sorted[c] = f->calls[c].duration;
		qsort(f->sorted, f->nr_calls, sizeof(*f->sorted), cmp_u64);
	}
	return 0;
}

size_t kp_latency__nr_funcs(const struct kp_latency *lat)
{
	return lat->nr;
}

const struct kp_latency_func *kp_latency__func(const struct kp_latency *lat, size_t idx)
{
	return idx < lat->nr ? &lat->funcs[idx] : NULL;
}

uint64_t kp_latency_func__percentile(const struct kp_latency_func *f, double pct)
{
	size_t rank;

	if (!f->sorted || !f->nr_calls)
		return 0;
	/* nearest rank: the smallest value with at least pct% of the values at or below it */
	rank = (size_t)ceil(pct * f->nr_calls / 100.0); /* exact for whole percents */
	if (rank < 1)
		rank = 1;
	if (rank > f->nr_calls)
		rank = f->nr_calls;
	return f->sorted[rank - 1];
}

double kp_latency_func__mean(const struct kp_latency_func *f)
{
	return f->count ? (double)f->sum / f->count : 0;
}

int kp_latency__map_events(struct kp_latency *lat, const char *const *names, int nr)
{
	char base[256], other[256];
	int nr_funcs = 0;
	bool ret, ret2;

	free(lat->map);
	lat->map = malloc((nr ? nr : 1) * sizeof(*lat->map));
	if (!lat->map)
		return -ENOMEM;
	lat->nr_map = nr;
	lat->mapped = true;
	for (int i = 0; i < nr; i++) {
		bool paired = false;
		struct kp_latency_func *f;

		lat->map[i] = -1;
		if (!names[i] || !kp_latency__classify(names[i], base, sizeof(base), &ret))
			continue;
		for (int j = 0; j < nr && !paired; j++)
			paired = j != i && names[j] &&
				 kp_latency__classify(names[j], other, sizeof(other), &ret2) &&
				 ret2 != ret && !strcmp(base, other);
		if (!paired)
			continue;
		f = latency__find(lat, base);
		if (!f)
			return -ENOMEM;
		lat->map[i] = (int)(f - lat->funcs) << 1 | ret;
		nr_funcs += !ret;
	}
	return nr_funcs;
}

int kp_latency__map_session(struct kp_latency *lat, const struct kp_session *session)
{
	int nr = 0, err;
	const char **names;

	for (int i = 0; i < kp_session__nr_evsels(session); i++) {
		const struct kp_evsel *evsel = kp_session__evsel(session, i);

		if (evsel && evsel->idx >= nr)
			nr = evsel->idx + 1;
	}
	names = calloc(nr ? nr : 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (int i = 0; i < kp_session__nr_evsels(session); i++) {
		const struct kp_evsel *evsel = kp_session__evsel(session, i);
		uint64_t need = PERF_SAMPLE_TIME | PERF_SAMPLE_TID;

		if (evsel && (evsel->attr.sample_type & need) == need)
			names[evsel->idx] = evsel->name;
	}
	err = kp_latency__map_events(lat, names, nr);
	free(names);
	return err;
}

bool kp_latency__mapped(const struct kp_latency *lat)
{
	return lat->mapped;
}

int kp_latency__hit_event(struct kp_latency *lat, int idx, uint32_t tid, uint64_t time)
{
	struct kp_latency_func *f;

	if (idx < 0 || idx >= lat->nr_map || lat->map[idx] < 0)
		return 0;
	f = &lat->funcs[lat->map[idx] >> 1];
	return kp_latency__hit(lat, f->name, lat->map[idx] & 1, tid, time);
}
