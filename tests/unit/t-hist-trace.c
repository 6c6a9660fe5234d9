// SPDX-License-Identifier: GPL-2.0
/*
 * lib/hist-trace: --sort lists with trace and tracepoint-field keys; lib/hist's
 * caller-defined keys (KP_SORT_EXT0 + n) they rest on.  The decoding against
 * perf.data's tracing data is checked against perf report by
 * tests/e2e/t9300-interop-report-trace.sh.
 */
#include <errno.h>
#include <string.h>

#include "lib/hist-trace.h"
#include "tests/unit/tap.h"

static void test_parse(void)
{
	enum kp_sort_key k[KP_HIST_MAX_KEYS];
	struct kp_hist_trace *ht = (struct kp_hist_trace *)&k;

	/* perf's keys alone: no trace state, as kp_sort_keys__parse() */
	check_int(kp_hist_trace__parse(&ht, "comm,dso,sym", k, KP_HIST_MAX_KEYS), ==, 3);
	check(ht == NULL);
	check_int(k[2], ==, KP_SORT_SYM);
	/* trace and fields take places EXT0, EXT1, ... in order */
	check_int(kp_hist_trace__parse(&ht, "comm,trace,prev_pid", k, KP_HIST_MAX_KEYS), ==, 3);
	check(ht != NULL);
	check_int(k[0], ==, KP_SORT_COMM);
	check_int(k[1], ==, KP_SORT_EXT0);
	check_int(k[2], ==, KP_SORT_EXT0 + 1);
	check(kp_hist_trace__strerror(ht) == NULL);
	kp_hist_trace__delete(ht);
	check_int(kp_hist_trace__parse(&ht, "sched:sched_switch.prev_pid/raw, %1.*,sym", k,
				       KP_HIST_MAX_KEYS), ==, 3);
	check_int(k[2], ==, KP_SORT_SYM);
	kp_hist_trace__delete(ht);
	/* errors: bad characters, repeats of perf keys, empty lists, too many */
	check_int(kp_hist_trace__parse(&ht, "comm;x", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check(ht == NULL);
	check_int(kp_hist_trace__parse(&ht, "comm,comm", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_hist_trace__parse(&ht, " ,", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_hist_trace__parse(&ht, "a,b,c,d,e,f,g,h,i", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_hist_trace__parse(&ht, NULL, k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	kp_hist_trace__delete(NULL);
}

/* ext values: strings, ordered descending, shown upper-case */
static int ext_cmp(const void *a, const void *b, void *arg)
{
	(void)arg;
	return -strcmp(a, b);
}

static const char *ext_text(const void *v, void *arg)
{
	(void)arg;
	return v ? v : "N/A";
}

static void test_ext_keys(void)
{
	static const char x[] = "x", y[] = "y", z[] = "z";
	const struct kp_hist_ext ext = { .header = "Ext", .cmp = ext_cmp, .text = ext_text };
	enum kp_sort_key keys[] = { KP_SORT_COMM, KP_SORT_EXT0 };
	const struct kp_hist_entry *e;
	struct kp_hist_key k = { .comm = "app", .cpu = -1 };
	struct kp_hist *h;

	check_int(kp_hist__new(&h, keys, 2), ==, 0);
	kp_hist__set_ext(h, 0, &ext);
	check(kp_hist__ext(h, KP_SORT_EXT0) == &ext);
	check(kp_hist__ext(h, KP_SORT_COMM) == NULL);
	check(kp_hist__ext(h, KP_SORT_EXT0 + 1) == NULL);
	/* equal periods: the ext key orders them (z, y, x); equal pointers are one row */
	k.ext[0] = x;
	kp_hist__add(h, &k, 10);
	k.ext[0] = z;
	kp_hist__add(h, &k, 10);
	k.ext[0] = y;
	kp_hist__add(h, &k, 5);
	kp_hist__add(h, &k, 5);
	k.ext[0] = NULL;
	kp_hist__add(h, &k, 1);
	check_int(kp_hist__sort(h), ==, 0);
	check_int(kp_hist__nr_entries(h), ==, 4);
	e = kp_hist__entry(h, 0);
	check_str(e->key.ext[0], "z");
	e = kp_hist__entry(h, 1);
	check_str(e->key.ext[0], "y");
	check_int(e->nr_samples, ==, 2);
	e = kp_hist__entry(h, 2);
	check_str(e->key.ext[0], "x");
	e = kp_hist__entry(h, 3);
	check(e->key.ext[0] == NULL);
	check_str(kp_sort_key__name(KP_SORT_EXT0), "?");
	kp_hist__delete(h);
}

int main(void)
{
	test_parse();
	test_ext_keys();
	return test_done();
}
