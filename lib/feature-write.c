// SPDX-License-Identifier: GPL-2.0
/*
 * Feature section payloads, byte for byte as perf 6.1 lays them out.  Strings
 * are a u32 length (NUL included, rounded up to 64) followed by the string
 * padded with zeros; counts are u32, sizes and times u64, host endianness.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <perf/event.h>

#include "lib/feature-misses.h"
#include "lib/feature-write.h"
#include "lib/header.h"

#define KP_NAME_ALIGN 64

void kp_fbuf__add(struct kp_fbuf *b, const void *p, size_t n)
{
	if (b->err || !n)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d) {
			b->err = -ENOMEM;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	if (p)
		memcpy(b->data + b->len, p, n);
	else
		memset(b->data + b->len, 0, n);
	b->len += n;
}

void kp_fbuf__add_u32(struct kp_fbuf *b, uint32_t v)
{
	kp_fbuf__add(b, &v, sizeof(v));
}

void kp_fbuf__add_u64(struct kp_fbuf *b, uint64_t v)
{
	kp_fbuf__add(b, &v, sizeof(v));
}

void kp_fbuf__add_zeros(struct kp_fbuf *b, size_t n)
{
	kp_fbuf__add(b, NULL, n);
}

static size_t name_len(size_t n)
{
	return (n + KP_NAME_ALIGN - 1) / KP_NAME_ALIGN * KP_NAME_ALIGN;
}

void kp_fbuf__add_string(struct kp_fbuf *b, const char *s)
{
	size_t olen = strlen(s) + 1, len = name_len(olen);

	kp_fbuf__add_u32(b, (uint32_t)len);
	kp_fbuf__add(b, s, olen);
	kp_fbuf__add_zeros(b, len - olen);
}

void kp_fbuf__exit(struct kp_fbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

bool kp_feat__has(int feat, const struct kp_env *env, int nr_evsels, bool pipe)
{
	switch (feat) {
	case KP_FEAT_TRACING_DATA:
		return !pipe && env->tracing_data && env->tracing_data_size;
	case KP_FEAT_BUILD_ID:
		return !pipe && env->nr_build_ids;
	case KP_FEAT_HOSTNAME:
		return env->hostname;
	case KP_FEAT_OSRELEASE:
		return env->os_release;
	case KP_FEAT_VERSION:
		return env->version;
	case KP_FEAT_ARCH:
		return env->arch;
	case KP_FEAT_NRCPUS:
		return env->nr_cpus_avail || env->nr_cpus_online;
	case KP_FEAT_CPUDESC:
		return env->cpudesc;
	case KP_FEAT_CPUID:
		return env->cpuid;
	case KP_FEAT_TOTAL_MEM:
		return env->total_mem;
	case KP_FEAT_CMDLINE:
		return env->cmdline;
	case KP_FEAT_EVENT_DESC:
		return nr_evsels > 0;
	case KP_FEAT_PMU_MAPPINGS:
		return env->nr_pmus;
	case KP_FEAT_SAMPLE_TIME:
		return env->has_sample_time;
	case KP_FEAT_CLOCKID:
		return env->clockid_res_ns;
	case KP_FEAT_COMPRESSED:
		return env->compressed || env->comp_type;
	case KP_FEAT_KPROF_MISSES:
		return !pipe && env->misses;	/* known at the end only */
	default:
		return false;
	}
}

/*
 * perf stores the command line as separate strings (the binary path first);
 * kp_env keeps it joined with spaces, so split it back on spaces.
 */
static void write_cmdline(struct kp_fbuf *b, const char *cmdline)
{
	char *copy = strdup(cmdline), *p, *save = NULL;
	uint32_t n = 0;
	size_t start;

	if (!copy) {
		b->err = -ENOMEM;
		return;
	}
	start = b->len;
	kp_fbuf__add_u32(b, 0);
	for (p = strtok_r(copy, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		kp_fbuf__add_string(b, p);
		n++;
	}
	if (!b->err)
		memcpy(b->data + start, &n, sizeof(n));
	free(copy);
}

static void write_event_desc(struct kp_fbuf *b, const struct kp_feat_evsel *evsels, int nr)
{
	kp_fbuf__add_u32(b, (uint32_t)nr);
	kp_fbuf__add_u32(b, (uint32_t)sizeof(struct perf_event_attr));
	for (int i = 0; i < nr; i++) {
		kp_fbuf__add(b, &evsels[i].attr, sizeof(evsels[i].attr));
		kp_fbuf__add_u32(b, evsels[i].nr_ids);
		kp_fbuf__add_string(b, evsels[i].name ? evsels[i].name : "");
		kp_fbuf__add(b, evsels[i].ids, evsels[i].nr_ids * sizeof(uint64_t));
	}
}

void kp_feat__add_build_id(struct kp_fbuf *b, const struct kp_build_id *bid, uint32_t type)
{
	struct perf_record_header_build_id ev;
	const char *name = bid->filename ? bid->filename : "";
	size_t olen = strlen(name) + 1, len = name_len(olen);

	/*
	 * A pipe-mode record (type set) is padded to a multiple of 8 so that the
	 * records after it stay aligned; perf reads the name up to its NUL.
	 */
	if (type)
		len += (8 - (sizeof(ev) + len) % 8) % 8;
	memset(&ev, 0, sizeof(ev));
	ev.header.type = type;
	ev.header.misc = bid->misc | PERF_RECORD_MISC_BUILD_ID_SIZE;
	ev.header.size = (uint16_t)(sizeof(ev) + len);
	ev.pid = bid->pid;
	ev.size = bid->size > sizeof(ev.data) ? sizeof(ev.data) : bid->size;
	memcpy(ev.data, bid->id, ev.size);
	kp_fbuf__add(b, &ev, sizeof(ev));
	kp_fbuf__add(b, name, olen);
	kp_fbuf__add_zeros(b, len - olen);
}

int kp_feat__write(struct kp_fbuf *b, int feat, const struct kp_env *env,
		   const struct kp_feat_evsel *evsels, int nr_evsels)
{
	switch (feat) {
	case KP_FEAT_TRACING_DATA:
		kp_fbuf__add(b, env->tracing_data, env->tracing_data_size);
		break;
	case KP_FEAT_BUILD_ID:
		for (uint32_t i = 0; i < env->nr_build_ids; i++)
			kp_feat__add_build_id(b, &env->build_ids[i], 0);
		break;
	case KP_FEAT_HOSTNAME:
		kp_fbuf__add_string(b, env->hostname);
		break;
	case KP_FEAT_OSRELEASE:
		kp_fbuf__add_string(b, env->os_release);
		break;
	case KP_FEAT_VERSION:
		kp_fbuf__add_string(b, env->version);
		break;
	case KP_FEAT_ARCH:
		kp_fbuf__add_string(b, env->arch);
		break;
	case KP_FEAT_NRCPUS:
		kp_fbuf__add_u32(b, env->nr_cpus_avail);
		kp_fbuf__add_u32(b, env->nr_cpus_online);
		break;
	case KP_FEAT_CPUDESC:
		kp_fbuf__add_string(b, env->cpudesc);
		break;
	case KP_FEAT_CPUID:
		kp_fbuf__add_string(b, env->cpuid);
		break;
	case KP_FEAT_TOTAL_MEM:
		kp_fbuf__add_u64(b, env->total_mem);
		break;
	case KP_FEAT_CMDLINE:
		write_cmdline(b, env->cmdline);
		break;
	case KP_FEAT_EVENT_DESC:
		write_event_desc(b, evsels, nr_evsels);
		break;
	case KP_FEAT_PMU_MAPPINGS:
		kp_fbuf__add_u32(b, env->nr_pmus);
		for (uint32_t i = 0; i < env->nr_pmus; i++) {
			kp_fbuf__add_u32(b, env->pmus[i].type);
			kp_fbuf__add_string(b, env->pmus[i].name ? env->pmus[i].name : "");
		}
		break;
	case KP_FEAT_SAMPLE_TIME:
		kp_fbuf__add_u64(b, env->first_sample_time);
		kp_fbuf__add_u64(b, env->last_sample_time);
		break;
	case KP_FEAT_CLOCKID:
		kp_fbuf__add_u64(b, env->clockid_res_ns);
		break;
	case KP_FEAT_COMPRESSED:
		/* version (perf writes 0), type (1: zstd), level, ratio, mmap_len */
		kp_fbuf__add_u32(b, 0);
		kp_fbuf__add_u32(b, env->comp_type ? env->comp_type : 1);
		kp_fbuf__add_u32(b, env->comp_level);
		kp_fbuf__add_u32(b, env->comp_ratio);
		kp_fbuf__add_u32(b, env->comp_mmap_len ? env->comp_mmap_len : KP_COMP_MMAP_LEN);
		break;
	case KP_FEAT_KPROF_MISSES:
		kp_misses__write(env->misses, b);
		break;
	default:
		return -EINVAL;
	}
	return b->err;
}
