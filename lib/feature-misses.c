// SPDX-License-Identifier: GPL-2.0
/* Probe hits and misses, and kprof's KPROF_MISSES feature (layout in feature-misses.h). */
#include <byteswap.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/feature-misses.h"
#include "lib/feature-write.h"

int kp_misses__add(struct kp_misses *m, const char *event, uint64_t hits, bool missed_known,
		   uint64_t missed, enum kp_miss_source source)
{
	struct kp_probe_misses *p = realloc(m->probes, (m->nr + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	m->probes = p;
	p += m->nr;
	p->event = strdup(event ? event : "");
	if (!p->event)
		return -ENOMEM;
	p->hits = hits;
	p->missed_known = missed_known;
	p->missed = missed_known ? missed : 0;
	p->source = missed_known ? source : KP_MISS_SRC_NONE;
	m->nr++;
	return 0;
}

int kp_misses__copy(struct kp_misses *dst, const struct kp_misses *src)
{
	dst->lost = src->lost;
	dst->lost_samples = src->lost_samples;
	dst->throttles = src->throttles;
	for (uint32_t i = 0; i < src->nr; i++) {
		const struct kp_probe_misses *p = &src->probes[i];
		int err = kp_misses__add(dst, p->event, p->hits, p->missed_known, p->missed,
					 p->source);

		if (err)
			return err;
	}
	return 0;
}

void kp_misses__exit(struct kp_misses *m)
{
	for (uint32_t i = 0; i < m->nr; i++)
		free(m->probes[i].event);
	free(m->probes);
	memset(m, 0, sizeof(*m));
}

void kp_misses__delete(struct kp_misses *m)
{
	if (!m)
		return;
	kp_misses__exit(m);
	free(m);
}

const char *kp_miss_source__name(enum kp_miss_source source)
{
	switch (source) {
	case KP_MISS_SRC_KPROBE_PROFILE:
		return "kprobe_profile";
	case KP_MISS_SRC_BPF_LINK:
		return "bpf-link";
	case KP_MISS_SRC_PTRACE:
		return "ptrace";
	default:
		return "none";
	}
}

void kp_misses__write(const struct kp_misses *m, struct kp_fbuf *b)
{
	kp_fbuf__add_u32(b, KP_MISSES_VERSION);
	kp_fbuf__add_u32(b, m->nr);
	kp_fbuf__add_u64(b, m->lost);
	kp_fbuf__add_u64(b, m->lost_samples);
	kp_fbuf__add_u64(b, m->throttles);
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct kp_probe_misses *p = &m->probes[i];

		kp_fbuf__add_string(b, p->event);
		kp_fbuf__add_u64(b, p->hits);
		kp_fbuf__add_u64(b, p->missed);
		kp_fbuf__add_u32(b, p->missed_known ? KP_MISS_KNOWN : 0);
		kp_fbuf__add_u32(b, (uint32_t)p->source);
	}
}

struct mr {
	const uint8_t *p, *end;
	bool swap;
};

static int mr_u32(struct mr *r, uint32_t *v)
{
	if (r->end - r->p < 4)
		return -EINVAL;
	memcpy(v, r->p, 4);
	if (r->swap)
		*v = bswap_32(*v);
	r->p += 4;
	return 0;
}

static int mr_u64(struct mr *r, uint64_t *v)
{
	if (r->end - r->p < 8)
		return -EINVAL;
	memcpy(v, r->p, 8);
	if (r->swap)
		*v = bswap_64(*v);
	r->p += 8;
	return 0;
}

int kp_misses__read(struct kp_misses *m, const void *p, uint64_t size, bool swap)
{
	struct mr r = { p, (const uint8_t *)p + size, swap };
	uint32_t version, nr;
	int err = -EINVAL;

	kp_misses__exit(m);
	if (mr_u32(&r, &version))
		return -EINVAL;
	if (version != KP_MISSES_VERSION)
		return 0;
	/* an entry is at least a 4-byte string length and 24 bytes of counts */
	if (mr_u32(&r, &nr) || (uint64_t)nr * 28 > (uint64_t)(r.end - r.p) ||
	    mr_u64(&r, &m->lost) || mr_u64(&r, &m->lost_samples) || mr_u64(&r, &m->throttles))
		goto out_err;
	for (uint32_t i = 0; i < nr; i++) {
		uint64_t hits, missed;
		uint32_t len, flags, source;
		char *event;

		if (mr_u32(&r, &len) || len > (uint64_t)(r.end - r.p))
			goto out_err;
		event = strndup((const char *)r.p, len);
		if (!event) {
			err = -ENOMEM;
			goto out_err;
		}
		r.p += len;
		if (mr_u64(&r, &hits) || mr_u64(&r, &missed) || mr_u32(&r, &flags) ||
		    mr_u32(&r, &source)) {
			free(event);
			goto out_err;
		}
		err = kp_misses__add(m, event, hits, flags & KP_MISS_KNOWN, missed,
				     source < KP_MISS_SRC_NR ? source : KP_MISS_SRC_NONE);
		free(event);
		if (err)
			goto out_err;
		err = -EINVAL;
	}
	return 0;
out_err:
	kp_misses__exit(m);
	return err;
}
