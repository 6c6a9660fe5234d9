/* SPDX-License-Identifier: GPL-2.0 */
/* Sample id -> evsel, an open-addressing hash table. */
#ifndef KPROF_LIB_IDMAP_H
#define KPROF_LIB_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct kp_evsel;

struct kp_idmap {
	struct kp_idmap_slot {
		uint64_t id;
		struct kp_evsel *evsel;	/* NULL: empty slot */
		uint64_t period;	/* last PERF_SAMPLE_READ value of this id */
	} *slots;
	size_t nr, mask;
};

int kp_idmap__add(struct kp_idmap *m, uint64_t id, struct kp_evsel *evsel);
struct kp_evsel *kp_idmap__find(const struct kp_idmap *m, uint64_t id);
struct kp_idmap_slot *kp_idmap__slot(const struct kp_idmap *m, uint64_t id);
void kp_idmap__exit(struct kp_idmap *m);

#endif /* KPROF_LIB_IDMAP_H */
