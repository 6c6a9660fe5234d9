// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "lib/env.h"
#include "lib/feature-misses.h"

void kp_env__exit(struct kp_env *env)
{
	uint32_t i;

	free(env->hostname);
	free(env->os_release);
	free(env->version);
	free(env->arch);
	free(env->cpudesc);
	free(env->cpuid);
	free(env->cmdline);
	for (i = 0; i < env->nr_build_ids; i++)
		free(env->build_ids[i].filename);
	free(env->build_ids);
	for (i = 0; i < env->nr_pmus; i++)
		free(env->pmus[i].name);
	free(env->pmus);
	free(env->tracing_data);
	for (i = 0; i < env->nr_event_desc; i++) {
		free(env->event_desc[i].name);
		free(env->event_desc[i].ids);
	}
	free(env->event_desc);
	for (i = 0; i < env->nr_groups && env->groups; i++)
		free(env->groups[i].name);
	free(env->groups);
	kp_misses__delete(env->misses);
	memset(env, 0, sizeof(*env));
}
