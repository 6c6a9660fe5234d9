// SPDX-License-Identifier: GPL-2.0
/*
 * ELF symbol tables: the functions nm lists are found at their file offsets
 * (perf's addresses) in a PIE, a non-PIE executable and a shared library
 * built from tests/targets/sym-funcs.c; perf's duplicate and end rules;
 * synthesized name@plt symbols; JIT maps.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/symbol.h"
#include "tests/unit/tap.h"

#define SRC "tests/targets/sym-funcs.c"

static char dir[] = "/tmp/kprof-t-symbol-XXXXXX";

struct seg {
	uint64_t off, vaddr, size;
};

/* PT_LOAD segments as readelf prints them. */
static int load_segments(const char *path, struct seg *segs, int max)
{
	char cmd[512], line[512];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "readelf -lW '%s'", path);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p) && n < max) {
		uint64_t off, va, pa, fsz, msz;

		if (sscanf(line, " LOAD 0x%" SCNx64 " 0x%" SCNx64 " 0x%" SCNx64 " 0x%" SCNx64
				 " 0x%" SCNx64, &off, &va, &pa, &fsz, &msz) == 5) {
			segs[n].off = off;
			segs[n].vaddr = va;
			segs[n].size = fsz > msz ? fsz : msz;
			n++;
		}
	}
	pclose(p);
	return n;
}

/* nm's address of @name in @path (0: not found). */
static uint64_t nm_addr(const char *path, const char *name)
{
	char cmd[512], line[512], sym[256], type;
	uint64_t addr, ret = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm --defined-only '%s'", path);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name))
			ret = addr;
	pclose(p);
	return ret;
}

/* The file offset perf uses for the symbol @name. */
static uint64_t file_addr(const char *path, const char *name)
{
	struct seg segs[16];
	int n = load_segments(path, segs, 16), i;
	uint64_t va = nm_addr(path, name);

	for (i = 0; i < n; i++)
		if (va >= segs[i].vaddr && va < segs[i].vaddr + segs[i].size)
			return va - segs[i].vaddr + segs[i].off;
	return va;
}

static const char *name_at(struct kp_symtab *st, uint64_t addr)
{
	const struct kp_symbol *s = kp_symtab__find(st, addr);

	return s ? s->name : "(none)";
}

static int build(const char *out, const char *flags)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "cc -O1 -g -fno-inline %s -o '%s/%s' %s 2>&1", flags, dir, out,
		 SRC);
	return system(cmd);
}

static void check_program(const char *name, int is_lib)
{
	char path[256];
	struct kp_symtab st;
	uint64_t hot, stat, weak, data;
	const struct kp_symbol *s;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	kp_symtab__init(&st);
	n = kp_symtab__load_elf(&st, path, NULL, 0);
	check_int(n, >, 4);
	hot = file_addr(path, "sym_hot");
	stat = file_addr(path, "sym_static_work");
	weak = file_addr(path, "sym_weak");
	data = file_addr(path, "sym_data");
	check_uint(hot, !=, 0);
	/* sym_hot and sym_alias: same start, size, binding; perf keeps the longer name */
	check_str(name_at(&st, hot), "sym_alias");
	check_str(name_at(&st, hot + 4), "sym_alias");
	check_str(name_at(&st, stat), "sym_static_work");
	s = kp_symtab__find(&st, stat);
	check_int(s ? s->binding : -1, ==, STB_LOCAL);
	check_str(name_at(&st, weak), "sym_weak");
	s = kp_symtab__find(&st, weak);
	check_int(s ? s->binding : -1, ==, STB_WEAK);
	/* a .bss object: its address goes through the RW segment's offset */
	check_str(name_at(&st, data), "sym_data");
	s = kp_symtab__find(&st, data);
	check_int(s ? s->type : -1, ==, STT_OBJECT);
	check_uint(s ? s->end - s->start : 0, ==, 64 * sizeof(unsigned long));
	if (!is_lib)
		check_str(name_at(&st, file_addr(path, "main")), "main");
	/*
	 * clock_gettime is called through the PLT: perf names the entry (whether
	 * a lookup finds it or the zero-sized _init stretched over .plt depends
	 * on the tree's shape, as in perf)
	 */
	for (s = kp_symtab__first(&st); s; s = kp_symtab__next(s))
		if (!strcmp(s->name, "clock_gettime@plt"))
			break;
	check(s != NULL);
	check_uint(s ? s->end - s->start : 0, ==, 16);
	check_int(s ? s->type : -1, ==, STT_FUNC);
	kp_symtab__exit(&st);
}

static void check_rules(void)
{
	struct kp_symtab st;

	kp_symtab__init(&st);
	/* zero sizes end at the next start; the last one gets a page */
	kp_symtab__add(&st, 0x1000, 0, STB_GLOBAL, STT_FUNC, "a", 1);
	kp_symtab__add(&st, 0x1100, 0x10, STB_GLOBAL, STT_FUNC, "b", 1);
	kp_symtab__add(&st, 0x1200, 0, STB_GLOBAL, STT_FUNC, "c", 1);
	/* duplicates: non-weak over weak, global over local, fewer leading underscores */
	kp_symtab__add(&st, 0x3000, 8, STB_WEAK, STT_FUNC, "weak", 4);
	kp_symtab__add(&st, 0x3000, 8, STB_GLOBAL, STT_FUNC, "strong", 6);
	kp_symtab__add(&st, 0x4000, 8, STB_LOCAL, STT_FUNC, "loc", 3);
	kp_symtab__add(&st, 0x4000, 8, STB_GLOBAL, STT_FUNC, "glob", 4);
	kp_symtab__add(&st, 0x5000, 8, STB_GLOBAL, STT_FUNC, "__x", 3);
	kp_symtab__add(&st, 0x5000, 8, STB_GLOBAL, STT_FUNC, "_yy", 3);
	kp_symtab__add(&st, 0x6000, 8, STB_GLOBAL, STT_FUNC, "same", 4);
	kp_symtab__add(&st, 0x6000, 8, STB_GLOBAL, STT_FUNC, "sam2", 4);
	kp_symtab__add(&st, 0x7010, 0, STB_GLOBAL, STT_FUNC, "z", 1);
	kp_symtab__fixup_end(&st, 0);
	kp_symtab__fixup_duplicate(&st);
	check_int(st.nr, ==, 8);
	check_str(name_at(&st, 0x10ff), "a");
	check_str(name_at(&st, 0x1110), "(none)");
	check_str(name_at(&st, 0x2fff), "c");
	check_str(name_at(&st, 0x8fff), "z");
	check_str(name_at(&st, 0x9000), "(none)");
	check_str(name_at(&st, 0x3000), "strong");
	check_str(name_at(&st, 0x4004), "glob");
	check_str(name_at(&st, 0x5000), "_yy");
	check_str(name_at(&st, 0x6000), "same");	/* a tie keeps the first */
	check_str(name_at(&st, 0x6008), "(none)");
	kp_symtab__exit(&st);
}

static void check_perf_map(void)
{
	char path[256];
	struct kp_symtab st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/perf-1.map", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "7f0000001000 100 jit_one\n7f0000001100 0x80 jit two\nbad\n"
		   "7f0000002000 20 last");
	fclose(f);
	kp_symtab__init(&st);
	check_int(kp_symtab__load_perf_map(&st, path), ==, 3);
	check_str(name_at(&st, 0x7f0000001000ULL), "jit_one");
	check_str(name_at(&st, 0x7f0000001170ULL), "jit two");
	check_str(name_at(&st, 0x7f0000001180ULL), "(none)");
	/* perf drops the last byte of a line even without a newline */
	check_str(name_at(&st, 0x7f0000002000ULL), "las");
	kp_symtab__exit(&st);
	check_int(kp_symtab__load_perf_map(&st, "/nonexistent.map"), ==, -ENOENT);
}

int main(void)
{
	char path[256];
	struct kp_symtab st;

	check_rules();
	if (!mkdtemp(dir) || access(SRC, R_OK) || system("cc --version >/dev/null 2>&1")) {
		tap_skip("no C compiler or sources");
		return test_done();
	}
	check_perf_map();
	check_int(build("pie", "-fpie -pie"), ==, 0);
	check_int(build("nopie", "-fno-pie -no-pie"), ==, 0);
	check_int(build("libsym.so", "-shared -fPIC -DSYM_LIB"), ==, 0);
	check_program("pie", 0);
	check_program("nopie", 0);
	check_program("libsym.so", 1);

	/* a build id that is not the file's: refused */
	snprintf(path, sizeof(path), "%s/pie", dir);
	kp_symtab__init(&st);
	check_int(kp_symtab__load_elf(&st, path, (const uint8_t *)"01234567890123456789", 20), ==,
		  -ESTALE);
	check_int(kp_elf__probe(path, NULL, 0), ==, KP_ELF_SYMTAB | KP_ELF_DYNSYM);
	check_int(kp_symtab__load_elf(&st, "/nonexistent", NULL, 0), ==, -ENOENT);
	check_int(kp_symtab__load_elf(&st, SRC, NULL, 0), ==, -ENOEXEC);
	kp_symtab__exit(&st);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		tap_diag("cannot remove %s", dir);
	return test_done();
}
