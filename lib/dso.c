// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/dso.h"
#include "lib/elf-file.h"

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

#define MAX_CANDIDATES 12

struct candidates {
	char path[MAX_CANDIDATES][4096];
	int nr;
};

static void cand__add(struct candidates *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void cand__add(struct candidates *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nr >= MAX_CANDIDATES)
		return;
	va_start(ap, fmt);
	vsnprintf(c->path[c->nr++], sizeof(c->path[0]), fmt, ap);
	va_end(ap);
}

/* The name in .gnu_debuglink of @path, or -errno. */
static int read_debuglink(const char *path, char *buf, size_t size)
{
	struct kp_elf_file f;
	Elf_Scn *scn;
	GElf_Shdr shdr;
	Elf_Data *data;
	int ret = kp_elf_file__open(&f, path);

	if (ret)
		return ret;
	ret = -ENOENT;
	scn = kp_elf_section(f.elf, ".gnu_debuglink", &shdr, NULL);
	data = scn ? elf_getdata(scn, NULL) : NULL;
	if (data && data->d_buf && data->d_size) {
		snprintf(buf, size, "%.*s", (int)strnlen(data->d_buf, data->d_size),
			 (const char *)data->d_buf);
		ret = 0;
	}
	kp_elf_file__close(&f);
	return ret;
}

static bool is_regular_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The files perf's dso__load() tries, in its order (binary_type_symtab). */
static void dso__candidates(const struct kp_dso *dso, struct candidates *c)
{
	const char *ln = dso->long_name;
	char hex[KP_BUILD_ID_HEX_SIZE], link[256], dir[4096];
	const char *slash;

	if (dso->kind == KP_DSO_USER && is_regular_file(ln) &&
	    !read_debuglink(ln, link, sizeof(link))) {
		static const char *const fmts[] = { "%.0s%s", "%s/%s", "%s/.debug/%s",
						    "/usr/lib/debug%s/%s" };
		size_t i;

		slash = strrchr(ln, '/');
		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - ln) : 0, ln);
		for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
			char p[4096 + 256 + 32];

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(p, sizeof(p), fmts[i], dir, link);
#pragma GCC diagnostic pop
			if (is_regular_file(p)) {
				cand__add(c, "%s", p);
				break;
			}
		}
	}
	if (dso->build_id_size) {
		kp_build_id__hex(dso->build_id, dso->build_id_size, hex);
		kp_buildid_dir(dir, sizeof(dir));
		cand__add(c, "%s/.build-id/%.2s/%s/elf", dir, hex, hex + 2);
		cand__add(c, "%s/.build-id/%.2s/%s/debug", dir, hex, hex + 2);
	}
	if (dso->kind == KP_DSO_USER) {
		cand__add(c, "/usr/lib/debug%s.debug", ln);
		cand__add(c, "/usr/lib/debug%s", ln);
	}
	if (dso->build_id_size)
		cand__add(c, "/usr/lib/debug/.build-id/%.2s/%s.debug", hex, hex + 2);
	if (dso->kind == KP_DSO_USER) {
		cand__add(c, "%s", ln);
		if (!strncmp(ln, "/usr/lib/", 9))
			cand__add(c, "/usr/lib/debug%s", ln + 4);
	}
}

/*
 * perf's choice: the first file with .symtab gives the symbols, the first
 * with .dynsym is the runtime image; either stands in for the other.
 */
static int dso__load_elf(struct kp_dso *dso)
{
	struct candidates *c = calloc(1, sizeof(*c));
	const uint8_t *bid = dso->build_id_size ? dso->build_id : NULL;
	int i, flags, syms = -1, run = -1, err = -ENOENT;

	if (!c)
		return -ENOMEM;
	/* like perf: without a recorded build id, the file's own leads to debug files */
	if (!dso->build_id_size && dso->kind == KP_DSO_USER && is_regular_file(dso->long_name)) {
		uint8_t id[KP_BUILD_ID_SIZE];
		int n = kp_build_id__read_file(dso->long_name, id);

		if (n > 0)
			kp_dso__set_build_id(dso, id, n);
		bid = dso->build_id_size ? dso->build_id : NULL;
	}
	dso__candidates(dso, c);
	for (i = 0; i < c->nr && (syms < 0 || run < 0); i++) {
		if (!is_regular_file(c->path[i]))
			continue;
		flags = kp_elf__probe(c->path[i], bid, dso->build_id_size);
		if (flags < 0) {
			if (err == -ENOENT)
				err = flags;
			continue;
		}
		if (syms < 0 && (flags & KP_ELF_SYMTAB))
			syms = i;
		if (run < 0 && (flags & KP_ELF_DYNSYM))
			run = i;
	}
	if (syms < 0)
		syms = run;
	if (run < 0)
		run = syms;
	if (syms >= 0)
		err = kp_symtab__load_elf2(&dso->symtab, c->path[syms], c->path[run], bid,
					   dso->build_id_size);
	else if (dso->kind == KP_DSO_VDSO)
		err = kp_vdso__load_self(&dso->symtab, bid, dso->build_id_size);
	free(c);
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
