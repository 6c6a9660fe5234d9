// SPDX-License-Identifier: GPL-2.0
/* lib/hist: aggregation by sort keys, collapse by name, perf's output order. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/hist.h"
#include "tests/unit/tap.h"

/* Stand-ins for DSO and symbol objects: only their addresses matter. */
static int dso_a, dso_b, dso_a2;
static int sym_f, sym_g, sym_h, sym_g2;

static struct kp_hist_key key(const char *comm, int tid, const void *dso, const char *dso_name,
			      const void *sym, const char *sym_name, uint64_t addr)
{
	struct kp_hist_key k = {
		.comm = comm,
		.pid = tid,
		.tid = tid,
		.cpu = 0,
		.dso = dso,
		.dso_name = dso_name,
		.sym = sym,
		.sym_name = sym_name,
		.addr = addr,
		.level = '.',
	};

	/* symbols' ranges: f, g (and its copy g2), h */
	if (sym == &sym_f)
		k.sym_start = 0x1000, k.sym_end = 0x1100;
	else if (sym == &sym_g || sym == &sym_g2)
		k.sym_start = 0x2000, k.sym_end = 0x2100;
	else if (sym == &sym_h)
		k.sym_start = 0x3000, k.sym_end = 0x3100;
	return k;
}

static void test_parse(void)
{
	enum kp_sort_key k[KP_HIST_MAX_KEYS];

	check_int(kp_sort_keys__parse("comm,dso,sym", k, KP_HIST_MAX_KEYS), ==, 3);
	check_int(k[0], ==, KP_SORT_COMM);
	check_int(k[1], ==, KP_SORT_DSO);
	check_int(k[2], ==, KP_SORT_SYM);
	check_int(kp_sort_keys__parse("symbol,cpu,pid,tid", k, KP_HIST_MAX_KEYS), ==, 4);
	check_int(k[0], ==, KP_SORT_SYM);
	check_int(k[1], ==, KP_SORT_CPU);
	check_int(kp_sort_keys__parse("comm,nosuch", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse("comm, dso ,,sym", k, KP_HIST_MAX_KEYS), ==, 3);
	check_int(k[2], ==, KP_SORT_SYM);
	check_int(kp_sort_keys__parse(" , ", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse("", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse("comm,comm", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	/* perf's prefix matching, case-insensitive, first in perf's order */
	check_int(kp_sort_keys__parse("co,S,Dso,c,p,t", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse("co,S,Dso,p,t", k, KP_HIST_MAX_KEYS), ==, 5);
	check_int(k[0], ==, KP_SORT_COMM);
	check_int(k[1], ==, KP_SORT_SYM);
	check_int(k[2], ==, KP_SORT_DSO);
	check_int(k[3], ==, KP_SORT_PID);
	check_int(k[4], ==, KP_SORT_TID);
	check_int(kp_sort_keys__parse("c", k, KP_HIST_MAX_KEYS), ==, 1);
	check_int(k[0], ==, KP_SORT_COMM);
	check_int(kp_sort_keys__parse("cp", k, KP_HIST_MAX_KEYS), ==, 1);
	check_int(k[0], ==, KP_SORT_CPU);
	check_int(kp_sort_keys__parse("symbols", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse("parent", k, KP_HIST_MAX_KEYS), ==, -EINVAL);
	check_int(kp_sort_keys__parse(",comm,", k, KP_HIST_MAX_KEYS), ==, 1);
	check_str(kp_sort_key__name(KP_SORT_DSO), "dso");
}

static void test_default_keys(void)
{
	enum kp_sort_key keys[] = { KP_SORT_COMM, KP_SORT_DSO, KP_SORT_SYM };
	struct kp_hist *h;
	struct kp_hist_key k;
	const struct kp_hist_entry *e;
	char comm[16];

	check_int(kp_hist__new(&h, keys, 3), ==, 0);
	/* 5 samples of f in a, from two threads with equal comm (a fresh buffer each time) */
	for (int i = 0; i < 5; i++) {
		snprintf(comm, sizeof(comm), "%s", "app");
		k = key(comm, 100 + i % 2, &dso_a, "liba.so", &sym_f, "f", 0x1000 + i);
		check_int(kp_hist__add(h, &k, 10), ==, 0);
	}
	/* 3 samples of g, 2 of h with the same period total as g: 30 vs 30 */
	for (int i = 0; i < 3; i++) {
		k = key("app", 100, &dso_a, "liba.so", &sym_g, "g", 0x2000);
		kp_hist__add(h, &k, 10);
	}
	for (int i = 0; i < 2; i++) {
		k = key("app", 100, &dso_b, "libb.so", &sym_h, "h", 0x3000);
		kp_hist__add(h, &k, 15);
	}
	/* unresolved addresses: one row per address, unknown dso sorts last */
	k = key("app", 100, NULL, NULL, NULL, NULL, 0x20);
	kp_hist__add(h, &k, 15);
	k = key("app", 100, NULL, NULL, NULL, NULL, 0x10);
	kp_hist__add(h, &k, 15);
	k = key("app", 100, NULL, NULL, NULL, NULL, 0x10);
	kp_hist__add(h, &k, 15);
	/* another comm */
	k = key("zzz", 7, &dso_a, "liba.so", &sym_f, "f", 0x1000);
	kp_hist__add(h, &k, 30);
	/* a second DSO object of the same name and its copy of g: one row with liba.so's g */
	k = key("app", 100, &dso_a2, "liba.so", &sym_g2, "g", 0x2000);
	kp_hist__add(h, &k, 10);

	check_int(kp_hist__nr_samples(h), ==, 15);
	check_int(kp_hist__total_period(h), ==, 5 * 10 + 3 * 10 + 2 * 15 + 3 * 15 + 30 + 10);
	check_int(kp_hist__nr_entries(h), ==, 7);
	check_int(kp_hist__sort(h), ==, 0);
	check_int(kp_hist__nr_entries(h), ==, 6);

	e = kp_hist__entry(h, 0);
	check_str(e->key.sym_name, "f");
	check_str(e->key.comm, "app");
	check_int(e->nr_samples, ==, 5);
	check_int(e->period, ==, 50);
	e = kp_hist__entry(h, 1);
	check_str(e->key.sym_name, "g");
	check_int(e->nr_samples, ==, 4);
	check_int(e->period, ==, 40);
	/* 30 each: app before zzz, then within app liba.so before libb.so */
	e = kp_hist__entry(h, 2);
	check_str(e->key.dso_name, "libb.so");
	check_str(e->key.sym_name, "h");
	e = kp_hist__entry(h, 3);
	check_int(e->key.addr, ==, 0x10);
	check(e->key.dso == NULL);
	check_int(e->nr_samples, ==, 2);
	e = kp_hist__entry(h, 4);
	check_str(e->key.comm, "zzz");
	e = kp_hist__entry(h, 5);
	check_int(e->key.addr, ==, 0x20);
	check(kp_hist__entry(h, 6) == NULL);
	kp_hist__delete(h);
}

static void test_other_keys(void)
{
	enum kp_sort_key keys[] = { KP_SORT_PID, KP_SORT_CPU };
	struct kp_hist *h;
	struct kp_hist_key k;
	const struct kp_hist_entry *e;

	check_int(kp_hist__new(&h, keys, 2), ==, 0);
	check(kp_hist__has_key(h, KP_SORT_PID));
	check(!kp_hist__has_key(h, KP_SORT_COMM));
	k = key("before", 42, &dso_a, "a", &sym_f, "f", 1);
	kp_hist__add(h, &k, 1);
	k = key("after", 42, &dso_b, "b", &sym_g, "g", 2);
	kp_hist__add(h, &k, 1);
	k = key("after", 42, &dso_b, "b", &sym_g, "g", 2);
	k.cpu = 1;
	kp_hist__add(h, &k, 1);
	k = key("other", 41, &dso_b, "b", &sym_g, "g", 2);
	kp_hist__add(h, &k, 1);
	kp_hist__sort(h);
	check_int(kp_hist__nr_entries(h), ==, 3);
	e = kp_hist__entry(h, 0);
	check_int(e->key.tid, ==, 42);
	check_int(e->key.cpu, ==, 0);
	check_int(e->nr_samples, ==, 2);
	check_str(e->key.comm, "before"); /* described by its first sample */
	e = kp_hist__entry(h, 1);
	check_int(e->key.tid, ==, 41); /* same period: tid ascending, then cpu */
	e = kp_hist__entry(h, 2);
	check_int(e->key.tid, ==, 42);
	check_int(e->key.cpu, ==, 1);
	kp_hist__delete(h);
}

/* comm strings are identities while adding, text when sorting (perf's comm override) */
static void test_comm_identity(void)
{
	enum kp_sort_key keys[] = { KP_SORT_COMM };
	char placeholder[16] = ":42", other[16] = "worker";
	struct kp_hist *h;
	struct kp_hist_key k;

	kp_hist__new(&h, keys, 1);
	k = key(placeholder, 42, &dso_a, "a", &sym_f, "f", 1);
	kp_hist__add(h, &k, 1);
	k = key(other, 43, &dso_a, "a", &sym_f, "f", 1);
	kp_hist__add(h, &k, 1);
	kp_hist__add(h, &k, 1);
	check_int(kp_hist__nr_entries(h), ==, 2);
	strcpy(placeholder, "worker"); /* the thread got its name later */
	kp_hist__sort(h);
	check_int(kp_hist__nr_entries(h), ==, 1);
	check_int(kp_hist__entry(h, 0)->nr_samples, ==, 3);
	check_str(kp_hist__entry(h, 0)->key.comm, "worker");
	kp_hist__delete(h);
}

static void test_many(void)
{
	enum kp_sort_key keys[] = { KP_SORT_SYM };
	struct kp_hist *h;
	struct kp_hist_key k = key("x", 1, &dso_a, "a", NULL, NULL, 0);
	int ok = 1;

	kp_hist__new(&h, keys, 1);
	/* 20000 addresses × 3 samples: grows the table, keeps every count */
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < 20000; i++) {
			k.addr = 0x400000 + i * 4;
			if (kp_hist__add(h, &k, i + 1))
				ok = 0;
		}
	check(ok);
	check_int(kp_hist__nr_entries(h), ==, 20000);
	kp_hist__sort(h);
	check_int(kp_hist__entry(h, 0)->period, ==, 3 * 20000);
	check_int(kp_hist__entry(h, 0)->nr_samples, ==, 3);
	check_int(kp_hist__entry(h, 19999)->key.addr, ==, 0x400000);
	kp_hist__delete(h);

	check_int(kp_hist__new(&h, keys, 0), ==, -EINVAL);
	check(h == NULL);
	kp_hist__delete(NULL);
}

int main(void)
{
	test_parse();
	test_default_keys();
	test_other_keys();
	test_comm_identity();
	test_many();
	return test_done();
}
