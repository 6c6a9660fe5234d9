// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dso.h"

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void kp_dsos__init(struct kp_dsos *dsos)
{
	memset(dsos, 0, sizeof(*dsos));
	dsos->tail = &dsos->head;
}

void kp_dsos__exit(struct kp_dsos *dsos)
{
	struct kp_dso *dso = dsos->head, *next;

	for (; dso; dso = next) {
		next = dso->next;
		kp_symtab__exit(&dso->symtab);
		if (dso->short_name < dso->long_name ||
		    dso->short_name > dso->long_name + strlen(dso->long_name))
			free((char *)dso->short_name);
		free(dso->long_name);
		free(dso);
	}
	free(dsos->hash);
	kp_dsos__init(dsos);
}

struct kp_dso *kp_dsos__find(const struct kp_dsos *dsos, const char *long_name)
{
	struct kp_dso *dso;

	if (!dsos->nr_buckets)
		return NULL;
	dso = dsos->hash[name_hash(long_name) & (dsos->nr_buckets - 1)];
	for (; dso; dso = dso->hnext)
		if (!strcmp(dso->long_name, long_name))
			return dso;
	return NULL;
}

static int dsos__grow(struct kp_dsos *dsos)
{
	size_t n = dsos->nr_buckets ? dsos->nr_buckets * 2 : 64;
	struct kp_dso **hash = calloc(n, sizeof(*hash)), *dso;

	if (!hash)
		return -ENOMEM;
	for (dso = dsos->head; dso; dso = dso->next) {
		size_t b = name_hash(dso->long_name) & (n - 1);

		dso->hnext = hash[b];
		hash[b] = dso;
	}
	free(dsos->hash);
	dsos->hash = hash;
	dsos->nr_buckets = n;
	return 0;
}

/* perf's dso__set_basename(): "[JIT] tid N" for JIT maps, else the basename. */
static const char *dso__make_short_name(struct kp_dso *dso)
{
	const char *slash;
	char *s;
	int pid;

	if (sscanf(dso->long_name, "/tmp/perf-%d.map", &pid) == 1) {
		if (asprintf(&s, "[JIT] tid %d", pid) < 0)
			return NULL;
		return s;
	}
	slash = strrchr(dso->long_name, '/');
	return slash && slash[1] ? slash + 1 : dso->long_name;
}

struct kp_dso *kp_dsos__findnew(struct kp_dsos *dsos, const char *long_name,
				enum kp_dso_kind kind)
{
	struct kp_dso *dso = kp_dsos__find(dsos, long_name);
	size_t b;

	if (dso)
		return dso;
	if (dsos->nr >= dsos->nr_buckets && dsos__grow(dsos))
		return NULL;
	dso = calloc(1, sizeof(*dso));
	if (!dso)
		return NULL;
	dso->long_name = strdup(long_name);
	if (!dso->long_name)
		goto out_free;
	dso->short_name = dso__make_short_name(dso);
	if (!dso->short_name)
		goto out_free;
	dso->kind = kind;
	kp_symtab__init(&dso->symtab);
	b = name_hash(long_name) & (dsos->nr_buckets - 1);
	dso->hnext = dsos->hash[b];
	dsos->hash[b] = dso;
	*dsos->tail = dso;
	dsos->tail = &dso->next;
	dsos->nr++;
	return dso;
out_free:
	free(dso->long_name);
	free(dso);
	return NULL;
}

void kp_dso__set_build_id(struct kp_dso *dso, const uint8_t *id, int size)
{
	if (size <= 0)
		return;
	if (size > KP_BUILD_ID_SIZE)
		size = KP_BUILD_ID_SIZE;
	memcpy(dso->build_id, id, size);
	dso->build_id_size = size;
}

const char *kp_buildid_dir(char *buf, size_t size)
{
	const char *dir = getenv("PERF_BUILDID_DIR"), *home = getenv("HOME");

	if (dir && *dir)
		snprintf(buf, size, "%s", dir);
	else
		snprintf(buf, size, "%s/.debug", home && *home ? home : "");
	return buf;
}

static void dso__cache_path(const struct kp_dso *dso, char *buf, size_t size, const char *file)
{
	char dir[4096], hex[KP_BUILD_ID_HEX_SIZE];

	kp_build_id__hex(dso->build_id, dso->build_id_size, hex);
	snprintf(buf, size, "%s/.build-id/%.2s/%s/%s", kp_buildid_dir(dir, sizeof(dir)), hex,
		 hex + 2, file);
}

/* perf's dso__load() search: the first file with .symtab, else the first with .dynsym. */
static int dso__load_elf(struct kp_dso *dso)
{
	char paths[3][4096], hex[KP_BUILD_ID_HEX_SIZE];
	const uint8_t *bid = dso->build_id_size ? dso->build_id : NULL;
	int n = 0, i, flags, runtime = -1, err = -ENOENT;

	if (bid) {
		dso__cache_path(dso, paths[n++], sizeof(paths[0]), "elf");
		kp_build_id__hex(dso->build_id, dso->build_id_size, hex);
		snprintf(paths[n++], sizeof(paths[0]), "/usr/lib/debug/.build-id/%.2s/%s.debug",
			 hex, hex + 2);
	}
	if (dso->kind != KP_DSO_VDSO)
		snprintf(paths[n++], sizeof(paths[0]), "%s", dso->long_name);
	for (i = 0; i < n; i++) {
		flags = kp_elf__probe(paths[i], bid, dso->build_id_size);
		if (flags < 0) {
			if (err == -ENOENT)
				err = flags;
			continue;
		}
		if (flags & KP_ELF_SYMTAB)
			return kp_symtab__load_elf(&dso->symtab, paths[i], bid, dso->build_id_size);
		if ((flags & KP_ELF_DYNSYM) && runtime < 0)
			runtime = i;
	}
	if (runtime >= 0)
		return kp_symtab__load_elf(&dso->symtab, paths[runtime], bid, dso->build_id_size);
	if (dso->kind == KP_DSO_VDSO)
		return kp_vdso__load_self(&dso->symtab, bid, dso->build_id_size);
	return err;
}

void kp_dso__load(struct kp_dso *dso)
{
	int ret = 0;

	if (dso->loaded)
		return;
	dso->loaded = true;
	switch (dso->kind) {
	case KP_DSO_USER:
	case KP_DSO_VDSO:
		ret = dso__load_elf(dso);
		break;
	case KP_DSO_PERF_MAP:
		ret = kp_symtab__load_perf_map(&dso->symtab, dso->long_name);
		break;
	default:
		break;
	}
	dso->load_err = ret < 0 ? ret : 0;
}
