/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the feature sections of a perf.data say about the machine and the run
 * (perf calls this perf_env).  Filled by the reader, written by the writer.
 */
#ifndef KPROF_LIB_ENV_H
#define KPROF_LIB_ENV_H

#include <linux/perf_event.h>
#include <stdint.h>

struct kp_misses;

struct kp_build_id {
	int32_t pid;
	uint16_t misc;
	uint8_t size;		/* bytes of id used (20 for sha1) */
	uint8_t id[20];
	char *filename;
};

struct kp_pmu_mapping {
	uint32_t type;
	char *name;
};

/* One event of the EVENT_DESC feature. */
struct kp_event_desc {
	struct perf_event_attr attr;
	char *name;
	uint64_t *ids;
	uint32_t nr_ids;
};

/* One group of the GROUP_DESC feature ("{anon_group}" when unnamed). */
struct kp_group_desc {
	char *name;
	uint32_t leader_idx;	/* evsel index of the leader */
	uint32_t nr_members;
};

struct kp_env {
	char *hostname;
	char *os_release;
	char *version;		/* perf/kprof version that wrote the file */
	char *arch;
	char *cpudesc;
	char *cpuid;
	char *cmdline;		/* argv joined with spaces */
	uint32_t nr_cpus_avail;
	uint32_t nr_cpus_online;
	uint64_t total_mem;	/* kB */
	uint64_t clockid_res_ns;
	uint64_t first_sample_time, last_sample_time;
	int has_sample_time;
	struct kp_build_id *build_ids;
	uint32_t nr_build_ids;
	struct kp_pmu_mapping *pmus;
	uint32_t nr_pmus;
	void *tracing_data;	/* HEADER_TRACING_DATA payload, for libtraceevent */
	uint64_t tracing_data_size;
	int compressed;		/* HEADER_COMPRESSED: 1 = zstd */
	uint32_t comp_level;
	uint64_t features[4];	/* which features were present */
	/* added by the reader */
	struct kp_event_desc *event_desc;	/* HEADER_EVENT_DESC */
	uint32_t nr_event_desc;
	uint32_t comp_type, comp_ratio, comp_mmap_len;	/* HEADER_COMPRESSED */
	uint64_t clock_tod_ns, clock_clockid_ns;	/* HEADER_CLOCK_DATA */
	int32_t clockid;				/* HEADER_CLOCK_DATA */
	uint32_t nr_numa_nodes, nr_groups, nr_caches;
	struct kp_group_desc *groups;			/* HEADER_GROUP_DESC, nr_groups */
	struct kp_misses *misses;	/* kprof's KPROF_MISSES feature (lib/feature-misses.h) */
};

void kp_env__exit(struct kp_env *env);

/*
 * Fill @env (zeroed by the caller) with what perf record stores about this
 * machine and run: uname, version, CPUs, cpudesc/cpuid, memory, clock
 * resolution, PMU types, and the command line: @argv is main()'s (argv[0] is
 * replaced by /proc/self/exe, as perf does).  On error the caller still calls
 * kp_env__exit().  Returns 0 or -ENOMEM (missing /proc or /sys files are skipped).
 */
int kp_env__collect(struct kp_env *env, int argc, const char **argv);

/*
 * Append one BUILD_ID entry, as perf writes one per DSO with samples:
 * @filename (copied; "[kernel.kallsyms]" for the kernel), @pid -1 for the host
 * (perf's HOST_KERNEL_ID), @misc PERF_RECORD_MISC_USER or _KERNEL, @size bytes
 * (at most 20) of @id.  Returns 0, -EINVAL or -ENOMEM.
 */
int kp_env__add_build_id(struct kp_env *env, const char *filename, int32_t pid, uint16_t misc,
			 const uint8_t *id, int size);

#endif /* KPROF_LIB_ENV_H */
