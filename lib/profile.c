// SPDX-License-Identifier: GPL-2.0
/* Frames, stacks and per-thread sample runs interned for exporters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/profile.h"

int kp_profile__new(struct kp_profile **profile)
{
	*profile = calloc(1, sizeof(**profile));
	return *profile ? 0 : -ENOMEM;
}

void kp_profile__delete(struct kp_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nr_threads; i++)
		free(p->threads[i].samples);
	for (size_t i = 0; i < p->nr_events; i++)
		free(p->events[i].name);
	free(p->frames);
	free(p->stacks);
	free(p->stack_frames);
	free(p->threads);
	free(p->events);
	free(p->frame_hash);
	free(p->stack_hash);
	free(p->thread_hash);
	free(p);
}

/* Grow *@arr of *@alloc elements of @size to hold @need.  Returns 0 or -ENOMEM. */
static int grow(void **arr, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 16;
	void *v;

	if (need <= *alloc)
		return 0;
	while (n < need)
		n *= 2;
	v = realloc(*arr, n * size);
	if (!v)
		return -ENOMEM;
	*arr = v;
	*alloc = n;
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (s && *s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t frame_hash(const struct kp_frame *f)
{
	return mix(hash_str(f->dso ? kp_dso__long_name(f->dso) : NULL),
		   f->sym ? f->sym->start : f->ip) ^ !f->sym;
}

/*
 * An open-addressing table of indexes + 1 into some array: find the slot of
 * the element equal to the probe (@eq), or the empty slot where it goes.
 */
typedef bool (*eq_fn)(const struct kp_profile *p, uint32_t idx, const void *key);

static uint32_t *hash_slot(const struct kp_profile *p, uint32_t *table, size_t size, uint64_t h,
			   eq_fn eq, const void *key)
{
	size_t i = h & (size - 1);

	while (table[i] && !eq(p, table[i] - 1, key))
		i = (i + 1) & (size - 1);
	return &table[i];
}

/* Rehash when more than half full; @hash_of(p, idx) gives an element's hash. */
static int hash_grow(struct kp_profile *p, uint32_t **table, size_t *size, size_t nr,
		     uint64_t (*hash_of)(const struct kp_profile *p, uint32_t idx))
{
	size_t n = *size ? *size : 256;
	uint32_t *t;

	if (*size && 2 * (nr + 1) <= *size)
		return 0;
	while (2 * (nr + 1) > n)
		n *= 2;
	t = calloc(n, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (uint32_t i = 0; i < nr; i++) {
		size_t s = hash_of(p, i) & (n - 1);

		while (t[s])
			s = (s + 1) & (n - 1);
		t[s] = i + 1;
	}
	free(*table);
	*table = t;
	*size = n;
	return 0;
}

static bool frame_eq(const struct kp_profile *p, uint32_t idx, const void *key)
{
	return kp_frame__equal(&p->frames[idx], key);
}

static uint64_t frame_hash_of(const struct kp_profile *p, uint32_t idx)
{
	return frame_hash(&p->frames[idx]);
}

static int profile__frame(struct kp_profile *p, const struct kp_frame *f, uint32_t *id)
{
	uint32_t *slot;

	if (hash_grow(p, &p->frame_hash, &p->frame_hash_size, p->nr_frames, frame_hash_of))
		return -ENOMEM;
	slot = hash_slot(p, p->frame_hash, p->frame_hash_size, frame_hash(f), frame_eq, f);
	if (!*slot) {
		if (grow((void **)&p->frames, &p->alloc_frames, p->nr_frames + 1,
			 sizeof(*p->frames)))
			return -ENOMEM;
		p->frames[p->nr_frames] = *f;
		*slot = ++p->nr_frames;
	}
	*id = *slot - 1;
	return 0;
}

struct stack_key {
	const uint32_t *ids;
	uint32_t nr;
};

static uint64_t stack_hash(const uint32_t *ids, uint32_t nr)
{
	uint64_t h = nr;

	for (uint32_t i = 0; i < nr; i++)
		h = mix(h, ids[i]);
	return h;
}

static bool stack_eq(const struct kp_profile *p, uint32_t idx, const void *key)
{
	const struct stack_key *k = key;
	const struct kp_profile_stack *s = &p->stacks[idx];

	return s->nr == k->nr && !memcmp(p->stack_frames + s->first, k->ids, k->nr * sizeof(*k->ids));
}

static uint64_t stack_hash_of(const struct kp_profile *p, uint32_t idx)
{
	return stack_hash(p->stack_frames + p->stacks[idx].first, p->stacks[idx].nr);
}

/* Intern the @nr frame ids at the end of stack_frames (appended by the caller) as a stack. */
static int profile__stack(struct kp_profile *p, uint32_t nr, uint32_t *id)
{
	struct stack_key k = { .ids = p->stack_frames + p->nr_stack_frames, .nr = nr };
	uint32_t *slot;

	if (hash_grow(p, &p->stack_hash, &p->stack_hash_size, p->nr_stacks, stack_hash_of))
		return -ENOMEM;
	slot = hash_slot(p, p->stack_hash, p->stack_hash_size, stack_hash(k.ids, nr), stack_eq, &k);
	if (!*slot) {
		if (grow((void **)&p->stacks, &p->alloc_stacks, p->nr_stacks + 1,
			 sizeof(*p->stacks)))
			return -ENOMEM;
		p->stacks[p->nr_stacks].nr = nr;
		p->stacks[p->nr_stacks].first = p->nr_stack_frames;
		p->nr_stack_frames += nr;
		*slot = ++p->nr_stacks;
	}
	*id = *slot - 1;
	return 0;
}

struct thread_key {
	int event;
	int32_t tid;
};

static bool thread_eq(const struct kp_profile *p, uint32_t idx, const void *key)
{
	const struct thread_key *k = key;

	return p->threads[idx].event == k->event && p->threads[idx].tid == k->tid;
}

static uint64_t thread_hash_of(const struct kp_profile *p, uint32_t idx)
{
	return mix(p->threads[idx].event, (uint32_t)p->threads[idx].tid);
}

static int profile__event(struct kp_profile *p, int idx, const char *name)
{
	struct kp_profile_event *e;

	for (size_t i = 0; i < p->nr_events; i++)
		if (p->events[i].idx == idx)
			return i;
	if (grow((void **)&p->events, &p->alloc_events, p->nr_events + 1, sizeof(*p->events)))
		return -ENOMEM;
	e = &p->events[p->nr_events];
	memset(e, 0, sizeof(*e));
	e->idx = idx;
	e->name = strdup(name ? name : "");
	if (!e->name)
		return -ENOMEM;
	return p->nr_events++;
}

static struct kp_profile_thread *profile__thread(struct kp_profile *p, int event,
						 const struct kp_profile_thread_id *id)
{
	struct thread_key k = { .event = event, .tid = id->tid };
	struct kp_profile_thread *t;
	uint32_t *slot;

	if (hash_grow(p, &p->thread_hash, &p->thread_hash_size, p->nr_threads, thread_hash_of))
		return NULL;
	slot = hash_slot(p, p->thread_hash, p->thread_hash_size, mix(event, (uint32_t)id->tid),
			 thread_eq, &k);
	if (!*slot) {
		if (grow((void **)&p->threads, &p->alloc_threads, p->nr_threads + 1,
			 sizeof(*p->threads)))
			return NULL;
		t = &p->threads[p->nr_threads];
		memset(t, 0, sizeof(*t));
		t->event = event;
		t->pid = id->pid;
		t->tid = id->tid;
		*slot = ++p->nr_threads;
	}
	return &p->threads[*slot - 1];
}

int kp_profile__add(struct kp_profile *p, int event_idx, const char *event_name,
		    const struct kp_profile_thread_id *id, const struct kp_frame *frames, int n,
		    uint64_t period, uint64_t time)
{
	struct kp_profile_thread *t;
	struct kp_profile_sample *s;
	uint32_t stack;
	int event = profile__event(p, event_idx, event_name);

	if (event < 0)
		return event;
	if (grow((void **)&p->stack_frames, &p->alloc_stack_frames, p->nr_stack_frames + n,
		 sizeof(*p->stack_frames)))
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		uint32_t fid;

		if (profile__frame(p, &frames[i], &fid))
			return -ENOMEM;
		p->stack_frames[p->nr_stack_frames + i] = fid;
	}
	if (profile__stack(p, n, &stack))
		return -ENOMEM;
	t = profile__thread(p, event, id);
	if (!t)
		return -ENOMEM;
	t->comm = id->comm;
	if (!t->count || time < t->start)
		t->start = time;
	if (time > t->end)
		t->end = time;
	t->count++;
	t->period += period;
	p->events[event].count++;
	p->events[event].period += period;
	s = t->nr_samples ? &t->samples[t->nr_samples - 1] : NULL;
	if (s && s->stack == stack) {
		s->count++;
		s->period += period;
		return 0;
	}
	if (grow((void **)&t->samples, &t->alloc_samples, t->nr_samples + 1, sizeof(*t->samples)))
		return -ENOMEM;
	s = &t->samples[t->nr_samples++];
	s->stack = stack;
	s->count = 1;
	s->period = period;
	s->time = time;
	return 0;
}
