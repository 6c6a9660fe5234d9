// SPDX-License-Identifier: GPL-2.0
/*
 * kp_tracing_data__build() against the payload perf 6.1 writes (section by
 * section), kp_tracing_data__parse() of both, a raw sched_switch sample taken
 * here decoded through the parsed formats, and malformed payloads (truncated
 * at every byte, absurd sizes, bad magic) refused with -EINVAL.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event-parse.h>

#include "lib/parse-events.h"
#include "lib/tracefs.h"
#include "lib/tracing-data.h"
#include "tests/unit/tap.h"

/* ---- an independent walker over the sections, to compare payloads -------------- */

struct section {
	char label[64];
	size_t off, len;	/* the contents, without their size field */
};

struct walk {
	struct section s[64];
	int nr;
	size_t end;		/* bytes used */
};

static void walk__add(struct walk *w, const char *label, size_t off, size_t len)
{
	if (w->nr < 64) {
		snprintf(w->s[w->nr].label, sizeof(w->s[0].label), "%s", label);
		w->s[w->nr].off = off;
		w->s[w->nr].len = len;
		w->nr++;
	}
}

struct wcur {
	const unsigned char *p;
	size_t size, o;
};

static int wc_need(struct wcur *c, size_t n)
{
	return c->o + n <= c->size && c->o + n >= c->o ? 0 : -1;
}

static int wc_u32(struct wcur *c, uint32_t *v)
{
	if (wc_need(c, 4))
		return -1;
	memcpy(v, c->p + c->o, 4);
	c->o += 4;
	return 0;
}

static int wc_u64(struct wcur *c, uint64_t *v)
{
	if (wc_need(c, 8))
		return -1;
	memcpy(v, c->p + c->o, 8);
	c->o += 8;
	return 0;
}

static int wc_str(struct wcur *c, const char **s)
{
	size_t len;

	if (wc_need(c, 1))
		return -1;
	len = strnlen((const char *)c->p + c->o, c->size - c->o);
	if (wc_need(c, len + 1))
		return -1;
	*s = (const char *)c->p + c->o;
	c->o += len + 1;
	return 0;
}

/* a section of @len bytes that follows a size field of @szlen bytes */
static int wc_sect(struct wcur *c, struct walk *w, const char *label, int szlen)
{
	uint32_t l32;
	uint64_t len;

	if (szlen == 4) {
		if (wc_u32(c, &l32))
			return -1;
		len = l32;
	} else if (wc_u64(c, &len)) {
		return -1;
	}
	if (len > c->size || wc_need(c, len))
		return -1;
	walk__add(w, label, c->o, len);
	c->o += len;
	return 0;
}

static int wc_events(struct wcur *c, struct walk *w, const char *sys)
{
	char label[64];
	uint32_t k, j;

	if (wc_u32(c, &k))
		return -1;
	snprintf(label, sizeof(label), "%s: %u events", sys, k);
	walk__add(w, label, c->o, 0);
	for (j = 0; j < k; j++) {
		snprintf(label, sizeof(label), "%s format %u", sys, j);
		if (wc_sect(c, w, label, 8))
			return -1;
	}
	return 0;
}

/* Little-endian payloads only; returns 0 when the whole structure is there. */
static int walk(const unsigned char *p, size_t size, struct walk *w)
{
	struct wcur c = { .p = p, .size = size };
	const char *str;
	uint32_t n, i;

	memset(w, 0, sizeof(*w));
	if (wc_need(&c, 10))
		return -1;
	walk__add(w, "magic", 0, 10);
	c.o = 10;
	if (wc_str(&c, &str))
		return -1;
	walk__add(w, "version", str - (const char *)p, strlen(str));
	if (wc_need(&c, 6))
		return -1;
	walk__add(w, "endian+long+page", c.o, 6);
	c.o += 6;
	if (wc_str(&c, &str) || strcmp(str, "header_page") || wc_sect(&c, w, "header_page", 8))
		return -1;
	if (wc_str(&c, &str) || strcmp(str, "header_event") || wc_sect(&c, w, "header_event", 8))
		return -1;
	if (wc_events(&c, w, "ftrace") || wc_u32(&c, &n))
		return -1;
	for (i = 0; i < n; i++)
		if (wc_str(&c, &str) || wc_events(&c, w, str))
			return -1;
	if (wc_sect(&c, w, "kallsyms", 4) || wc_sect(&c, w, "printk_formats", 4) ||
	    wc_sect(&c, w, "saved_cmdlines", 8))
		return -1;
	w->end = c.o;
	return 0;
}

/* ---- perf's payload -------------------------------------------------------------- */

/* The HEADER_TRACING_DATA section of a perf.data that perf records with @events, or NULL. */
static unsigned char *perf_payload(const char *events, size_t *size)
{
	char path[] = "/tmp/kprof-t-tracing-data-XXXXXX", cmd[256];
	unsigned char *file = NULL, *out = NULL;
	uint64_t hdr[13], sect[2];
	size_t fsize;
	int fd;

	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	snprintf(cmd, sizeof(cmd), "perf record -q %s -a -o %s -- sleep 0.05 >/dev/null 2>&1",
		 events, path);
	if (system(cmd) != 0)
		goto out;
	if (kp_read_file(path, (char **)&file, &fsize) || fsize < sizeof(hdr))
		goto out;
	memcpy(hdr, file, sizeof(hdr));
	/* magic, size, attr_size, attrs{off,size}, data{off,size}, event_types, features[4] */
	if (!(hdr[9] & 2) || hdr[5] + hdr[6] + 16 > fsize)
		goto out;
	memcpy(sect, file + hdr[5] + hdr[6], 16); /* TRACING_DATA is the first feature */
	if (sect[0] + sect[1] > fsize)
		goto out;
	out = malloc(sect[1]);
	if (out) {
		memcpy(out, file + sect[0], sect[1]);
		*size = sect[1];
	}
out:
	free(file);
	unlink(path);
	return out;
}

static const struct section *find_section(const struct walk *w, const char *label)
{
	int i;

	for (i = 0; i < w->nr; i++)
		if (!strcmp(w->s[i].label, label))
			return &w->s[i];
	return NULL;
}

/* Every section of @ours equals perf's, except saved_cmdlines which changes all the time. */
static void compare_with_perf(const unsigned char *ours, size_t osize, const char *events)
{
	const struct section *a, *b;
	struct walk wo, wp;
	unsigned char *perf;
	size_t psize;
	int i;

	perf = perf_payload(events, &psize);
	if (!perf) {
		tap_skip("perf record did not give tracing data");
		return;
	}
	tap_diag("perf record %s", events);
	check_int(walk(perf, psize, &wp), ==, 0);
	check_uint(wp.end, ==, psize);
	check_int(walk(ours, osize, &wo), ==, 0);
	check_uint(wo.end, ==, osize);
	check_int(wo.nr, ==, wp.nr);
	for (i = 0; i < wo.nr; i++)
		tap_diag("%-20s kprof %6zu bytes, perf %6zu", wo.s[i].label, wo.s[i].len,
			 i < wp.nr ? wp.s[i].len : 0);
	/* everything before the saved_cmdlines size is the same bytes */
	a = find_section(&wo, "saved_cmdlines");
	b = find_section(&wp, "saved_cmdlines");
	if (check(a && b && a->off == b->off))
		check(!memcmp(ours, perf, a->off - 8));
	for (i = 0; i < wo.nr && i < wp.nr; i++) {
		a = &wo.s[i];
		b = find_section(&wp, a->label);
		if (!check(b != NULL)) {
			tap_diag("section '%s' is not in perf's payload", a->label);
			continue;
		}
		if (!strcmp(a->label, "saved_cmdlines"))
			continue;
		check_str(a->label, wp.s[i].label);
		if (!check_uint(a->len, ==, b->len) ||
		    !check(!memcmp(ours + a->off, perf + b->off, a->len)))
			tap_diag("section '%s' differs from perf's", a->label);
	}
	free(perf);
}

/* ---- a raw sample of our own ----------------------------------------------------- */

/* The raw data of one sched_switch sample of this process; *@size is its length. */
static void *raw_sched_switch(uint64_t id, uint32_t *size)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = id,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
		.wakeup_events = 1,
	};
	long pg = sysconf(_SC_PAGESIZE);
	struct perf_event_mmap_page *mp;
	struct perf_event_header *h;
	void *raw = NULL;
	uint64_t head, pos;
	char *map, *data;
	int fd, i;

	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0)
		return NULL;
	map = mmap(NULL, pg * 9, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	for (i = 0; i < 3; i++)
		usleep(1000);
	mp = (void *)map;
	data = map + pg;
	head = __atomic_load_n(&mp->data_head, __ATOMIC_ACQUIRE);
	for (pos = mp->data_tail; pos < head && pos + sizeof(*h) <= 8 * (uint64_t)pg;
	     pos += h->size) {
		h = (void *)(data + pos);
		if (!h->size)
			break;
		if (h->type == PERF_RECORD_SAMPLE && pos + h->size <= 8 * (uint64_t)pg) {
			memcpy(size, h + 1, 4);
			raw = malloc(*size);
			if (raw)
				memcpy(raw, (char *)(h + 1) + 4, *size);
			break;
		}
	}
	munmap(map, pg * 9);
	close(fd);
	return raw;
}

static void check_decode(struct tep_handle *tep, const void *raw, uint32_t rawsize,
			 const char *who)
{
	struct tep_record rec = { .data = (void *)raw, .size = rawsize, .cpu = 0 };
	struct tep_format_field *f;
	struct tep_event *ev;
	unsigned long long val;
	struct trace_seq seq;
	char want[64];

	tap_diag("decoding a raw sched_switch sample with %s's formats", who);
	ev = tep_find_event_by_name(tep, "sched", "sched_switch");
	if (!check(ev != NULL))
		return;
	check_int(tep_data_type(tep, &rec), ==, ev->id);
	f = tep_find_field(ev, "prev_pid");
	check(f && !tep_read_number_field(f, raw, &val) && val == (unsigned long long)getpid());
	f = tep_find_field(ev, "prev_comm");
	check(f && f->size == 16 && f->offset + 16 <= (int)rawsize &&
	      !strcmp((const char *)raw + f->offset, "t-tracing-data"));
	check(tep_find_field(ev, "next_pid") != NULL);
	check(tep_find_field(ev, "next_comm") != NULL);
	trace_seq_init(&seq);
	tep_print_event(tep, &seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	snprintf(want, sizeof(want), "prev_comm=t-tracing-data prev_pid=%d ", getpid());
	if (!check(strstr(seq.buffer, want) && strstr(seq.buffer, " next_pid=")))
		tap_diag("printed: %s", seq.buffer);
	trace_seq_destroy(&seq);
}

/* ---- malformed payloads ----------------------------------------------------------- */

static void test_truncations(const unsigned char *buf, size_t size)
{
	struct tep_handle *tep = (void *)1;
	size_t n, bad = 0;
	struct walk w;
	int i;

	/* at every section boundary, then at every byte */
	check_int(walk(buf, size, &w), ==, 0);
	for (i = 0; i < w.nr && w.s[i].off < size; i++) {
		check_int(kp_tracing_data__parse(buf, w.s[i].off, &tep), ==, -EINVAL);
		check(tep == NULL);
		if (w.s[i].len) {
			check_int(kp_tracing_data__parse(buf, w.s[i].off + w.s[i].len - 1, &tep), ==,
				  -EINVAL);
			if (w.s[i].off + w.s[i].len < size)
				check_int(kp_tracing_data__parse(buf, w.s[i].off + w.s[i].len, &tep),
					  ==, -EINVAL);
		}
	}
	for (n = 0; n < size; n++) {
		/* a copy of exactly n bytes, so that ASan sees any read past the end */
		unsigned char *p = malloc(n ? n : 1);

		memcpy(p, buf, n);
		if (kp_tracing_data__parse(p, n, &tep) != -EINVAL || tep) {
			bad++;
			if (tep)
				tep_free(tep);
		}
		free(p);
	}
	check_uint(bad, ==, 0);
}

static void put_u64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void test_malformed(const unsigned char *buf, size_t size)
{
	struct tep_handle *tep;
	unsigned char *p = malloc(size), *q;
	struct walk w;
	int i;

	walk(buf, size, &w);
	check_int(kp_tracing_data__parse(NULL, 0, &tep), ==, -EINVAL);
#define MUTATE(what, off, byte)                                                          \
	do {                                                                             \
		memcpy(p, buf, size);                                                    \
		p[off] = byte;                                                           \
		if (!check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL))     \
			tap_diag("%s", what);                                            \
	} while (0)
	MUTATE("bad magic", 0, 24);
	MUTATE("bad magic tag", 5, 'X');
	MUTATE("endian byte 7", 14, 7);
	MUTATE("long size 3", 15, 3);
	memcpy(p, buf, size);
	memset(p + 16, 0, 4);
	check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL); /* page size 0 */
	MUTATE("header_page tag", 20, 'X');
	/* absurd sizes everywhere there is a size: refused before any allocation */
	for (i = 0; i < w.nr; i++) {
		if (strcmp(w.s[i].label, "header_page") && strcmp(w.s[i].label, "header_event") &&
		    !strstr(w.s[i].label, "format") && strcmp(w.s[i].label, "saved_cmdlines"))
			continue;
		memcpy(p, buf, size);
		put_u64(p + w.s[i].off - 8, ~0ULL);
		if (!check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL))
			tap_diag("size of %s = ~0", w.s[i].label);
		put_u64(p + w.s[i].off - 8, size);
		check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL);
	}
#undef MUTATE
	/*
	 * Formats libtraceevent 1.7 crashes on (SIGFPE dividing by a constant
	 * zero, NULL for an undeclared field): refused, the caller survives.
	 */
	memcpy(p, buf, size);
	q = memmem(p, size, "REC->prev_pid", 13);
	if (check(q != NULL)) {
		q[1] = '/';
		check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL);
		check(tep == NULL);
		memcpy(q, "REC->prev_xid", 13);
		check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL);
	}
	/* bytes outside printable ASCII in a text section */
	memcpy(p, buf, size);
	q = memmem(p, size, "prev_comm", 9);
	if (check(q != NULL)) {
		q[2] = 0x87;
		check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL);
	}
	free(p);
}

/* A kallsyms section (perf writes none, older perfs did) is used for function names. */
static void test_kallsyms(const unsigned char *buf, size_t size)
{
	static const char ksyms[] = "ffffffff81000000 T _stext\nffffffff81000100 t kp_test_fn\n"
				    "ffffffff81000200 T _etext\n";
	const struct section *ks;
	struct tep_handle *tep;
	unsigned char *p;
	uint32_t len = sizeof(ksyms) - 1;
	struct walk w;

	walk(buf, size, &w);
	ks = find_section(&w, "kallsyms");
	if (!check(ks && ks->len == 0))
		return;
	p = malloc(size + len);
	memcpy(p, buf, ks->off - 4);
	memcpy(p + ks->off - 4, &len, 4);
	memcpy(p + ks->off, ksyms, len);
	memcpy(p + ks->off + len, buf + ks->off, size - ks->off);
	if (check_int(kp_tracing_data__parse(p, size + len, &tep), ==, 0)) {
		check_str(tep_find_function(tep, 0xffffffff81000004ULL), "_stext");
		check_str(tep_find_function(tep, 0xffffffff81000104ULL), "kp_test_fn");
		tep_free(tep);
	}
	free(p);
}

static void swap_at(unsigned char *p, int n)
{
	int i;

	for (i = 0; i < n / 2; i++) {
		unsigned char t = p[i];

		p[i] = p[n - 1 - i];
		p[n - 1 - i] = t;
	}
}

/*
 * Re-encode a little-endian payload as a big-endian machine would have written
 * it: the endian byte, the page size, every count and every size field.
 * Returns the offset of the endian byte, or 0 when @p has ftrace formats (the
 * systems count is then not where this expects it).
 */
static size_t to_big_endian(unsigned char *p, size_t size)
{
	size_t endian_off;
	struct walk w;
	int i;

	if (walk(p, size, &w) || w.nr < 4)
		return 0;
	endian_off = w.s[2].off;
	p[endian_off] = 1;
	swap_at(p + endian_off + 2, 4);
	for (i = 3; i < w.nr; i++) {
		const struct section *s = &w.s[i];

		if (!strcmp(s->label, "ftrace: 0 events")) {
			swap_at(p + s->off - 4, 4);
			swap_at(p + s->off, 4); /* the systems count follows */
		} else if (strstr(s->label, " events") && !strncmp(s->label, "ftrace:", 7)) {
			return 0;
		} else if (strstr(s->label, " events") || !strcmp(s->label, "kallsyms") ||
			   !strcmp(s->label, "printk_formats")) {
			swap_at(p + s->off - 4, 4);
		} else {
			swap_at(p + s->off - 8, 8);
		}
	}
	return endian_off;
}

/* A payload from a big-endian machine parses, with the event and its fields. */
static void test_big_endian(const unsigned char *buf, size_t size)
{
	unsigned char *p = malloc(size);
	struct tep_handle *tep;
	struct tep_event *ev;
	size_t endian_off;

	memcpy(p, buf, size);
	endian_off = to_big_endian(p, size);
	if (!check(endian_off != 0))
		goto out;
	check(memcmp(p, buf, size) != 0);
	if (check_int(kp_tracing_data__parse(p, size, &tep), ==, 0)) {
		check_int(tep_is_file_bigendian(tep), ==, 1);
		ev = tep_find_event_by_name(tep, "sched", "sched_switch");
		check(ev && tep_find_field(ev, "next_pid"));
		tep_free(tep);
	}
	/* and the same bytes read as little-endian are refused, not misread */
	p[endian_off] = 0;
	check_int(kp_tracing_data__parse(p, size, &tep), ==, -EINVAL);
out:
	free(p);
}

/* Several systems and the ftrace section, in perf's order whatever the order of the attrs. */
static void test_systems(void)
{
	static const char *const evs[] = {
		"sched:sched_process_exit", "syscalls:sys_enter_exit_group", "ftrace:print",
		"irq:irq_handler_entry", "sched:sched_process_exec",
	};
	struct perf_event_attr attrs[5];
	struct kp_event_spec spec;
	char err[256], opts[512];
	size_t size, i, n = 0;
	void *buf;

	opts[0] = '\0';
	for (i = 0; i < 5; i++) {
		if (kp_parse_event(evs[i], &spec, err, sizeof(err))) {
			tap_skip(err);
			return;
		}
		attrs[i] = spec.attr;
		kp_event_spec__exit(&spec);
		n += snprintf(opts + n, sizeof(opts) - n, "-e %s ", evs[i]);
	}
	if (!check_int(kp_tracing_data__build(attrs, 5, &buf, &size), ==, 0))
		return;
	compare_with_perf(buf, size, opts);
	free(buf);
}

int main(void)
{
	struct perf_event_attr attrs[2] = { 0 };
	struct kp_event_spec spec;
	struct tep_handle *tep;
	unsigned char *perf;
	char dir[256], err[256];
	uint32_t rawsize = 0;
	void *buf, *raw;
	size_t size, psize;

	/* nothing to do without tracepoints */
	attrs[0].type = PERF_TYPE_SOFTWARE;
	check_int(kp_tracing_data__build(attrs, 1, &buf, &size), ==, 0);
	check(buf == NULL && size == 0);

	if (kp_tracefs_dir(dir, sizeof(dir)) || geteuid() != 0 ||
	    kp_parse_event("sched:sched_switch", &spec, err, sizeof(err))) {
		tap_skip("needs root and tracefs");
		return test_done();
	}
	attrs[1] = spec.attr;
	kp_event_spec__exit(&spec);
	attrs[0].type = PERF_TYPE_TRACEPOINT;
	attrs[0].config = ~0ULL - 1; /* no such id */
	check_int(kp_tracing_data__build(attrs, 2, &buf, &size), ==, -ENOENT);
	check(buf == NULL);
	attrs[0] = attrs[1];	/* twice the same event: once in the payload */
	if (!check_int(kp_tracing_data__build(attrs, 2, &buf, &size), ==, 0))
		return test_done();

	compare_with_perf(buf, size, "-e sched:sched_switch");
	test_systems();

	raw = raw_sched_switch(attrs[1].config, &rawsize);
	check(raw != NULL);
	tep = NULL;
	if (check_int(kp_tracing_data__parse(buf, size, &tep), ==, 0) && raw)
		check_decode(tep, raw, rawsize, "kprof");
	if (tep)
		tep_free(tep);
	perf = perf_payload("-e sched:sched_switch", &psize);
	if (!perf) {
		tap_skip("no perf payload");
	} else {
		tep = NULL;
		if (check_int(kp_tracing_data__parse(perf, psize, &tep), ==, 0) && raw)
			check_decode(tep, raw, rawsize, "perf");
		if (tep)
			tep_free(tep);
		free(perf);
	}
	free(raw);

	test_truncations(buf, size);
	test_malformed(buf, size);
	test_kallsyms(buf, size);
	test_big_endian(buf, size);
	free(buf);
	return test_done();
}
