// SPDX-License-Identifier: GPL-2.0
/* Per-thread shadow stacks of hijacked return addresses (see shadow.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ubp/shadow.h"

int ubp_shadow__enter(struct ubp_shadow *s, uint64_t slot, ubp_shadow_miss_fn miss, void *arg)
{
	int n = 0;

	while (s->nr && s->ents[s->nr - 1].slot <= slot &&
	       slot - s->ents[s->nr - 1].slot < UBP_SHADOW_REACH) {
		s->nr--;
		if (miss)
			miss(arg, &s->ents[s->nr]);
		n++;
	}
	return n;
}

int ubp_shadow__push(struct ubp_shadow *s, uint64_t ret, uint64_t slot, int probe)
{
	if (s->nr == s->alloc) {
		int alloc = s->alloc ? s->alloc * 2 : 16;
		struct ubp_shadow_ent *ents;

		if (s->nr >= UBP_SHADOW_MAX)
			return -ENOSPC;
		ents = realloc(s->ents, alloc * sizeof(*ents));
		if (!ents)
			return -ENOMEM;
		s->ents = ents;
		s->alloc = alloc;
	}
	s->ents[s->nr++] = (struct ubp_shadow_ent){ .ret = ret, .slot = slot, .probe = probe };
	return 0;
}

int ubp_shadow__return(struct ubp_shadow *s, uint64_t slot, struct ubp_shadow_ent *ent,
		       ubp_shadow_miss_fn miss, void *arg)
{
	int i = s->nr - 1;

	while (i >= 0 && s->ents[i].slot != slot)
		i--;
	if (i < 0)
		return -ENOENT;
	while (s->nr - 1 > i) {
		s->nr--;
		if (miss)
			miss(arg, &s->ents[s->nr]);
	}
	*ent = s->ents[--s->nr];
	return 0;
}

int ubp_shadow__copy(struct ubp_shadow *dst, const struct ubp_shadow *src)
{
	struct ubp_shadow_ent *ents = NULL;

	if (src->nr) {
		ents = malloc(src->nr * sizeof(*ents));
		if (!ents)
			return -ENOMEM;
		memcpy(ents, src->ents, src->nr * sizeof(*ents));
	}
	free(dst->ents);
	dst->ents = ents;
	dst->nr = dst->alloc = src->nr;
	return 0;
}

void ubp_shadow__exit(struct ubp_shadow *s)
{
	free(s->ents);
	memset(s, 0, sizeof(*s));
}
