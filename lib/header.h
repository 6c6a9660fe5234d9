/* SPDX-License-Identifier: GPL-2.0 */
/*
 * On-disk layout of perf.data, written from
 * tools/perf/Documentation/perf.data-file-format.txt.  Shared by the reader
 * (lib/reader.c) and the writer (lib/writer.c).
 */
#ifndef KPROF_LIB_HEADER_H
#define KPROF_LIB_HEADER_H

#include <linux/perf_event.h>
#include <perf/event.h>
#include <stdint.h>

/* "PERFILE2" read as a little-endian u64; a byte-swapped value means other endianness. */
#define KP_MAGIC2 0x32454c4946524550ULL
#define KP_MAGIC2_SWAPPED 0x50455246494c4532ULL

struct kp_file_section {
	uint64_t offset;
	uint64_t size;
};

struct kp_file_header {
	uint64_t magic;
	uint64_t size;		/* sizeof(struct kp_file_header) */
	uint64_t attr_size;	/* size of one struct kp_file_attr as stored */
	struct kp_file_section attrs;
	struct kp_file_section data;
	struct kp_file_section event_types;	/* unused, zero */
	uint64_t features[4];	/* 256-bit feature bitmap */
};

/* Header of a pipe-mode stream: magic and size (16) only. */
struct kp_pipe_header {
	uint64_t magic;
	uint64_t size;
};

/* Attribute entry of the attrs section: the attr, then a section of u64 ids. */
struct kp_file_attr {
	struct perf_event_attr attr;
	struct kp_file_section ids;
};

enum kp_feature {
	KP_FEAT_RESERVED = 0,
	KP_FEAT_TRACING_DATA = 1,
	KP_FEAT_BUILD_ID,
	KP_FEAT_HOSTNAME,
	KP_FEAT_OSRELEASE,
	KP_FEAT_VERSION,
	KP_FEAT_ARCH,
	KP_FEAT_NRCPUS,
	KP_FEAT_CPUDESC,
	KP_FEAT_CPUID,
	KP_FEAT_TOTAL_MEM,
	KP_FEAT_CMDLINE,
	KP_FEAT_EVENT_DESC,
	KP_FEAT_CPU_TOPOLOGY,
	KP_FEAT_NUMA_TOPOLOGY,
	KP_FEAT_BRANCH_STACK,
	KP_FEAT_PMU_MAPPINGS,
	KP_FEAT_GROUP_DESC,
	KP_FEAT_AUXTRACE,
	KP_FEAT_STAT,
	KP_FEAT_CACHE,
	KP_FEAT_SAMPLE_TIME,
	KP_FEAT_MEM_TOPOLOGY,
	KP_FEAT_CLOCKID,
	KP_FEAT_DIR_FORMAT,
	KP_FEAT_BPF_PROG_INFO,
	KP_FEAT_BPF_BTF,
	KP_FEAT_COMPRESSED,
	KP_FEAT_CPU_PMU_CAPS,
	KP_FEAT_CLOCK_DATA,
	KP_FEAT_HYBRID_TOPOLOGY,
	KP_FEAT_PMU_CAPS,
	KP_FEAT_LAST_KNOWN,	/* first number this kprof does not know */
	KP_FEAT_BITS = 256,
};

/*
 * kprof's own feature, stored past everything perf 6.1 knows so perf skips it:
 * per-probe hit and miss counts.  Layout documented in lib/feature-misses.h.
 */
#define KP_FEAT_KPROF_MISSES 200

/* Name of a feature for messages ("hostname", "build_id", ...); "unknown" otherwise. */
const char *kp_feature__name(int feat);

static inline int kp_header__has_feat(const struct kp_file_header *h, int feat)
{
	return feat > 0 && feat < KP_FEAT_BITS && (h->features[feat / 64] >> (feat % 64)) & 1;
}

static inline void kp_header__set_feat(struct kp_file_header *h, int feat)
{
	h->features[feat / 64] |= 1ULL << (feat % 64);
}

#endif /* KPROF_LIB_HEADER_H */
