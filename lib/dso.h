/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DSOs: the files (and pseudo files) behind maps, one per name per machine,
 * with their build ids and lazily loaded symbol tables.
 */
#ifndef KPROF_LIB_DSO_H
#define KPROF_LIB_DSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/build-id.h"
#include "lib/machine.h"
#include "lib/symbol.h"

enum kp_dso_kind {
	KP_DSO_USER,		/* an ELF file */
	KP_DSO_KERNEL,		/* [kernel.kallsyms] */
	KP_DSO_MODULE,		/* [modname] */
	KP_DSO_VDSO,		/* [vdso] */
	KP_DSO_PERF_MAP,	/* /tmp/perf-PID.map (JIT) */
	KP_DSO_NO_FILE,		/* //anon, [heap], [stack]: never has symbols */
};

struct kp_dso {
	char *long_name;
	const char *short_name;		/* into long_name, or a separate string */
	enum kp_dso_kind kind;
	bool loaded;			/* symbols were looked for (found or not) */
	bool hit;
	bool header_build_id;		/* the build id came from the file's BUILD_ID feature */
	int build_id_size;		/* 0: none known */
	uint8_t build_id[KP_BUILD_ID_SIZE];
	int load_err;			/* why no symbols (-errno), 0 when loaded */
	struct kp_symtab symtab;
	struct kp_dso *next;		/* all DSOs of the machine, in creation order */
	struct kp_dso *hnext;		/* hash chain */
};

struct kp_dsos {
	struct kp_dso *head, **tail;
	struct kp_dso **hash;
	size_t nr, nr_buckets;
};

void kp_dsos__init(struct kp_dsos *dsos);
void kp_dsos__exit(struct kp_dsos *dsos);
struct kp_dso *kp_dsos__find(const struct kp_dsos *dsos, const char *long_name);
/* Find by long name, or add one of @kind; NULL on ENOMEM. */
struct kp_dso *kp_dsos__findnew(struct kp_dsos *dsos, const char *long_name,
				enum kp_dso_kind kind);

void kp_dso__set_build_id(struct kp_dso *dso, const uint8_t *id, int size);

/* Where perf keeps copies of profiled files ($PERF_BUILDID_DIR, else ~/.debug). */
const char *kp_buildid_dir(char *buf, size_t size);

/*
 * Load the symbols of a user, vdso or JIT-map DSO, once, the way perf
 * chooses the file: with a known build id, perf's cache
 * (<buildid dir>/.build-id/xx/<rest>/elf), /usr/lib/debug/.build-id/xx/<rest>.debug,
 * then the file itself, each refused when its build id differs; a file with
 * .symtab is preferred to one with .dynsym only.  Kernel DSOs are loaded by
 * lib/kallsyms.c.  Sets dso->loaded; failures leave the DSO without symbols.
 */
void kp_dso__load(struct kp_dso *dso);

/* [vdso]: symbols of this process's own vdso (same kernel: same image). */
int kp_vdso__load_self(struct kp_symtab *st, const uint8_t *bid, int bid_size);
/* Build id of this process's vdso (what perf record stores for [vdso]). */
int kp_vdso__build_id_self(uint8_t id[KP_BUILD_ID_SIZE]);

#endif /* KPROF_LIB_DSO_H */
