// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>

#include "cmd/event-opts.h"

int kp_event_opts__add(struct kp_event_opts *eo, const char *str)
{
	const char **strs = realloc(eo->strs, (eo->nr + 1) * sizeof(*strs));

	if (!strs)
		return -1;
	eo->strs = strs;
	eo->strs[eo->nr++] = str;
	return 0;
}

int kp_event_opts__opt_e(const struct option *opt, const char *str, int unset)
{
	return unset ? 0 : kp_event_opts__add(opt->value, str);
}

int kp_event_opts__parse(struct kp_event_opts *eo)
{
	char err[256];

	eo->specs = calloc(eo->nr ?: 1, sizeof(*eo->specs));
	if (!eo->specs)
		return -1;
	for (; eo->nr_specs < eo->nr; eo->nr_specs++) {
		if (kp_parse_event(eo->strs[eo->nr_specs], &eo->specs[eo->nr_specs], err,
				   sizeof(err))) {
			fprintf(stderr, "kprof: %s\n", err);
			return -1;
		}
	}
	return 0;
}

void kp_event_opts__exit(struct kp_event_opts *eo)
{
	for (int i = 0; i < eo->nr_specs; i++)
		kp_event_spec__exit(&eo->specs[i]);
	free(eo->specs);
	free(eo->strs);
	eo->specs = NULL;
	eo->strs = NULL;
	eo->nr = eo->nr_specs = 0;
}
