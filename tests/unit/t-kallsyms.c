// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbols from a synthetic kallsyms file: which types are kept, how
 * ends are set, which of several symbols at one address wins, module symbols
 * (moved to a module map, or dropped without one), relocation.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/dso.h"
#include "lib/kallsyms.h"
#include "lib/map.h"
#include "tests/unit/tap.h"

static const char kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81000000 T _stext\n"
	"ffffffff81000100 t local_func\n"
	"ffffffff81000180 W weak_func\n"
	"ffffffff81000200 T SyS_read\n"
	"ffffffff81000200 T sys_read\n"
	"ffffffff81000300 r some_rodata\n"
	"ffffffff81000400 T __entry_SYSCALL_64_trampoline\n"
	"ffffffff81000500 A absolute_sym\n"
	"ffffffff81000600 D data_sym\n"
	"ffffffff81001000 b bss_sym\n"
	"garbage line\n"
	"ffffffffc0001000 t mod_func\t[mymod]\n"
	"ffffffffc0001080 T mod_func2\t[mymod]\n"
	"ffffffffc0002000 t other_func\t[nomap]\n";

static const char *write_tmp(const char *text)
{
	static char path[] = "/tmp/kprof-t-kallsyms-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return NULL;
	close(fd);
	return path;
}

static const char *name_at(struct kp_dso *dso, uint64_t addr)
{
	const struct kp_symbol *s = kp_symtab__find(&dso->symtab, addr);

	return s ? s->name : "(none)";
}

int main(void)
{
	struct kp_dsos dsos;
	struct kp_map_pool pool = { 0 };
	struct kp_maps *kmaps = kp_maps__new();
	struct kp_dso *kernel, *mod, *nomod;
	struct kp_map *modmap;
	const struct kp_symbol *s;
	const char *path = write_tmp(kallsyms);
	int n;

	check(path != NULL);
	kp_dsos__init(&dsos);
	kernel = kp_dsos__findnew(&dsos, "[kernel.kallsyms]", KP_DSO_KERNEL);
	mod = kp_dsos__findnew(&dsos, "/lib/modules/x/mymod.ko", KP_DSO_MODULE);
	mod->short_name = strdup("[mymod]");
	modmap = kp_map__new(&pool, 0xffffffffc0001000ULL, 0xffffffffc0003000ULL, 0, mod);
	kp_maps__add(kmaps, modmap);

	n = kp_kallsyms__load(kernel, path, kmaps, NULL, 0);
	/* _text/_stext one, local, weak, one sys_read, data, bss */
	check_int(n, ==, 6);
	check_int(kernel->symtab.nr, ==, 6);

	/* same start: the one fix-up_end gave a size wins (the last listed) */
	check_str(name_at(kernel, 0xffffffff81000000ULL), "_stext");
	check_str(name_at(kernel, 0xffffffff810000ffULL), "_stext");
	/* ends are the next symbol's start */
	check_str(name_at(kernel, 0xffffffff81000100ULL), "local_func");
	check_str(name_at(kernel, 0xffffffff8100017fULL), "local_func");
	check_str(name_at(kernel, 0xffffffff81000180ULL), "weak_func");
	s = kp_symtab__find(&kernel->symtab, 0xffffffff81000180ULL);
	check_int(s->binding, ==, STB_WEAK);
	check_int(s->type, ==, STT_FUNC);
	/* "SyS" aliases lose against the real name */
	check_str(name_at(kernel, 0xffffffff81000200ULL), "sys_read");
	/* r and A are not kept; the trampoline is dropped but its range stays with nobody */
	check_str(name_at(kernel, 0xffffffff81000300ULL), "sys_read");
	check_str(name_at(kernel, 0xffffffff81000400ULL), "(none)");
	check_str(name_at(kernel, 0xffffffff81000600ULL), "data_sym");
	s = kp_symtab__find(&kernel->symtab, 0xffffffff81000600ULL);
	check_int(s->type, ==, STT_OBJECT);
	check_int(s->binding, ==, STB_GLOBAL);
	/* the last kernel symbol before module ones ends one page on */
	s = kp_symtab__find(&kernel->symtab, 0xffffffff81001000ULL);
	check(s && !strcmp(s->name, "bss_sym"));
	check_uint(s ? s->end : 0, ==, 0xffffffff81002000ULL);
	check_int(s ? s->binding : -1, ==, STB_LOCAL);

	/* module symbols: relative to their map, names without the module */
	check_int(mod->symtab.nr, ==, 2);
	check_str(name_at(mod, 0x0), "mod_func");
	check_str(name_at(mod, 0x7f), "mod_func");
	check_str(name_at(mod, 0x80), "mod_func2");
	check_str(name_at(kernel, 0xffffffffc0001000ULL), "(none)");
	nomod = kp_dsos__find(&dsos, "[nomap]");
	check(nomod == NULL);
	check_str(name_at(kernel, 0xffffffffc0002000ULL), "(none)");

	/* relocation: the recorded _text was 0x1000 lower than this file's */
	kp_symtab__exit(&kernel->symtab);
	kp_symtab__init(&kernel->symtab);
	n = kp_kallsyms__load(kernel, path, NULL, "_text", 0xffffffff80fff000ULL);
	check_int(n, ==, 6);
	check_str(name_at(kernel, 0xffffffff80fff100ULL), "local_func");
	/* a reference symbol missing from the file: no symbols, like perf */
	kp_symtab__exit(&kernel->symtab);
	kp_symtab__init(&kernel->symtab);
	check_int(kp_kallsyms__load(kernel, path, NULL, "_nonexistent", 0x1000), <, 0);
	check_int(kernel->symtab.nr, ==, 0);

	check_uint(kp_kallsyms__func_addr(path, "weak_func"), ==, 0xffffffff81000180ULL);
	check_uint(kp_kallsyms__func_addr(path, "data_sym"), ==, 0);
	check_int(kp_kallsyms__load(kernel, "/nonexistent/kallsyms", NULL, NULL, 0), <, 0);

	/* the real one, when readable: perf keeps exactly these types */
	if (access("/proc/kallsyms", R_OK) == 0) {
		struct kp_dso *k2 = kp_dsos__findnew(&dsos, "k2", KP_DSO_KERNEL);

		n = kp_kallsyms__load(k2, "/proc/kallsyms", NULL, NULL, 0);
		check_int(n, >, 1000);
		s = kp_symtab__first(&k2->symtab);
		for (; s; s = kp_symtab__next(s))
			if (s->end <= s->start)
				break;
		check(s == NULL);
	}

	unlink(path);
	kp_maps__put(kmaps);
	kp_map_pool__exit(&pool);
	kp_dsos__exit(&dsos);
	return test_done();
}
