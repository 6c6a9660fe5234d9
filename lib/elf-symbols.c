// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol tables of ELF files, shaped like perf 6.1's dso__load_sym(): which
 * symbols are kept (functions, objects, labels in text/data sections; not
 * undefined, absolute or non-allocated ones), addresses turned into file
 * offsets through the PT_LOAD segment holding them, C++ names demangled
 * without parameters (libiberty's cplus_demangle, as Debian's perf does),
 * .symtab then .dynsym each followed by the fix-ups, then name@plt symbols.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <libiberty/demangle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "lib/elf-file.h"
#include "lib/symbol.h"

/* The section named @name if it is of @type (the first of that name decides). */
static Elf_Scn *elf__find_section(Elf *elf, uint32_t type, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = kp_elf_section(elf, name, shdr, NULL);

	return scn && shdr->sh_type == type ? scn : NULL;
}

static int elf__build_id(Elf *elf, uint8_t id[KP_BUILD_ID_SIZE])
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		Elf_Data *data;
		int ret;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_buf) {
			ret = kp_build_id__from_notes(data->d_buf, data->d_size, id);
			if (ret > 0)
				return ret;
		}
	}
	return -ENOENT;
}

/* The PT_LOAD segment holding @vaddr (perf's elf_read_program_header). */
static int elf__load_segment(Elf *elf, uint64_t vaddr, GElf_Phdr *phdr)
{
	size_t i, n;

	if (elf_getphdrnum(elf, &n))
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t sz;

		if (!gelf_getphdr(elf, i, phdr) || phdr->p_type != PT_LOAD)
			continue;
		sz = phdr->p_memsz > phdr->p_filesz ? phdr->p_memsz : phdr->p_filesz;
		if (sz && vaddr >= phdr->p_vaddr && vaddr < phdr->p_vaddr + sz)
			return 0;
	}
	return -1;
}

/* One symbol table of @elf; sections of NOBITS and segments are read from @run. */
static int elf__load_pass(struct kp_symtab *st, Elf *elf, Elf *run, Elf_Scn *scn,
			  const GElf_Shdr *symshdr)
{
	Elf_Data *syms, *strs;
	Elf_Scn *strscn;
	size_t shstrndx, shstrndx_run, nr, idx, nsec;
	int added = 0, err;

	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrstrndx(run, &shstrndx_run) ||
	    elf_getshdrnum(elf, &nsec))
		return -EINVAL;
	syms = elf_getdata(scn, NULL);
	strscn = elf_getscn(elf, symshdr->sh_link);
	strs = strscn ? elf_getdata(strscn, NULL) : NULL;
	if (!syms || !strs || !symshdr->sh_entsize)
		return -EINVAL;
	nr = symshdr->sh_size / symshdr->sh_entsize;
	for (idx = 0; idx < nr; idx++) {
		GElf_Sym sym;
		GElf_Shdr shdr;
		GElf_Phdr phdr;
		Elf_Scn *sec;
		const char *name, *secname;
		size_t strndx = shstrndx;
		Elf *secelf = elf;
		char *demangled;
		size_t len;
		int type, is_label, vis;

		if (!gelf_getsym(syms, idx, &sym))
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		vis = GELF_ST_VISIBILITY(sym.st_other);
		if (!sym.st_name || sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS)
			continue;
		is_label = type == STT_NOTYPE && vis != STV_HIDDEN && vis != STV_INTERNAL;
		if (!is_label && type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT)
			continue;
		if (sym.st_shndx >= nsec)
			continue;
		sec = elf_getscn(elf, sym.st_shndx);
		if (!sec || !gelf_getshdr(sec, &shdr) || !(shdr.sh_flags & SHF_ALLOC))
			continue;
		if (shdr.sh_type == SHT_NOBITS && run != elf) {
			/* a debug file: offsets are only right in the runtime image */
			sec = elf_getscn(run, sym.st_shndx);
			if (!sec || !gelf_getshdr(sec, &shdr))
				continue;
			strndx = shstrndx_run;
			secelf = run;
		}
		if (is_label) {
			secname = elf_strptr(secelf, strndx, shdr.sh_name);
			if (!secname || (!strstr(secname, "text") && !strstr(secname, "data")))
				continue;
		}
		if (sym.st_name >= strs->d_size)
			continue;
		name = (const char *)strs->d_buf + sym.st_name;
		if (!elf__load_segment(run, sym.st_value, &phdr))
			sym.st_value -= phdr.p_vaddr - phdr.p_offset;
		else
			sym.st_value -= shdr.sh_addr - shdr.sh_offset;
		/* perf demangles C++ before the fix-ups compare names (no parameters) */
		demangled = name[0] == '_' ? cplus_demangle(name, DMGL_NO_OPTS) :
							      NULL;
		if (demangled)
			name = demangled;
		len = demangled ? strlen(name) : strnlen(name, strs->d_size - sym.st_name);
		err = kp_symtab__add(st, sym.st_value, sym.st_size, GELF_ST_BIND(sym.st_info),
				     type, name, len);
		free(demangled);
		if (err)
			return err;
		added++;
	}
	if (added) {
		kp_symtab__fixup_end(st, 0);
		kp_symtab__fixup_duplicate(st);
	}
	return added;
}

static int elf__check(Elf *elf, const uint8_t *bid, int bid_size)
{
	GElf_Ehdr ehdr;

	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr))
		return -ENOEXEC;
	if (bid && bid_size > 0) {
		uint8_t id[KP_BUILD_ID_SIZE];
		int sz = elf__build_id(elf, id);

		if (sz != bid_size || memcmp(id, bid, sz))
			return -ESTALE;
	}
	return 0;
}

/* perf's dso__load_sym(): .symtab of @elf, then its .dynsym, each with the fix-ups. */
static int elf__load(struct kp_symtab *st, Elf *elf, Elf *run)
{
	GElf_Shdr symshdr, dynshdr;
	Elf_Scn *symtab, *dynsym;
	int n, total = 0;

	symtab = elf__find_section(elf, SHT_SYMTAB, ".symtab", &symshdr);
	dynsym = elf__find_section(elf, SHT_DYNSYM, ".dynsym", &dynshdr);
	if (!symtab && !dynsym)
		return -ENOENT;
	if (symtab) {
		n = elf__load_pass(st, elf, run, symtab, &symshdr);
		if (n < 0)
			return n;
		total += n;
	}
	if (dynsym) {
		n = elf__load_pass(st, elf, run, dynsym, &dynshdr);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

/*
 * "name@plt" symbols for the .plt entries of the runtime image, one per
 * .rela.plt (.rel.plt) relocation, added after the fix-ups like perf's
 * dso__synthesize_plt_symbols() (which ignores .plt.sec: so do we).
 */
static int elf__synthesize_plt(struct kp_symtab *st, Elf *elf)
{
	GElf_Shdr dynshdr, relshdr, pltshdr, strshdr;
	Elf_Scn *dynsym, *rel, *strscn;
	Elf_Data *reldata, *syms, *strs;
	size_t dynidx, nr, i;
	uint64_t off, entsize;
	char name[1024];
	int added = 0, err;

	dynsym = kp_elf_section(elf, ".dynsym", &dynshdr, &dynidx);
	if (!dynsym || dynshdr.sh_type != SHT_DYNSYM)
		return 0;
	rel = kp_elf_section(elf, ".rela.plt", &relshdr, NULL);
	if (!rel)
		rel = kp_elf_section(elf, ".rel.plt", &relshdr, NULL);
	if (!rel || relshdr.sh_link != dynidx || !kp_elf_section(elf, ".plt", &pltshdr, NULL))
		return 0;
	reldata = elf_getdata(rel, NULL);
	syms = elf_getdata(dynsym, NULL);
	strscn = elf_getscn(elf, dynshdr.sh_link);
	strs = strscn && gelf_getshdr(strscn, &strshdr) ? elf_getdata(strscn, NULL) : NULL;
	if (!reldata || !syms || !strs || !strs->d_size || !relshdr.sh_entsize)
		return 0;
	if (relshdr.sh_type != SHT_RELA && relshdr.sh_type != SHT_REL)
		return 0;
	nr = relshdr.sh_size / relshdr.sh_entsize;
	entsize = pltshdr.sh_entsize;
	off = pltshdr.sh_offset + entsize;	/* the first entry is the PLT header */
	for (i = 0; i < nr; i++) {
		GElf_Rela rela;
		GElf_Rel r;
		GElf_Sym sym;
		uint64_t info;
		const char *sname = "";
		char *demangled = NULL;
		int len;

		if (relshdr.sh_type == SHT_RELA) {
			if (!gelf_getrela(reldata, i, &rela))
				continue;
			info = rela.r_info;
		} else {
			if (!gelf_getrel(reldata, i, &r))
				continue;
			info = r.r_info;
		}
		if (gelf_getsym(syms, GELF_R_SYM(info), &sym) && sym.st_name < strs->d_size)
			sname = (const char *)strs->d_buf + sym.st_name;
		if (sname[0] == '_')
			demangled = cplus_demangle(sname, DMGL_NO_OPTS);
		len = snprintf(name, sizeof(name), "%s@plt", demangled ? demangled : sname);
		free(demangled);
		if (len >= (int)sizeof(name))
			len = sizeof(name) - 1;
		err = kp_symtab__add(st, off, entsize, STB_GLOBAL, STT_FUNC, name, len);
		if (err)
			return err;
		off += entsize;
		added++;
	}
	return added;
}

int kp_symtab__load_elf2(struct kp_symtab *st, const char *syms_path, const char *runtime_path,
			 const uint8_t *bid, int bid_size)
{
	struct kp_elf_file f, run = { .fd = -1 };
	int ret = kp_elf_file__open(&f, syms_path);

	if (ret)
		return ret;
	ret = elf__check(f.elf, bid, bid_size);
	if (ret)
		goto out;
	if (runtime_path && strcmp(runtime_path, syms_path) &&
	    !kp_elf_file__open(&run, runtime_path) && elf__check(run.elf, bid, bid_size))
		kp_elf_file__close(&run);
	ret = elf__load(st, f.elf, run.elf ?: f.elf);
	if (ret > 0) {
		int plt = elf__synthesize_plt(st, run.elf ?: f.elf);

		ret = plt < 0 ? plt : ret + plt;
	}
out:
	kp_elf_file__close(&run);
	kp_elf_file__close(&f);
	return ret;
}

int kp_symtab__load_elf(struct kp_symtab *st, const char *path, const uint8_t *bid, int bid_size)
{
	return kp_symtab__load_elf2(st, path, NULL, bid, bid_size);
}

int kp_elf__build_id_mem(void *image, size_t size, uint8_t id[KP_BUILD_ID_SIZE])
{
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory(image, size);
	ret = elf && elf_kind(elf) == ELF_K_ELF ? elf__build_id(elf, id) : -ENOEXEC;
	elf_end(elf);
	return ret;
}

int kp_symtab__load_elf_mem(struct kp_symtab *st, void *image, size_t size, const uint8_t *bid,
			    int bid_size)
{
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory(image, size);
	ret = elf ? elf__check(elf, bid, bid_size) : -ENOEXEC;
	if (!ret)
		ret = elf__load(st, elf, elf);
	if (ret > 0) {
		int plt = elf__synthesize_plt(st, elf);

		ret = plt < 0 ? plt : ret + plt;
	}
	elf_end(elf);
	return ret;
}

int kp_elf__probe(const char *path, const uint8_t *bid, int bid_size)
{
	struct kp_elf_file f;
	GElf_Shdr shdr;
	int ret = kp_elf_file__open(&f, path);

	if (ret)
		return ret;
	if (bid && bid_size > 0) {
		uint8_t id[KP_BUILD_ID_SIZE];
		int sz = elf__build_id(f.elf, id);

		if (sz != bid_size || memcmp(id, bid, sz)) {
			ret = -ESTALE;
			goto out;
		}
	}
	if (elf__find_section(f.elf, SHT_SYMTAB, ".symtab", &shdr))
		ret |= KP_ELF_SYMTAB;
	if (elf__find_section(f.elf, SHT_DYNSYM, ".dynsym", &shdr))
		ret |= KP_ELF_DYNSYM;
out:
	kp_elf_file__close(&f);
	return ret;
}
