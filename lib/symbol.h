/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbol tables of DSOs, built the way perf 6.1 builds them so that lookups
 * give the same answers: symbols kept in a red-black tree in perf's insertion
 * order, zero-sized ends fixed to the next symbol's start, duplicates (same
 * start) reduced to one by perf's preference rules, and lookups walking the
 * tree from its root (overlapping symbols resolve as perf resolves them).
 * Loading allocates; a lookup never does.
 */
#ifndef KPROF_LIB_SYMBOL_H
#define KPROF_LIB_SYMBOL_H

#include <linux/rbtree.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/machine.h"

struct kp_sym_cache;

struct kp_symtab {
	struct rb_root root;
	size_t nr;			/* symbols in the tree */
	struct kp_sym_chunk *chunks;	/* storage for nodes and names */
	struct kp_sym_cache *cache;	/* recent lookups (sample ips repeat a lot) */
};

void kp_symtab__init(struct kp_symtab *st);
void kp_symtab__exit(struct kp_symtab *st);

/* Add a symbol (perf's symbols__insert: equal starts go after the ones present). */
int kp_symtab__add(struct kp_symtab *st, uint64_t start, uint64_t size, uint8_t binding,
		   uint8_t type, const char *name, size_t name_len);

/* perf's symbols__fixup_end() and symbols__fixup_duplicate(). */
void kp_symtab__fixup_end(struct kp_symtab *st, int is_kallsyms);
void kp_symtab__fixup_duplicate(struct kp_symtab *st);

/* Remove @sym from the tree (it stays allocated until kp_symtab__exit). */
void kp_symtab__remove(struct kp_symtab *st, const struct kp_symbol *sym);

/* The symbol perf's symbols__find() returns for @addr, or NULL. */
const struct kp_symbol *kp_symtab__find(const struct kp_symtab *st, uint64_t addr);

/* In address order: first symbol, and the one after @sym (NULL at the end). */
const struct kp_symbol *kp_symtab__first(const struct kp_symtab *st);
const struct kp_symbol *kp_symtab__last(const struct kp_symtab *st);
const struct kp_symbol *kp_symtab__next(const struct kp_symbol *sym);

/*
 * Symbols of an ELF image (.symtab, then .dynsym, each pass followed by the
 * fix-ups), addresses converted to file offsets through the PT_LOAD segment
 * holding each symbol, like perf's dso__load_sym().  Returns the number of
 * symbols added (>= 0) or -errno (-ENOEXEC: not an ELF file, -ENOENT: no
 * symbol table).  With @bid, a file whose build id differs is refused (-ESTALE).
 */
int kp_symtab__load_elf(struct kp_symtab *st, const char *path, const uint8_t *bid, int bid_size);
/* The same with the symbols of @syms_path (a debug file) placed by @runtime_path's segments. */
int kp_symtab__load_elf2(struct kp_symtab *st, const char *syms_path, const char *runtime_path,
			 const uint8_t *bid, int bid_size);
/* Build id of an ELF image in memory; size (1..20) or -errno. */
int kp_elf__build_id_mem(void *image, size_t size, uint8_t id[20]);
int kp_symtab__load_elf_mem(struct kp_symtab *st, void *image, size_t size, const uint8_t *bid,
			    int bid_size);

enum kp_elf_probe_flags {
	KP_ELF_SYMTAB = 1 << 0,
	KP_ELF_DYNSYM = 1 << 1,
};

/*
 * Which symbol tables the ELF file at @path has (KP_ELF_* flags), so a caller
 * can pick the file perf would (one with .symtab first).  With @bid, a file
 * whose build id differs is refused.  Returns the flags or -errno.
 */
int kp_elf__probe(const char *path, const uint8_t *bid, int bid_size);

/*
 * A JIT map (/tmp/perf-PID.map, lines "START SIZE name" in hex), as perf's
 * dso__load_perf_map(): no fix-ups.  Returns the number of symbols or -errno.
 */
int kp_symtab__load_perf_map(struct kp_symtab *st, const char *path);

#endif /* KPROF_LIB_SYMBOL_H */
