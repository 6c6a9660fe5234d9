// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing data of perf.data (version "0.6"), in the order perf 6.1 writes
 * and reads it:
 *
 *	"\027\010\104tracing"	10 bytes of magic
 *	"0.6\0"			version string
 *	u8 endian, u8 sizeof(long), u32 page size
 *	"header_page\0"  u64 size, events/header_page
 *	"header_event\0" u64 size, events/header_event
 *	u32 count, count x (u64 size, format)		ftrace events
 *	u32 systems, systems x ("sys\0", u32 count, count x (u64 size, format))
 *	u32 size, kallsyms (perf writes 0)
 *	u32 size, printk_formats
 *	u64 size, saved_cmdlines
 *
 * Numbers are in the writer's byte order (the endian byte).  Reading is in
 * lib/tracing-data-parse.c.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* not <traceevent/...>: the kernel tree's old tools/lib/traceevent is on the path */
#include <event-parse.h>

#include "lib/tracefs.h"
#include "lib/tracing-data.h"

static const char td_magic[10] = { 23, 8, 68, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
#define TD_VERSION "0.6"

/* ---- building ------------------------------------------------------------------ */

struct tdbuf {
	char *p;
	size_t len, alloc;
	int err;
};

static void tdbuf__add(struct tdbuf *b, const void *data, size_t len)
{
	char *n;
	size_t alloc;

	if (b->err)
		return;
	if (b->len + len > b->alloc) {
		alloc = b->alloc ? b->alloc : 16384;
		while (alloc < b->len + len)
			alloc *= 2;
		n = realloc(b->p, alloc);
		if (!n) {
			b->err = -ENOMEM;
			return;
		}
		b->p = n;
		b->alloc = alloc;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void tdbuf__u8(struct tdbuf *b, uint8_t v)
{
	tdbuf__add(b, &v, 1);
}

static void tdbuf__u32(struct tdbuf *b, uint32_t v)
{
	tdbuf__add(b, &v, 4);
}

static void tdbuf__u64(struct tdbuf *b, uint64_t v)
{
	tdbuf__add(b, &v, 8);
}

/* A tracefs file with its size in front (@szlen 4 or 8); a missing file is recorded empty. */
static void tdbuf__file(struct tdbuf *b, const char *rel, int szlen, bool must_exist)
{
	char *data;
	size_t size;
	int err;

	if (b->err)
		return;
	err = kp_tracefs_read(rel, &data, &size);
	if (err) {
		if (must_exist || err != -ENOENT)
			b->err = err;
		else if (szlen == 4)
			tdbuf__u32(b, 0);
		else
			tdbuf__u64(b, 0);
		return;
	}
	if (szlen == 4 && size > UINT32_MAX)
		b->err = -EFBIG;
	else if (szlen == 4)
		tdbuf__u32(b, size);
	else
		tdbuf__u64(b, size);
	tdbuf__add(b, data, size);
	free(data);
}

struct tp_name {
	uint64_t id;
	char *sys, *name;
	int rank; /* found rank-th walking tracefs: perf's order, grouped by system */
};

static int tp__cmp_rank(const void *a, const void *b)
{
	const struct tp_name *x = a, *y = b;

	return x->rank - y->rank;
}

/*
 * Find sys:name of every tracepoint id in @tps by walking tracefs events/, and
 * their rank in readdir order of systems, then events: the order perf writes.
 */
static int tp__resolve(struct tp_name *tps, int nr)
{
	char dir[PATH_MAX], path[PATH_MAX + 600], idbuf[32];
	struct dirent *sd, *ed;
	DIR *sysd, *evd;
	int left = nr, i, err;
	FILE *f;

	err = kp_tracefs_dir(dir, sizeof(dir));
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/events", dir);
	sysd = opendir(path);
	if (!sysd)
		return -errno;
	while (left && (sd = readdir(sysd))) {
		if (sd->d_name[0] == '.' || sd->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", dir, sd->d_name);
		evd = opendir(path);
		if (!evd)
			continue;
		while (left && (ed = readdir(evd))) {
			if (ed->d_name[0] == '.' || ed->d_type != DT_DIR)
				continue;
			snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, sd->d_name,
				 ed->d_name);
			f = fopen(path, "re");
			if (!f)
				continue;
			if (!fgets(idbuf, sizeof(idbuf), f))
				idbuf[0] = '\0';
			fclose(f);
			for (i = 0; i < nr; i++) {
				if (tps[i].sys || tps[i].id != strtoull(idbuf, NULL, 10) ||
				    !idbuf[0])
					continue;
				tps[i].sys = strdup(sd->d_name);
				tps[i].name = strdup(ed->d_name);
				if (!tps[i].sys || !tps[i].name)
					err = -ENOMEM;
				tps[i].rank = nr - left--;
			}
		}
		closedir(evd);
	}
	closedir(sysd);
	if (err)
		return err;
	return left ? -ENOENT : 0;
}

static void tdbuf__formats(struct tdbuf *b, const struct tp_name *tps, int from, int to)
{
	char rel[600];
	int i;

	tdbuf__u32(b, to - from);
	for (i = from; i < to; i++) {
		snprintf(rel, sizeof(rel), "events/%s/%s/format", tps[i].sys, tps[i].name);
		tdbuf__file(b, rel, 8, true);
	}
}

int kp_tracing_data__build(const struct perf_event_attr *attrs, int nr_attrs, void **buf,
			   size_t *size)
{
	struct tdbuf b = { 0 };
	struct tp_name *tps;
	int nr = 0, i, j, nsys, err;
	long page_size = sysconf(_SC_PAGESIZE);

	*buf = NULL;
	*size = 0;
	tps = calloc(nr_attrs > 0 ? nr_attrs : 1, sizeof(*tps));
	if (!tps)
		return -ENOMEM;
	for (i = 0; i < nr_attrs; i++) {
		if (attrs[i].type != PERF_TYPE_TRACEPOINT)
			continue;
		for (j = 0; j < nr && tps[j].id != attrs[i].config; j++)
			;
		if (j == nr)
			tps[nr++].id = attrs[i].config;
	}
	if (!nr) {
		err = 0;
		goto out;
	}
	err = tp__resolve(tps, nr);
	if (err)
		goto out;
	qsort(tps, nr, sizeof(*tps), tp__cmp_rank);

	tdbuf__add(&b, td_magic, sizeof(td_magic));
	tdbuf__add(&b, TD_VERSION, sizeof(TD_VERSION));
	tdbuf__u8(&b, tep_is_bigendian());
	tdbuf__u8(&b, sizeof(long));
	tdbuf__u32(&b, page_size);
	tdbuf__add(&b, "header_page", 12);
	tdbuf__file(&b, "events/header_page", 8, true);
	tdbuf__add(&b, "header_event", 13);
	tdbuf__file(&b, "events/header_event", 8, true);

	/* the ftrace system has a section of its own, then one per other system */
	for (i = 0; i < nr && strcmp(tps[i].sys, "ftrace"); i++)
		;
	for (j = i; j < nr && !strcmp(tps[j].sys, "ftrace"); j++)
		;
	tdbuf__formats(&b, tps, i, j);
	for (nsys = 0, i = 0; i < nr; i++)
		if (strcmp(tps[i].sys, "ftrace") && (!i || strcmp(tps[i].sys, tps[i - 1].sys)))
			nsys++;
	tdbuf__u32(&b, nsys);
	for (i = 0; i < nr; i = j) {
		for (j = i; j < nr && !strcmp(tps[j].sys, tps[i].sys); j++)
			;
		if (!strcmp(tps[i].sys, "ftrace"))
			continue;
		tdbuf__add(&b, tps[i].sys, strlen(tps[i].sys) + 1);
		tdbuf__formats(&b, tps, i, j);
	}

	tdbuf__u32(&b, 0); /* kallsyms: left out, as perf does */
	tdbuf__file(&b, "printk_formats", 4, false);
	tdbuf__file(&b, "saved_cmdlines", 8, false);
	err = b.err;
	if (!err) {
		*buf = b.p;
		*size = b.len;
		b.p = NULL;
	}
out:
	free(b.p);
	for (i = 0; i < nr_attrs; i++) {
		free(tps[i].sys);
		free(tps[i].name);
	}
	free(tps);
	return err;
}
