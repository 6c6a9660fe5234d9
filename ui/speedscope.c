// SPDX-License-Identifier: GPL-2.0
/* Sampled and evented profiles in speedscope's JSON file format. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/json.h"
#include "ui/speedscope.h"

#define SPEEDSCOPE_SCHEMA "https://www.speedscope.app/file-format-schema.json"

/* A paired call on one thread, for the evented profiles. */
struct call {
	uint64_t start, end;
	uint32_t frame;		/* shared frame index */
};

static int cmp_call(const void *a, const void *b)
{
	const struct call *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* the outer of two calls entered at once (the longer) first */
	return x->end > y->end ? -1 : x->end < y->end;
}

static void speedscope__frames(struct kp_json *j, const struct kp_profile *p,
			       const struct kp_latency *lat)
{
	char buf[32];

	kp_json__begin_object(j, "shared");
	kp_json__begin_array(j, "frames");
	for (size_t i = 0; i < p->nr_frames; i++) {
		const struct kp_frame *f = &p->frames[i];

		kp_json__begin_object(j, NULL);
		if (f->sym) {
			kp_json__string(j, "name", f->sym->name);
		} else {
			snprintf(buf, sizeof(buf), "0x%" PRIx64, f->ip);
			kp_json__string(j, "name", buf);
		}
		if (f->dso)
			kp_json__string(j, "file", kp_dso__long_name(f->dso));
		kp_json__end_object(j);
	}
	for (size_t i = 0; lat && i < kp_latency__nr_funcs(lat); i++) {
		kp_json__begin_object(j, NULL);
		kp_json__string(j, "name", kp_latency__func(lat, i)->name);
		kp_json__end_object(j);
	}
	kp_json__end_array(j);
	kp_json__end_object(j);
}

static void speedscope__sampled(struct kp_json *j, const struct kp_profile *p,
				const struct kp_profile_thread *t)
{
	char name[512];

	snprintf(name, sizeof(name), "%s (tid %d) %s", t->comm ? t->comm : "?", t->tid,
		 p->events[t->event].name);
	kp_json__begin_object(j, NULL);
	kp_json__string(j, "type", "sampled");
	kp_json__string(j, "name", name);
	kp_json__string(j, "unit", "none");
	kp_json__u64(j, "startValue", 0);
	kp_json__u64(j, "endValue", t->count);
	kp_json__begin_array(j, "samples");
	for (size_t i = 0; i < t->nr_samples; i++) {
		const struct kp_profile_stack *s = &p->stacks[t->samples[i].stack];
		const uint32_t *ids = kp_profile__stack_frames(p, t->samples[i].stack);

		kp_json__begin_array(j, NULL);
		for (uint32_t k = s->nr; k-- > 0;)	/* outermost first */
			kp_json__u64(j, NULL, ids[k]);
		kp_json__end_array(j);
	}
	kp_json__end_array(j);
	kp_json__begin_array(j, "weights");
	for (size_t i = 0; i < t->nr_samples; i++)
		kp_json__u64(j, NULL, t->samples[i].count);
	kp_json__end_array(j);
	kp_json__end_object(j);
}

static const char *thread_comm(const struct kp_profile *p, uint32_t tid)
{
	for (size_t i = 0; i < p->nr_threads; i++)
		if ((uint32_t)p->threads[i].tid == tid && p->threads[i].comm)
			return p->threads[i].comm;
	return "?";
}

static void speedscope__event(struct kp_json *j, const char *type, uint32_t frame, uint64_t at)
{
	kp_json__begin_object(j, NULL);
	kp_json__string(j, "type", type);
	kp_json__u64(j, "frame", frame);
	kp_json__u64(j, "at", at);
	kp_json__end_object(j);
}

/*
 * The calls of one thread (sorted) as properly nested open/close events: a
 * call that would outlast the call it was entered in is cut at that call's end.
 */
static int speedscope__evented(struct kp_json *j, const struct kp_profile *p, uint32_t tid,
			       struct call *calls, size_t n)
{
	struct call **stack = malloc((n ? n : 1) * sizeof(*stack));
	uint64_t end = 0;
	size_t depth = 0;
	char name[512];

	if (!stack)
		return -ENOMEM;
	qsort(calls, n, sizeof(*calls), cmp_call);
	for (size_t i = 0; i < n; i++)
		if (calls[i].end > end)
			end = calls[i].end;
	snprintf(name, sizeof(name), "%s (tid %u) calls", thread_comm(p, tid), tid);
	kp_json__begin_object(j, NULL);
	kp_json__string(j, "type", "evented");
	kp_json__string(j, "name", name);
	kp_json__string(j, "unit", "nanoseconds");
	kp_json__u64(j, "startValue", n ? calls[0].start : 0);
	kp_json__u64(j, "endValue", end);
	kp_json__begin_array(j, "events");
	for (size_t i = 0; i < n; i++) {
		struct call *c = &calls[i];

		while (depth && stack[depth - 1]->end <= c->start) {
			depth--;
			speedscope__event(j, "C", stack[depth]->frame, stack[depth]->end);
		}
		if (depth && c->end > stack[depth - 1]->end)
			c->end = stack[depth - 1]->end;
		stack[depth++] = c;
		speedscope__event(j, "O", c->frame, c->start);
	}
	while (depth) {
		depth--;
		speedscope__event(j, "C", stack[depth]->frame, stack[depth]->end);
	}
	kp_json__end_array(j);
	kp_json__end_object(j);
	free(stack);
	return 0;
}

/* One evented profile per thread with paired calls, threads in order of first call. */
static int speedscope__latency(struct kp_json *j, const struct kp_profile *p,
			       const struct kp_latency *lat)
{
	size_t nr = 0, nf = kp_latency__nr_funcs(lat), nt = 0;
	struct call *calls;
	uint32_t *tids;
	int err = 0;

	for (size_t f = 0; f < nf; f++)
		nr += kp_latency__func(lat, f)->nr_calls;
	calls = malloc((nr ? nr : 1) * sizeof(*calls));
	tids = malloc((nr ? nr : 1) * sizeof(*tids));
	if (!calls || !tids) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t f = 0; f < nf; f++) {
		const struct kp_latency_func *fn = kp_latency__func(lat, f);

		for (size_t i = 0; i < fn->nr_calls; i++) {
			size_t k;

			for (k = 0; k < nt && tids[k] != fn->calls[i].tid; k++)
				;
			if (k == nt)
				tids[nt++] = fn->calls[i].tid;
		}
	}
	for (size_t k = 0; k < nt && !err; k++) {
		size_t n = 0;

		for (size_t f = 0; f < nf; f++) {
			const struct kp_latency_func *fn = kp_latency__func(lat, f);

			for (size_t i = 0; i < fn->nr_calls; i++) {
				const struct kp_latency_call *c = &fn->calls[i];

				if (c->tid != tids[k])
					continue;
				calls[n].start = c->start;
				calls[n].end = c->start + c->duration;
				calls[n].frame = p->nr_frames + f;
				n++;
			}
		}
		err = speedscope__evented(j, p, tids[k], calls, n);
	}
out:
	free(calls);
	free(tids);
	return err;
}

int kp_speedscope__write(const struct kp_profile *p, const struct kp_latency *lat,
			 const char *path, const char *name)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *fp = to_stdout ? stdout : fopen(path, "w");
	struct kp_json j;
	int err = 0;

	if (!fp)
		return -errno;
	kp_json__init(&j, fp, false);
	kp_json__begin_object(&j, NULL);
	kp_json__string(&j, "$schema", SPEEDSCOPE_SCHEMA);
	speedscope__frames(&j, p, lat);
	kp_json__begin_array(&j, "profiles");
	for (size_t i = 0; i < p->nr_threads; i++)
		speedscope__sampled(&j, p, &p->threads[i]);
	if (lat)
		err = speedscope__latency(&j, p, lat);
	kp_json__end_array(&j);
	kp_json__string(&j, "name", name);
	kp_json__u64(&j, "activeProfileIndex", 0);
	kp_json__string(&j, "exporter", "kprof " KPROF_VERSION);
	kp_json__end_object(&j);
	if (to_stdout) {
		if (fflush(fp) && !err)
			err = -errno;
	} else if (fclose(fp) && !err) {
		err = -errno;
	}
	return err;
}
