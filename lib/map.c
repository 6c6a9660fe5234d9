// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dso.h"
#include "lib/map.h"

struct kp_map *kp_map__new(struct kp_map_pool *pool, uint64_t start, uint64_t end,
			   uint64_t pgoff, struct kp_dso *dso)
{
	struct kp_map *map = calloc(1, sizeof(*map));

	if (!map)
		return NULL;
	map->start = start;
	map->end = end;
	map->pgoff = pgoff;
	map->dso = dso;
	map->all_next = pool->head;
	pool->head = map;
	return map;
}

static struct kp_map *map__clone(struct kp_map_pool *pool, const struct kp_map *src)
{
	struct kp_map *map = kp_map__new(pool, src->start, src->end, src->pgoff, src->dso);

	if (map) {
		map->prot = src->prot;
		map->flags = src->flags;
		map->identity = src->identity;
	}
	return map;
}

void kp_map_pool__exit(struct kp_map_pool *pool)
{
	while (pool->head) {
		struct kp_map *next = pool->head->all_next;

		free(pool->head);
		pool->head = next;
	}
}

struct kp_maps *kp_maps__new(void)
{
	struct kp_maps *maps = calloc(1, sizeof(*maps));

	if (maps)
		maps->refcnt = 1;
	return maps;
}

struct kp_maps *kp_maps__get(struct kp_maps *maps)
{
	if (maps)
		maps->refcnt++;
	return maps;
}

void kp_maps__put(struct kp_maps *maps)
{
	if (maps && --maps->refcnt == 0) {
		free(maps->v);
		free(maps);
	}
}

/* Index of the first map with start > @addr. */
static size_t maps__upper(const struct kp_maps *maps, uint64_t addr)
{
	size_t lo = 0, hi = maps->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (maps->v[mid]->start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct kp_map *kp_maps__find(const struct kp_maps *maps, uint64_t addr)
{
	size_t i = maps__upper(maps, addr);
	struct kp_map *map;

	if (!i)
		return NULL;
	map = maps->v[i - 1];
	return addr < map->end ? map : NULL;
}

int kp_maps__add(struct kp_maps *maps, struct kp_map *map)
{
	size_t i;

	if (maps->nr == maps->cap) {
		size_t cap = maps->cap ? maps->cap * 2 : 16;
		struct kp_map **v = realloc(maps->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		maps->v = v;
		maps->cap = cap;
	}
	/* after maps with the same start, like an rb-tree insert */
	i = maps__upper(maps, map->start);
	memmove(maps->v + i + 1, maps->v + i, (maps->nr - i) * sizeof(*maps->v));
	maps->v[i] = map;
	maps->nr++;
	return 0;
}

static void maps__remove_at(struct kp_maps *maps, size_t i)
{
	memmove(maps->v + i, maps->v + i + 1, (maps->nr - i - 1) * sizeof(*maps->v));
	maps->nr--;
}

void kp_maps__remove(struct kp_maps *maps, struct kp_map *map)
{
	size_t i;

	for (i = 0; i < maps->nr; i++) {
		if (maps->v[i] == map) {
			maps__remove_at(maps, i);
			return;
		}
	}
}

static int map_cmp(const void *a, const void *b)
{
	const struct kp_map *x = *(struct kp_map *const *)a, *y = *(struct kp_map *const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void kp_maps__sort(struct kp_maps *maps)
{
	if (maps->nr > 1)
		qsort(maps->v, maps->nr, sizeof(*maps->v), map_cmp);
}

int kp_maps__insert(struct kp_maps *maps, struct kp_map *map, struct kp_map_pool *pool)
{
	size_t i = maps__upper(maps, map->start);
	int err;

	/* the first map that may overlap: the one containing start, else the next */
	if (i && maps->v[i - 1]->end > map->start)
		i--;
	while (i < maps->nr && maps->v[i]->start < map->end) {
		struct kp_map *pos = maps->v[i], *before = NULL, *after = NULL;

		if (pos->end <= map->start) {
			i++;
			continue;
		}
		maps__remove_at(maps, i);
		if (map->start > pos->start) {
			before = map__clone(pool, pos);
			if (!before)
				return -ENOMEM;
			before->end = map->start;
		}
		if (map->end < pos->end) {
			after = map__clone(pool, pos);
			if (!after)
				return -ENOMEM;
			after->start = map->end;
			after->pgoff += map->end - pos->start;
		}
		if (before) {
			err = kp_maps__add(maps, before);
			if (err)
				return err;
			i++;
		}
		if (after) {
			err = kp_maps__add(maps, after);
			if (err)
				return err;
			break;
		}
	}
	return kp_maps__add(maps, map);
}

struct kp_map *kp_maps__find_by_dso_name(const struct kp_maps *maps, const char *short_name)
{
	size_t i;

	for (i = 0; i < maps->nr; i++)
		if (maps->v[i]->dso && !strcmp(maps->v[i]->dso->short_name, short_name))
			return maps->v[i];
	return NULL;
}

int kp_maps__clone(struct kp_maps *dst, const struct kp_maps *src, struct kp_map_pool *pool)
{
	size_t i;
	int err;

	for (i = 0; i < src->nr; i++) {
		struct kp_map *map = map__clone(pool, src->v[i]);

		if (!map)
			return -ENOMEM;
		err = kp_maps__insert(dst, map, pool);
		if (err)
			return err;
	}
	return 0;
}
