/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing the feature sections of a perf.data (or pipe HEADER_FEATURE payloads) into kp_env. */
#ifndef KPROF_LIB_FEATURE_READ_H
#define KPROF_LIB_FEATURE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/env.h"

/*
 * Parse the @size bytes at @p of feature @feat into @env.  @swap: the data is
 * in the other byte order.  Features this kprof does not know, and known ones
 * it has no field for, are checked only for staying inside @size.
 * Returns 0, or -EINVAL when the payload is inconsistent (a count or a string
 * running past its end), -ENOMEM.
 */
int kp_feature__read(struct kp_env *env, int feat, const void *p, uint64_t size, bool swap);

#endif /* KPROF_LIB_FEATURE_READ_H */
