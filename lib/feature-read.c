// SPDX-License-Identifier: GPL-2.0
/*
 * Feature payloads (tools/perf/Documentation/perf.data-file-format.txt):
 * strings are a u32 length (padded, NUL included) and the bytes; lists are a
 * u32 count and their entries.  Every read is bounded by the section size.
 */
#include <byteswap.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/feature-misses.h"
#include "lib/feature-read.h"
#include "lib/header.h"
#include "lib/swap.h"

struct fr {
	const uint8_t *p, *end;
	bool swap;
};

static int fr_u32(struct fr *f, uint32_t *v)
{
	if (f->end - f->p < 4)
		return -EINVAL;
	memcpy(v, f->p, 4);
	if (f->swap)
		*v = bswap_32(*v);
	f->p += 4;
	return 0;
}

static int fr_u64(struct fr *f, uint64_t *v)
{
	if (f->end - f->p < 8)
		return -EINVAL;
	memcpy(v, f->p, 8);
	if (f->swap)
		*v = bswap_64(*v);
	f->p += 8;
	return 0;
}

/* A string; *s is NULL-safe to free.  @out NULL: validate only. */
static int fr_str(struct fr *f, char **out)
{
	uint32_t len;
	const char *s;

	if (fr_u32(f, &len) || len > (uint64_t)(f->end - f->p))
		return -EINVAL;
	s = (const char *)f->p;
	f->p += len;
	if (!out)
		return 0;
	free(*out);
	*out = strndup(s, len);
	return *out ? 0 : -ENOMEM;
}

/* Every count in a payload is at most the bytes left divided by @min_entry. */
static int fr_count(struct fr *f, uint32_t nr, size_t min_entry)
{
	return (uint64_t)nr * min_entry > (uint64_t)(f->end - f->p) ? -EINVAL : 0;
}

static int read_strings(struct fr *f)
{
	uint32_t nr;

	if (fr_u32(f, &nr) || fr_count(f, nr, 4))
		return -EINVAL;
	while (nr--)
		if (fr_str(f, NULL))
			return -EINVAL;
	return 0;
}

static int read_cmdline(struct kp_env *env, struct fr *f)
{
	uint32_t nr, i;
	size_t len = 0;
	char *s, *out;

	if (fr_u32(f, &nr) || fr_count(f, nr, 4))
		return -EINVAL;
	out = calloc(1, (size_t)(f->end - f->p) + 1);
	if (!out)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		s = NULL;
		if (fr_str(f, &s)) {
			free(s);
			free(out);
			return -EINVAL;
		}
		len += sprintf(out + len, "%s%s", i ? " " : "", s);
		free(s);
	}
	free(env->cmdline);
	env->cmdline = out;
	return 0;
}

static int read_event_desc(struct kp_env *env, struct fr *f)
{
	uint32_t nr, attr_size, i, j;
	struct kp_event_desc *d;

	if (fr_u32(f, &nr) || fr_u32(f, &attr_size))
		return -EINVAL;
	if (attr_size < PERF_ATTR_SIZE_VER0 || fr_count(f, nr, (size_t)attr_size + 8))
		return -EINVAL;
	d = calloc(nr ? nr : 1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (i = 0; i < env->nr_event_desc; i++) {
		free(env->event_desc[i].name);
		free(env->event_desc[i].ids);
	}
	free(env->event_desc);
	env->event_desc = d;
	env->nr_event_desc = nr;
	for (i = 0; i < nr; i++) {
		size_t n = attr_size < sizeof(d[i].attr) ? attr_size : sizeof(d[i].attr);

		memcpy(&d[i].attr, f->p, n);
		if (f->swap)
			kp_swap_attr(&d[i].attr, n);
		f->p += attr_size;
		if (fr_u32(f, &d[i].nr_ids) || fr_str(f, &d[i].name) || fr_count(f, d[i].nr_ids, 8))
			return -EINVAL;
		d[i].ids = calloc(d[i].nr_ids ? d[i].nr_ids : 1, sizeof(uint64_t));
		if (!d[i].ids)
			return -ENOMEM;
		for (j = 0; j < d[i].nr_ids; j++)
			fr_u64(f, &d[i].ids[j]);
	}
	return 0;
}

static int read_pmu_mappings(struct kp_env *env, struct fr *f)
{
	uint32_t nr, i;
	struct kp_pmu_mapping *m;

	if (fr_u32(f, &nr) || fr_count(f, nr, 8))
		return -EINVAL;
	m = calloc(nr ? nr : 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (i = 0; i < env->nr_pmus; i++)
		free(env->pmus[i].name);
	free(env->pmus);
	env->pmus = m;
	env->nr_pmus = nr;
	for (i = 0; i < nr; i++)
		if (fr_u32(f, &m[i].type) || fr_str(f, &m[i].name))
			return -EINVAL;
	return 0;
}

/* A list of perf_record_header_build_id records filling the section. */
static int read_build_ids(struct kp_env *env, struct fr *f)
{
	while (f->end - f->p >= 8) {
		struct perf_event_header h;
		struct kp_build_id *b;
		int32_t pid;

		memcpy(&h, f->p, sizeof(h));
		if (f->swap)
			kp_swap_header(&h);
		if (h.size < 36 || h.size > f->end - f->p)
			return -EINVAL;
		memcpy(&pid, f->p + 8, 4);
		b = realloc(env->build_ids, (env->nr_build_ids + 1) * sizeof(*b));
		if (!b)
			return -ENOMEM;
		env->build_ids = b;
		b += env->nr_build_ids;
		b->pid = f->swap ? (int32_t)bswap_32(pid) : pid;
		b->misc = h.misc;
		memcpy(b->id, f->p + 12, 20);
		b->size = (h.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) ? f->p[32] : 20;
		if (b->size > 20)
			b->size = 20;
		b->filename = strndup((const char *)f->p + 36, h.size - 36);
		if (!b->filename)
			return -ENOMEM;
		env->nr_build_ids++;
		f->p += h.size;
	}
	return 0;
}

static int read_numa(struct kp_env *env, struct fr *f)
{
	uint32_t nr, node;
	uint64_t v;

	if (fr_u32(f, &nr) || fr_count(f, nr, 24))
		return -EINVAL;
	env->nr_numa_nodes = nr;
	while (nr--)
		if (fr_u32(f, &node) || fr_u64(f, &v) || fr_u64(f, &v) || fr_str(f, NULL))
			return -EINVAL;
	return 0;
}

static int read_group_desc(struct kp_env *env, struct fr *f)
{
	struct kp_group_desc *g;
	uint32_t nr, i;

	if (fr_u32(f, &nr) || fr_count(f, nr, 12))
		return -EINVAL;
	g = calloc(nr ? nr : 1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	for (i = 0; env->groups && i < env->nr_groups; i++)
		free(env->groups[i].name);
	free(env->groups);
	env->groups = g;
	env->nr_groups = nr;
	for (i = 0; i < nr; i++)
		if (fr_str(f, &g[i].name) || fr_u32(f, &g[i].leader_idx) ||
		    fr_u32(f, &g[i].nr_members))
			return -EINVAL;
	return 0;
}

static int read_cache(struct kp_env *env, struct fr *f)
{
	uint32_t version, nr, v;

	if (fr_u32(f, &version) || version != 1 || fr_u32(f, &nr) || fr_count(f, nr, 28))
		return -EINVAL;
	env->nr_caches = nr;
	while (nr--)
		if (fr_u32(f, &v) || fr_u32(f, &v) || fr_u32(f, &v) || fr_u32(f, &v) ||
		    fr_str(f, NULL) || fr_str(f, NULL) || fr_str(f, NULL))
			return -EINVAL;
	return 0;
}

static int read_pmu_caps(struct fr *f, bool with_name)
{
	uint32_t nr;

	if (fr_u32(f, &nr) || fr_count(f, nr, 8))
		return -EINVAL;
	while (nr--)
		if (fr_str(f, NULL) || fr_str(f, NULL))
			return -EINVAL;
	return with_name ? fr_str(f, NULL) : 0;
}

int kp_feature__read(struct kp_env *env, int feat, const void *p, uint64_t size, bool swap)
{
	struct fr f = { p, (const uint8_t *)p + size, swap };
	uint32_t v32, nr;
	uint64_t v64;
	void *copy;

	if (feat > 0 && feat < KP_FEAT_BITS)
		env->features[feat / 64] |= 1ULL << (feat % 64);
	switch (feat) {
	case KP_FEAT_HOSTNAME:
		return fr_str(&f, &env->hostname);
	case KP_FEAT_OSRELEASE:
		return fr_str(&f, &env->os_release);
	case KP_FEAT_VERSION:
		return fr_str(&f, &env->version);
	case KP_FEAT_ARCH:
		return fr_str(&f, &env->arch);
	case KP_FEAT_CPUDESC:
		return fr_str(&f, &env->cpudesc);
	case KP_FEAT_CPUID:
		return fr_str(&f, &env->cpuid);
	case KP_FEAT_NRCPUS:
		return fr_u32(&f, &env->nr_cpus_avail) ?: fr_u32(&f, &env->nr_cpus_online);
	case KP_FEAT_TOTAL_MEM:
		return fr_u64(&f, &env->total_mem);
	case KP_FEAT_CMDLINE:
		return read_cmdline(env, &f);
	case KP_FEAT_EVENT_DESC:
		return read_event_desc(env, &f);
	case KP_FEAT_CPU_TOPOLOGY:
		/* package and core cpu lists; per-cpu ids and dies follow optionally */
		return read_strings(&f) ?: read_strings(&f);
	case KP_FEAT_NUMA_TOPOLOGY:
		return read_numa(env, &f);
	case KP_FEAT_PMU_MAPPINGS:
		return read_pmu_mappings(env, &f);
	case KP_FEAT_GROUP_DESC:
		return read_group_desc(env, &f);
	case KP_FEAT_CACHE:
		return read_cache(env, &f);
	case KP_FEAT_SAMPLE_TIME:
		if (fr_u64(&f, &env->first_sample_time) || fr_u64(&f, &env->last_sample_time))
			return -EINVAL;
		env->has_sample_time = 1;
		return 0;
	case KP_FEAT_MEM_TOPOLOGY:
		/* version, block size, node count; nodes carry variable bitmaps */
		return fr_u64(&f, &v64) ?: fr_u64(&f, &v64) ?: fr_u64(&f, &v64);
	case KP_FEAT_CLOCKID:
		return fr_u64(&f, &env->clockid_res_ns);
	case KP_FEAT_CLOCK_DATA:
		if (fr_u32(&f, &v32) || v32 != 1 || fr_u32(&f, &v32))
			return -EINVAL;
		env->clockid = v32;
		return fr_u64(&f, &env->clock_tod_ns) ?: fr_u64(&f, &env->clock_clockid_ns);
	case KP_FEAT_COMPRESSED:
		if (fr_u32(&f, &v32) || fr_u32(&f, &env->comp_type) ||
		    fr_u32(&f, &env->comp_level) || fr_u32(&f, &env->comp_ratio) ||
		    fr_u32(&f, &env->comp_mmap_len))
			return -EINVAL;
		env->compressed = env->comp_type == 1;
		return 0;
	case KP_FEAT_BUILD_ID:
		return read_build_ids(env, &f);
	case KP_FEAT_TRACING_DATA:
		copy = malloc(size ? size : 1);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, p, size);
		free(env->tracing_data);
		env->tracing_data = copy;
		env->tracing_data_size = size;
		return 0;
	case KP_FEAT_HYBRID_TOPOLOGY:
		if (fr_u32(&f, &nr) || fr_count(&f, nr, 8))
			return -EINVAL;
		while (nr--)
			if (fr_str(&f, NULL) || fr_str(&f, NULL))
				return -EINVAL;
		return 0;
	case KP_FEAT_CPU_PMU_CAPS:
		return read_pmu_caps(&f, false);
	case KP_FEAT_PMU_CAPS:
		if (fr_u32(&f, &nr) || fr_count(&f, nr, 8))
			return -EINVAL;
		while (nr--)
			if (read_pmu_caps(&f, true))
				return -EINVAL;
		return 0;
	case KP_FEAT_KPROF_MISSES:
		if (!env->misses) {
			env->misses = calloc(1, sizeof(*env->misses));
			if (!env->misses)
				return -ENOMEM;
		}
		return kp_misses__read(env->misses, p, size, swap);
	default:
		/* stat, auxtrace, dir_format, bpf_*, branch_stack, unknown: bounds only */
		return 0;
	}
}
