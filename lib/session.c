// SPDX-License-Identifier: GPL-2.0
/*
 * Opening a perf.data: the input, the file header, the attrs section with
 * their ids, the feature sections.  Records are read in lib/session-events.c.
 */
#include <byteswap.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/feature-read.h"
#include "lib/session-int.h"
#include "lib/swap.h"

int kp_session__err(struct kp_session *s, int err, const char *fmt, ...)
{
	const char *name = s->err_name ?: s->name;
	int n = snprintf(s->err, sizeof(s->err), "%s: ", name ? name : "perf.data");
	va_list ap;

	if (n < 0 || (size_t)n >= sizeof(s->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(s->err + n, sizeof(s->err) - n, fmt, ap);
	va_end(ap);
	return err;
}

int kp_session__add_evsel(struct kp_session *s, const struct perf_event_attr *attr,
			  const uint64_t *ids, uint32_t nr_ids, bool swap_ids)
{
	struct kp_evsel *evsel, **arr;
	char buf[64];
	uint32_t i;

	arr = realloc(s->evsels, (s->nr_evsels + 1) * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	s->evsels = arr;
	evsel = kp_evsel__new(attr, kp_evsel__default_name(attr, buf, sizeof(buf)), s->nr_evsels);
	if (!evsel)
		return -ENOMEM;
	s->evsels[s->nr_evsels++] = evsel;
	for (i = 0; i < nr_ids; i++) {
		uint64_t id;

		memcpy(&id, ids + i, sizeof(id));
		if (swap_ids)
			id = bswap_64(id);
		if (kp_evsel__add_id(evsel, id) || kp_idmap__add(&s->ids, id, evsel))
			return -ENOMEM;
	}
	return 0;
}

static void evsel__set_name(struct kp_evsel *evsel, const char *name)
{
	char *n = strdup(name);

	if (n) {
		free(evsel->name);
		evsel->name = n;
	}
}

void kp_session__apply_event_desc(struct kp_session *s)
{
	uint32_t i;

	for (i = 0; i < s->env.nr_event_desc; i++) {
		const struct kp_event_desc *d = &s->env.event_desc[i];
		struct kp_evsel *evsel = NULL;

		if (!d->name)
			continue;
		if (d->nr_ids)
			evsel = kp_idmap__find(&s->ids, d->ids[0]);
		if (!evsel && (int)i < s->nr_evsels)
			evsel = s->evsels[i];
		if (evsel)
			evsel__set_name(evsel, d->name);
	}
}

/* Rebuild groups from GROUP_DESC like perf: members follow their leader in index order. */
void kp_session__apply_groups(struct kp_session *s)
{
	const struct kp_env *env = &s->env;
	uint32_t g;
	int i;

	for (i = 0; i < s->nr_evsels; i++)
		s->evsels[i]->leader = NULL;
	for (g = 0; g < env->nr_groups; g++) {
		const struct kp_group_desc *d = &env->groups[g];
		struct kp_evsel *leader;
		uint32_t m;

		if (d->leader_idx >= (uint32_t)s->nr_evsels || !d->nr_members ||
		    d->nr_members > (uint32_t)s->nr_evsels - d->leader_idx)
			continue;	/* perf ignores an invalid description too */
		leader = s->evsels[d->leader_idx];
		leader->nr_members = d->nr_members;
		free(leader->group_name);
		leader->group_name = d->name && strcmp(d->name, "{anon_group}") ? strdup(d->name) :
										   NULL;
		for (m = 0; m < d->nr_members; m++)
			s->evsels[d->leader_idx + m]->leader = leader;
	}
}

int kp_session__attrs_ready(struct kp_session *s)
{
	if (s->attrs_done)
		return 0;
	s->attrs_done = true;
	if (!s->pipe && s->ordered && s->nr_evsels && !s->evsels[0]->attr.sample_id_all)
		s->ordered = false; /* no timestamps on side-band records: file order */
	if (s->tool && s->tool->attrs_ready)
		return s->tool->attrs_ready(s->tool, s);
	return 0;
}

/* Is [off, off + size) inside the input? */
static bool in_file(const struct kp_session *s, uint64_t off, uint64_t size)
{
	return off <= s->in.size && size <= s->in.size - off;
}

static int read_attrs(struct kp_session *s)
{
	const struct kp_file_header *h = &s->hdr;
	uint64_t nr, i, attr_bytes = h->attr_size - sizeof(struct kp_file_section);

	if (!in_file(s, h->attrs.offset, h->attrs.size))
		return kp_session__err(
			s, -EINVAL,
			"attrs section at offset %#llx (size %#llx) is past the end of the file (size %#zx)",
			(unsigned long long)h->attrs.offset, (unsigned long long)h->attrs.size,
			s->in.size);
	if (h->attrs.size % h->attr_size || !h->attrs.size)
		return kp_session__err(
			s, -EINVAL,
			"attrs section at offset %#llx has size %#llx, not a multiple of the attr size %llu",
			(unsigned long long)h->attrs.offset, (unsigned long long)h->attrs.size,
			(unsigned long long)h->attr_size);
	nr = h->attrs.size / h->attr_size;
	for (i = 0; i < nr; i++) {
		uint64_t off = h->attrs.offset + i * h->attr_size;
		struct perf_event_attr attr;
		struct kp_file_section ids;
		int err;

		memset(&attr, 0, sizeof(attr));
		memcpy(&attr, s->in.map + off,
		       attr_bytes < sizeof(attr) ? attr_bytes : sizeof(attr));
		memcpy(&ids, s->in.map + off + attr_bytes, sizeof(ids));
		if (s->swap) {
			kp_swap_attr(&attr, attr_bytes);
			ids.offset = bswap_64(ids.offset);
			ids.size = bswap_64(ids.size);
		}
		if (!in_file(s, ids.offset, ids.size) || ids.size % 8)
			return kp_session__err(
				s, -EINVAL,
				"ids of attr %llu at offset %#llx: section at offset %#llx (size %#llx) is past the end of the file",
				(unsigned long long)i, (unsigned long long)off,
				(unsigned long long)ids.offset, (unsigned long long)ids.size);
		err = kp_session__add_evsel(s, &attr, (const uint64_t *)(s->in.map + ids.offset),
					    ids.size / 8, s->swap);
		if (err)
			return kp_session__err(s, err, "%s", strerror(-err));
	}
	return 0;
}

static int read_features(struct kp_session *s)
{
	const struct kp_file_header *h = &s->hdr;
	uint64_t table = h->data.offset + h->data.size, n = 0;
	int feat, err;

	for (feat = 1; feat < KP_FEAT_BITS; feat++) {
		struct kp_file_section sec;
		uint64_t at = table + n * sizeof(sec);

		if (!kp_header__has_feat(h, feat))
			continue;
		n++;
		if (!in_file(s, at, sizeof(sec)))
			return kp_session__err(
				s, -EINVAL,
				"feature table entry of '%s' at offset %#llx is past the end of the file (size %#zx)",
				kp_feature__name(feat), (unsigned long long)at, s->in.size);
		memcpy(&sec, s->in.map + at, sizeof(sec));
		if (s->swap) {
			sec.offset = bswap_64(sec.offset);
			sec.size = bswap_64(sec.size);
		}
		if (!in_file(s, sec.offset, sec.size))
			return kp_session__err(
				s, -EINVAL,
				"feature '%s' at offset %#llx (size %#llx) is past the end of the file (size %#zx)",
				kp_feature__name(feat), (unsigned long long)sec.offset,
				(unsigned long long)sec.size, s->in.size);
		err = kp_feature__read(&s->env, feat, s->in.map + sec.offset, sec.size, s->swap);
		if (err == -ENOMEM)
			return kp_session__err(s, err, "%s", strerror(ENOMEM));
		if (err)
			return kp_session__err(
				s, err, "feature '%s' at offset %#llx (size %#llx) is malformed",
				kp_feature__name(feat), (unsigned long long)sec.offset,
				(unsigned long long)sec.size);
	}
	return 0;
}

#define HEADER_V1_SIZE offsetof(struct kp_file_header, features)

static int read_file_header(struct kp_session *s)
{
	struct kp_file_header *h = &s->hdr;
	uint64_t hsize, i;
	int err;

	memcpy(h, s->in.map, s->in.size < sizeof(*h) ? s->in.size : sizeof(*h));
	if (s->swap) {
		uint64_t *w = (uint64_t *)h;

		for (i = 0; i < sizeof(*h) / 8; i++)
			w[i] = bswap_64(w[i]);
	}
	hsize = h->size;
	if (hsize != sizeof(*h) && hsize != HEADER_V1_SIZE)
		return kp_session__err(s, -EINVAL,
				       "header size at offset 0x8 is %llu, expected %zu",
				       (unsigned long long)hsize, sizeof(*h));
	if (s->in.size < hsize)
		return kp_session__err(s, -EINVAL,
				       "file of %zu bytes is too short for its %llu-byte header",
				       s->in.size, (unsigned long long)hsize);
	if (hsize == HEADER_V1_SIZE)
		memset(h->features, 0, sizeof(h->features));
	if (h->attr_size < PERF_ATTR_SIZE_VER0 + sizeof(struct kp_file_section) ||
	    h->attr_size > 65536)
		return kp_session__err(s, -EINVAL, "attr size at offset 0x10 is %llu",
				       (unsigned long long)h->attr_size);
	err = read_attrs(s);
	if (err)
		return err;

	s->data_off = h->data.offset;
	if (h->data.offset < hsize || h->data.offset > s->in.size)
		return kp_session__err(
			s, -EINVAL, "data section at offset %#llx is outside the file (size %#zx)",
			(unsigned long long)h->data.offset, s->in.size);
	if (!h->data.size || !in_file(s, h->data.offset, h->data.size)) {
		/* recorder killed before it wrote the header back: read what is there */
		s->data_end = s->in.size;
		s->stats.truncated = true;
		return 0;
	}
	s->data_end = h->data.offset + h->data.size;
	err = read_features(s);
	if (err)
		return err;
	kp_session__apply_event_desc(s);
	kp_session__apply_groups(s);
	return 0;
}

static int dir_file_cmp(const void *a, const void *b)
{
	unsigned long x = strtoul(strrchr(((const struct kp_region *)a)->name, '.') + 1, NULL, 10);
	unsigned long y = strtoul(strrchr(((const struct kp_region *)b)->name, '.') + 1, NULL, 10);

	return x < y ? -1 : x > y;
}

/* The data.N files of a perf.data directory, by number; empty ones are skipped like perf. */
static int open_dir_files(struct kp_session *s, const char *dirpath)
{
	struct dirent *de;
	DIR *dir = opendir(dirpath);
	int err = 0;

	if (!dir)
		return kp_session__err(s, -errno, "cannot open the directory: %s", strerror(errno));
	while ((de = readdir(dir))) {
		struct kp_region *r;
		char *end, *path;

		if (strncmp(de->d_name, "data.", 5) || !de->d_name[5])
			continue;
		strtoul(de->d_name + 5, &end, 10);
		if (*end)
			continue;
		if (asprintf(&path, "%s/%s", dirpath, de->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		r = realloc(s->dir_files, (s->nr_dir_files + 1) * sizeof(*r));
		if (!r) {
			free(path);
			err = -ENOMEM;
			break;
		}
		s->dir_files = r;
		r += s->nr_dir_files++;
		memset(r, 0, sizeof(*r));
		r->name = path;
		err = kp_input__map_file(path, &r->map, &r->map_size);
		if (err) {
			snprintf(s->err, sizeof(s->err), "cannot open '%s': %s", path,
				 strerror(-err));
			break;
		}
		r->end = r->map_size;
		r->to_eof = true;
	}
	closedir(dir);
	if (err == -ENOMEM)
		return kp_session__err(s, err, "%s", strerror(ENOMEM));
	if (err)
		return err;
	qsort(s->dir_files, s->nr_dir_files, sizeof(*s->dir_files), dir_file_cmp);
	return 0;
}

static int check_magic(struct kp_session *s, const uint8_t *p, size_t n)
{
	uint64_t magic;

	if (n < 8)
		return kp_session__err(s, -EINVAL, "not a perf.data file (only %zu bytes)", n);
	memcpy(&magic, p, 8);
	if (magic == KP_MAGIC2)
		s->swap = false;
	else if (magic == KP_MAGIC2_SWAPPED)
		s->swap = true;
	else if (!memcmp(p, "PERFFILE", 8))
		return kp_session__err(s, -EINVAL, "perf.data version 1 is not supported");
	else
		return kp_session__err(s, -EINVAL, "not a perf.data file (bad magic)");
	return 0;
}

int kp_session__open(struct kp_session **session, const char *path, struct kp_tool *tool)
{
	struct kp_session *s = calloc(1, sizeof(*s));
	char msg[256];
	uint64_t hsize;
	int err;

	*session = s;
	if (!s)
		return -ENOMEM;
	s->tool = tool;
	s->ordered = tool ? tool->ordered : false;
	s->name = strdup((!path || !strcmp(path, "-")) ? "stdin" : path);
	if (!s->name)
		return -ENOMEM;
	kp_ordered__init(&s->oe, NULL, s);
	/* copies of streamed or decompressed records: deliver early past this */
	s->oe.max_copied = 512UL << 20;

	err = kp_input__open(&s->in, path, msg, sizeof(msg));
	if (s->in.dir) {
		char *name;

		if (asprintf(&name, "%s/data", s->name) < 0)
			return -ENOMEM;
		free(s->name);
		s->name = name;
	}
	if (err && s->in.fd < 0) {
		snprintf(s->err, sizeof(s->err), "cannot open '%s': %s", s->name, strerror(-err));
		return err;
	}
	if (err)
		return kp_session__err(s, err, "%s", msg);
	if (s->in.stream) {
		/* kp_input checked the magic and the 16-byte size */
		s->pipe = true;
		memcpy(&hsize, s->in.peek, sizeof(hsize));
		s->swap = hsize == KP_MAGIC2_SWAPPED;
		s->in.peek_pos = s->in.npeek;
		s->in.pos = s->in.npeek;
		return 0;
	}
	err = check_magic(s, s->in.map, s->in.size);
	if (err)
		return err;
	if (s->in.size < 16)
		return kp_session__err(s, -EINVAL, "file of %zu bytes is too short for a header",
				       s->in.size);
	memcpy(&hsize, s->in.map + 8, 8);
	if (s->swap)
		hsize = bswap_64(hsize);
	if (hsize == sizeof(struct kp_pipe_header)) {
		s->pipe = true;
		s->data_off = hsize;
		s->data_end = s->in.size;
		return 0;
	}
	err = read_file_header(s);
	if (!err && s->in.dir)
		err = open_dir_files(s, path);
	return err;
}

int kp_session__process(struct kp_session *s)
{
	if (!s)
		return -EINVAL;
	if (s->processed)
		return kp_session__err(s, -EINVAL, "already processed");
	s->processed = true;
	return s->pipe ? kp_session__process_pipe(s) : kp_session__process_file(s);
}

void kp_session__delete(struct kp_session *s)
{
	int i;

	if (!s)
		return;
	kp_ordered__exit(&s->oe);
	if (s->decomp_ready)
		kp_decomp__exit(&s->decomp);
	for (i = 0; i < s->nr_evsels; i++)
		kp_evsel__delete(s->evsels[i]);
	free(s->evsels);
	kp_idmap__exit(&s->ids);
	kp_env__exit(&s->env);
	kp_input__close(&s->in);
	for (i = 0; i < (int)s->nr_dir_files; i++) {
		if (s->dir_files[i].map)
			munmap(s->dir_files[i].map, s->dir_files[i].map_size);
		free(s->dir_files[i].name);
	}
	free(s->dir_files);
	free(s->rbuf);
	free(s->abuf);
	free(s->dbuf);
	free(s->name);
	free(s);
}

const char *kp_session__strerror(const struct kp_session *s)
{
	if (!s)
		return "out of memory";
	return s->err[0] ? s->err : "unknown error";
}

const struct kp_env *kp_session__env(const struct kp_session *s)
{
	return &s->env;
}

int kp_session__nr_evsels(const struct kp_session *s)
{
	return s->nr_evsels;
}

struct kp_evsel *kp_session__evsel(const struct kp_session *s, int idx)
{
	return idx >= 0 && idx < s->nr_evsels ? s->evsels[idx] : NULL;
}

bool kp_session__is_pipe(const struct kp_session *s)
{
	return s->pipe;
}

const struct kp_session_stats *kp_session__stats(const struct kp_session *s)
{
	return &s->stats;
}
