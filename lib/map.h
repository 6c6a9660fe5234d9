/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maps: address ranges of a thread (or of the kernel) backed by a DSO, and
 * address spaces (sorted, non-overlapping arrays of maps, shared by the
 * threads of a process).  Maps are never freed before their machine, so a
 * kp_map pointer handed out by a resolve stays valid.
 */
#ifndef KPROF_LIB_MAP_H
#define KPROF_LIB_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kp_dso;

struct kp_map {
	uint64_t start, end;	/* [start, end) */
	uint64_t pgoff;
	struct kp_dso *dso;
	uint32_t prot, flags;
	bool identity;		/* map_ip(ip) == ip: kernel, JIT and anonymous maps */
	struct kp_map *all_next;	/* the machine's list of every map, for freeing */
};

/* Every map of a machine; freed together. */
struct kp_map_pool {
	struct kp_map *head;
};

struct kp_map *kp_map__new(struct kp_map_pool *pool, uint64_t start, uint64_t end,
			   uint64_t pgoff, struct kp_dso *dso);
void kp_map_pool__exit(struct kp_map_pool *pool);

/* An address of the DSO for @ip (perf's map->map_ip). */
static inline uint64_t kp_map__map_ip(const struct kp_map *map, uint64_t ip)
{
	return map->identity ? ip : ip - map->start + map->pgoff;
}

struct kp_maps {
	struct kp_map **v;	/* sorted by start */
	size_t nr, cap;
	int refcnt;
};

struct kp_maps *kp_maps__new(void);
struct kp_maps *kp_maps__get(struct kp_maps *maps);
void kp_maps__put(struct kp_maps *maps);

/*
 * Insert @map; parts of older maps it overlaps are cut away (perf's
 * maps__fixup_overlappings: the pieces before and after survive as new maps).
 */
int kp_maps__insert(struct kp_maps *maps, struct kp_map *map, struct kp_map_pool *pool);
/* Insert without the overlap fix-up (kernel maps). */
int kp_maps__add(struct kp_maps *maps, struct kp_map *map);
void kp_maps__remove(struct kp_maps *maps, struct kp_map *map);
/* Re-sort after a map's bounds changed in place. */
void kp_maps__sort(struct kp_maps *maps);
struct kp_map *kp_maps__find(const struct kp_maps *maps, uint64_t addr);
struct kp_map *kp_maps__find_by_dso_name(const struct kp_maps *maps, const char *short_name);
/* Copy every map of @src into @dst (a forked process). */
int kp_maps__clone(struct kp_maps *dst, const struct kp_maps *src, struct kp_map_pool *pool);

#endif /* KPROF_LIB_MAP_H */
