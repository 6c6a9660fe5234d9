// SPDX-License-Identifier: GPL-2.0
/*
 * Where a uprobe goes: the file behind BIN (a path, a command, a library) and
 * the file offsets of its function symbols.  Symbols are read here rather than
 * through lib/symbol.c because a probe must find every alias (malloc and
 * __libc_malloc share an address; report's table keeps one of them).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/probe/resolve.h"

static int real_path(const char *p, char **out)
{
	struct stat st;

	if (stat(p, &st) || !S_ISREG(st.st_mode))
		return -ENOENT;
	*out = realpath(p, NULL);
	return *out ? 0 : -errno;
}

static int find_in_path(const char *bin, char **out)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (!path)
		return -ENOENT;
	while (*path) {
		size_t len = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, len ? path : ".", bin);
		if (!access(buf, X_OK) && !real_path(buf, out))
			return 0;
		path += len;
		if (*path)
			path++;
	}
	return -ENOENT;
}

/* "libc" names libc.so.6, libc-2.36.so and libc.so; "c" names libc too. */
static bool lib_name_matches(const char *base, const char *bin)
{
	size_t n = strlen(bin);

	if (!strcmp(base, bin))
		return true;
	if (!strncmp(base, bin, n) && (!strncmp(base + n, ".so", 3) || base[n] == '-'))
		return true;
	if (!strncmp(base, "lib", 3) && !strncmp(base + 3, bin, n) &&
	    (!strncmp(base + 3 + n, ".so", 3) || base[3 + n] == '-'))
		return true;
	return false;
}

static int find_in_maps(const char *bin, pid_t pid, char **out)
{
	char path[64], line[PATH_MAX + 128];
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -ENOENT;
	while (err && fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/'), *base;

		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		base = strrchr(file, '/') + 1;
		if (lib_name_matches(base, bin))
			err = real_path(file, out);
	}
	fclose(f);
	return err;
}

/* ldconfig -p: "\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6" */
static int find_in_ldconfig(const char *bin, const char *listing, char **out)
{
	char line[PATH_MAX + 256];
	int err = -ENOENT, best = -1;
	FILE *f;

	if (listing)
		f = fopen(listing, "r");
	else if (!access("/sbin/ldconfig", X_OK))
		f = popen("/sbin/ldconfig -p 2>/dev/null", "r");
	else
		f = popen("ldconfig -p 2>/dev/null", "r");
	if (!f)
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		char *name = line + strspn(line, " \t"), *arrow = strstr(line, " => ");
		char *tag = strchr(name, ' ');
		int score;

		if (!arrow || !tag)
			continue;
		*tag = 0;
		if (!lib_name_matches(name, bin))
			continue;
		arrow[strcspn(arrow, "\n")] = 0;
		/* Native libraries first, then a name with a version ("libc.so.6" over "libc.so"). */
		score = (strstr(tag + 1, "x86-64") ? 2 : 0) + (strstr(name, ".so.") ? 1 : 0);
		if (score > best) {
			char *p = NULL;

			if (!real_path(arrow + 4, &p)) {
				free(*out);
				*out = p;
				best = score;
				err = 0;
			}
		}
	}
	if (listing)
		fclose(f);
	else
		pclose(f);
	return err;
}

int kp_probe_find_binary(const char *bin, const struct kp_probe_resolve_opts *opts, char **path)
{
	*path = NULL;
	if (strchr(bin, '/'))
		return real_path(bin, path);
	if (!find_in_path(bin, path))
		return 0;
	if (opts->pid > 0 && !find_in_maps(bin, opts->pid, path))
		return 0;
	if (!find_in_ldconfig(bin, opts->ldconfig, path))
		return 0;
	return real_path(bin, path);	/* a file in the current directory */
}

static int vaddr_to_offset(Elf *elf, uint64_t vaddr, uint64_t *off)
{
	size_t n;

	if (elf_getphdrnum(elf, &n))
		return -ENOEXEC;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_X))
			continue;
		if (vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_filesz) {
			*off = vaddr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct kp_probe_elf_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int add_section_syms(Elf *elf, Elf_Scn *scn, GElf_Shdr *sh, struct kp_probe_elf_sym **syms,
			    size_t *nr, size_t *alloc)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t count = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 0; data && i < count; i++) {
		struct kp_probe_elf_sym *s;
		const char *name;
		uint64_t off;
		GElf_Sym sym;

		if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		    GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC)
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name || vaddr_to_offset(elf, sym.st_value, &off))
			continue;
		if (*nr == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 256;
			struct kp_probe_elf_sym *t = realloc(*syms, na * sizeof(*t));

			if (!t)
				return -ENOMEM;
			*syms = t;
			*alloc = na;
		}
		s = &(*syms)[*nr];
		s->name = strdup(name);
		if (!s->name)
			return -ENOMEM;
		s->vaddr = sym.st_value;
		s->offset = off;
		(*nr)++;
	}
	return 0;
}

int kp_probe_elf_syms(const char *path, struct kp_probe_elf_sym **symsp, size_t *nrp)
{
	struct kp_probe_elf_sym *syms = NULL;
	size_t nr = 0, alloc = 0, out = 0;
	Elf_Scn *scn = NULL;
	int fd, err = 0;
	Elf *elf;

	*symsp = NULL;
	*nrp = 0;
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		err = -ENOEXEC;
		goto out;
	}
	while (!err && (scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
			err = add_section_syms(elf, scn, &sh, &syms, &nr, &alloc);
	}
	if (err)
		goto out;
	/* .symtab and .dynsym repeat each other: one entry per (name, offset). */
	if (nr)
		qsort(syms, nr, sizeof(*syms), cmp_sym);
	for (size_t i = 0; i < nr; i++) {
		if (out && !cmp_sym(&syms[out - 1], &syms[i])) {
			free(syms[i].name);
			continue;
		}
		syms[out++] = syms[i];
	}
	*symsp = syms;
	*nrp = out;
	syms = NULL;
	nr = 0;
out:
	kp_probe_elf_syms__free(syms, nr);
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

void kp_probe_elf_syms__free(struct kp_probe_elf_sym *syms, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(syms[i].name);
	free(syms);
}
