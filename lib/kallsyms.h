/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbols from a kallsyms file (/proc/kallsyms or a copy), kept and
 * shaped as perf 6.1 does without a vmlinux: types T/t, W/w, D/d, B/b only,
 * ends at the next symbol, one symbol per address, module symbols
 * ("name\t[mod]") moved to the module's DSO when a map for it exists and
 * dropped otherwise.
 */
#ifndef KPROF_LIB_KALLSYMS_H
#define KPROF_LIB_KALLSYMS_H

#include <stdint.h>

struct kp_dso;
struct kp_maps;

/*
 * Fill @kernel's symbol table from @path.  @kmaps (may be NULL) holds the
 * module maps, found by their DSO's short name "[mod]".  @ref_name and
 * @ref_addr: the kernel MMAP's relocation reference ("_text" and its address
 * at record time, from the MMAP's pgoff; @ref_addr 0: none) — symbols are
 * moved by the difference with the file's own address of @ref_name.
 * Returns the number of kernel symbols kept, or -errno.
 */
int kp_kallsyms__load(struct kp_dso *kernel, const char *path, struct kp_maps *kmaps,
		      const char *ref_name, uint64_t ref_addr);

/* Address of the function @name in the kallsyms file @path; 0 when not found. */
uint64_t kp_kallsyms__func_addr(const char *path, const char *name);

#endif /* KPROF_LIB_KALLSYMS_H */
