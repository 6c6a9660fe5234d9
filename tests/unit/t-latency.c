// SPDX-License-Identifier: GPL-2.0
/* lib/latency: entry/return pairing per thread (nesting, recursion, threads), misses, stats. */
#include <string.h>

#include "lib/latency.h"
#include "tests/unit/tap.h"

static const struct kp_latency_func *func(struct kp_latency *lat, const char *name)
{
	for (size_t i = 0; i < kp_latency__nr_funcs(lat); i++)
		if (!strcmp(kp_latency__func(lat, i)->name, name))
			return kp_latency__func(lat, i);
	return NULL;
}

static void test_classify(void)
{
	char base[64];
	bool ret;

	check(kp_latency__classify("probe_app:work", base, sizeof(base), &ret));
	check_str(base, "probe_app:work");
	check_int(ret, ==, false);
	check(kp_latency__classify("probe_app:work__return", base, sizeof(base), &ret));
	check_str(base, "probe_app:work");
	check_int(ret, ==, true);
	check(kp_latency__classify("ubp:work%return", base, sizeof(base), &ret));
	check_str(base, "ubp:work");
	check_int(ret, ==, true);
	check(kp_latency__classify("__return", base, sizeof(base), &ret));
	check_int(ret, ==, false);
	check(!kp_latency__classify("probe_app:work", base, 5, &ret));
}

static void test_slots(void)
{
	check_int(kp_latency_slot(0), ==, 0);
	check_int(kp_latency_slot(1), ==, 1);
	check_int(kp_latency_slot(2), ==, 2);
	check_int(kp_latency_slot(3), ==, 2);
	check_int(kp_latency_slot(4), ==, 3);
	check_int(kp_latency_slot(8388607), ==, 23);
	check_int(kp_latency_slot(8388608), ==, 24);
	check_int(kp_latency_slot(UINT64_MAX), ==, 64);
}

/* Recursion: entries 0, 10, 20, returns 25, 40, 100 pair innermost first. */
static void test_recursion(void)
{
	struct kp_latency *lat;
	const struct kp_latency_func *f;

	check_int(kp_latency__new(&lat), ==, 0);
	kp_latency__hit(lat, "p:r", false, 7, 0);
	kp_latency__hit(lat, "p:r", false, 7, 10);
	kp_latency__hit(lat, "p:r", false, 7, 20);
	kp_latency__hit(lat, "p:r", true, 7, 25);
	kp_latency__hit(lat, "p:r", true, 7, 40);
	kp_latency__hit(lat, "p:r", true, 7, 100);
	check_int(kp_latency__finish(lat), ==, 0);
	f = func(lat, "p:r");
	check(f != NULL);
	check_int(f->count, ==, 3);
	check_int(f->nr_calls, ==, 3);
	check_int(f->calls[0].duration, ==, 5);
	check_int(f->calls[0].depth, ==, 2);
	check_int(f->calls[0].start, ==, 20);
	check_int(f->calls[1].duration, ==, 30);
	check_int(f->calls[1].depth, ==, 1);
	check_int(f->calls[2].duration, ==, 100);
	check_int(f->calls[2].depth, ==, 0);
	check_int(f->min, ==, 5);
	check_int(f->max, ==, 100);
	check_int(f->sum, ==, 135);
	check_int(f->slots[3], ==, 1);	/* 5: 4..7 */
	check_int(f->slots[5], ==, 1);	/* 30: 16..31 */
	check_int(f->slots[7], ==, 1);	/* 100: 64..127 */
	check_int(kp_latency_func__missed(f), ==, 0);
	kp_latency__delete(lat);
}

/* Two threads in the same function at once, and misses of both kinds. */
static void test_threads_and_misses(void)
{
	struct kp_latency *lat;
	const struct kp_latency_func *f;

	check_int(kp_latency__new(&lat), ==, 0);
	kp_latency__hit(lat, "p:w", true, 1, 1);	/* a return from before the start */
	kp_latency__hit(lat, "p:w", false, 1, 100);
	kp_latency__hit(lat, "p:w", false, 2, 105);
	kp_latency__hit(lat, "p:w", true, 1, 110);
	kp_latency__hit(lat, "p:w", true, 2, 200);
	kp_latency__hit(lat, "p:w", false, 2, 300);	/* never returns */
	kp_latency__hit(lat, "p:other", false, 2, 301);
	kp_latency__hit(lat, "p:other", true, 2, 302);
	check_int(kp_latency__finish(lat), ==, 0);
	f = func(lat, "p:w");
	check_int(f->count, ==, 2);
	check_int(f->calls[0].tid, ==, 1);
	check_int(f->calls[0].duration, ==, 10);
	check_int(f->calls[1].tid, ==, 2);
	check_int(f->calls[1].duration, ==, 95);
	check_int(f->missed_returns, ==, 1);
	check_int(f->missed_entries, ==, 1);
	check_int(f->entries, ==, 3);
	check_int(f->returns, ==, 3);
	f = func(lat, "p:other");
	check_int(f->count, ==, 1);
	check_int(f->min, ==, 1);
	check_int(kp_latency__nr_funcs(lat), ==, 2);
	kp_latency__delete(lat);
}

/* Durations 100..1 ns: nearest-rank percentiles. */
static void test_percentiles(void)
{
	struct kp_latency *lat;
	const struct kp_latency_func *f;

	check_int(kp_latency__new(&lat), ==, 0);
	for (int i = 100; i >= 1; i--) {
		kp_latency__hit(lat, "p:f", false, 3, 1000);
		kp_latency__hit(lat, "p:f", true, 3, 1000 + i);
	}
	check_int(kp_latency__finish(lat), ==, 0);
	f = func(lat, "p:f");
	check_int(f->count, ==, 100);
	check_int(f->min, ==, 1);
	check_int(f->max, ==, 100);
	check_int(kp_latency_func__percentile(f, 50), ==, 50);
	check_int(kp_latency_func__percentile(f, 90), ==, 90);
	check_int(kp_latency_func__percentile(f, 99), ==, 99);
	check_int(kp_latency_func__percentile(f, 100), ==, 100);
	check_int(kp_latency_func__percentile(f, 0), ==, 1);
	check_int(kp_latency_func__mean(f) * 10, ==, 505);
	kp_latency__delete(lat);
}

/* Only functions with both an entry and a return event take part. */
static void test_map(void)
{
	const char *names[] = { "cpu-clock", "p:a__return", "p:b", NULL, "p:a" };
	struct kp_latency *lat;
	const struct kp_latency_func *f;

	check_int(kp_latency__new(&lat), ==, 0);
	check(!kp_latency__mapped(lat));
	check_int(kp_latency__map_events(lat, names, 5), ==, 1);
	check(kp_latency__mapped(lat));
	check_int(kp_latency__hit_event(lat, 4, 9, 50), ==, 0);
	check_int(kp_latency__hit_event(lat, 2, 9, 60), ==, 0);	/* p:b: no return event */
	check_int(kp_latency__hit_event(lat, 0, 9, 60), ==, 0);
	check_int(kp_latency__hit_event(lat, 1, 9, 80), ==, 0);
	check_int(kp_latency__hit_event(lat, 99, 9, 80), ==, 0);
	check_int(kp_latency__finish(lat), ==, 0);
	check_int(kp_latency__nr_funcs(lat), ==, 1);
	f = func(lat, "p:a");
	check_int(f->count, ==, 1);
	check_int(f->min, ==, 30);
	kp_latency__delete(lat);
}

/* Live hits from two cpus' buffers arrive out of order: paired by time at the end. */
static void test_defer(void)
{
	struct kp_latency *lat;
	const struct kp_latency_func *f;

	check_int(kp_latency__new(&lat), ==, 0);
	/* cpu 1's buffer first: the returns */
	check_int(kp_latency__defer(lat, "p:w__return", 5, 300), ==, 0);
	check_int(kp_latency__defer(lat, "p:w__return", 5, 250), ==, 0);
	/* then cpu 0's: the entries (recursive) */
	check_int(kp_latency__defer(lat, "p:w", 5, 100), ==, 0);
	check_int(kp_latency__defer(lat, "p:w", 5, 200), ==, 0);
	check_int(kp_latency__finish(lat), ==, 0);
	f = func(lat, "p:w");
	check_int(f->count, ==, 2);
	check_int(kp_latency_func__missed(f), ==, 0);
	check_int(f->min, ==, 50);
	check_int(f->max, ==, 200);
	check_int(kp_latency__finish(lat), ==, 0);	/* again: nothing changes */
	check_int(f->count, ==, 2);
	kp_latency__delete(lat);
}

int main(void)
{
	test_classify();
	test_slots();
	test_recursion();
	test_threads_and_misses();
	test_percentiles();
	test_map();
	test_defer();
	return test_done();
}
