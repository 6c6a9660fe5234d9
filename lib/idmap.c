// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "lib/idmap.h"

static size_t hash(uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return id;
}

static struct kp_idmap_slot *put(struct kp_idmap_slot *slots, size_t mask, uint64_t id,
				 struct kp_evsel *evsel)
{
	size_t i = hash(id) & mask;

	while (slots[i].evsel && slots[i].id != id)
		i = (i + 1) & mask;
	slots[i].id = id;
	slots[i].evsel = evsel;
	return &slots[i];
}

int kp_idmap__add(struct kp_idmap *m, uint64_t id, struct kp_evsel *evsel)
{
	if (!m->slots || (m->nr + 1) * 2 > m->mask + 1) {
		size_t n = m->slots ? (m->mask + 1) * 2 : 64, i;
		struct kp_idmap_slot *s = calloc(n, sizeof(*s));

		if (!s)
			return -ENOMEM;
		for (i = 0; m->slots && i <= m->mask; i++)
			if (m->slots[i].evsel)
				put(s, n - 1, m->slots[i].id, m->slots[i].evsel)->period =
					m->slots[i].period;
		free(m->slots);
		m->slots = s;
		m->mask = n - 1;
	}
	if (!kp_idmap__find(m, id))
		m->nr++;
	put(m->slots, m->mask, id, evsel);
	return 0;
}

struct kp_idmap_slot *kp_idmap__slot(const struct kp_idmap *m, uint64_t id)
{
	size_t i;

	if (!m->slots)
		return NULL;
	for (i = hash(id) & m->mask; m->slots[i].evsel; i = (i + 1) & m->mask)
		if (m->slots[i].id == id)
			return &m->slots[i];
	return NULL;
}

struct kp_evsel *kp_idmap__find(const struct kp_idmap *m, uint64_t id)
{
	struct kp_idmap_slot *slot = kp_idmap__slot(m, id);

	return slot ? slot->evsel : NULL;
}

void kp_idmap__exit(struct kp_idmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->nr = m->mask = 0;
}
