/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An ELF file opened with libelf, and its sections by name: what the build-id
 * reader, the dso's debug-file search and the symbol loader share.
 */
#ifndef KPROF_LIB_ELF_FILE_H
#define KPROF_LIB_ELF_FILE_H

#include <gelf.h>
#include <stddef.h>

struct kp_elf_file {
	int fd;
	Elf *elf;
};

/*
 * Open @path read-only and map it: 0, -errno (open), -EINVAL (libelf) or
 * -ENOEXEC (not an ELF file).  On success close it with kp_elf_file__close().
 */
int kp_elf_file__open(struct kp_elf_file *f, const char *path);
void kp_elf_file__close(struct kp_elf_file *f);

/* The first section named @name, of any type (perf's elf_section_by_name); its header
 * in @shdr and, when @idx is given, its index.  NULL when there is none. */
Elf_Scn *kp_elf_section(Elf *elf, const char *name, GElf_Shdr *shdr, size_t *idx);

#endif /* KPROF_LIB_ELF_FILE_H */
