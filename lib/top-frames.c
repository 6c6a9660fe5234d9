// SPDX-License-Identifier: GPL-2.0
/*
 * kp_top__add_frames(): resolved frames (lib/callchain.h) as lib/top keys.  A
 * file of its own so that lib/top.c needs no machine (bench/top-redraw links
 * lib/top without libelf and friends).
 */
#include <errno.h>
#include <stdlib.h>

#include "lib/callchain.h"
#include "lib/top.h"

int kp_top__add_frames(struct kp_top *top, const struct kp_frame *frames, int n, uint64_t hits)
{
	struct kp_top_key *keys = n > 0 ? malloc(n * sizeof(*keys)) : NULL;
	int err;

	if (n > 0 && !keys)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		const struct kp_frame *f = &frames[i];

		keys[i] = (struct kp_top_key){
			.dso = f->dso,
			.dso_name = f->dso ? kp_dso__short_name(f->dso) : NULL,
			.sym = f->sym,
			.sym_name = f->sym ? f->sym->name : NULL,
			.addr = f->sym || f->dso ? f->map_addr : f->ip,
			.level = f->level,
		};
	}
	err = kp_top__add_stack(top, keys, n, hits);
	free(keys);
	return err;
}
