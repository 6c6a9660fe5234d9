// SPDX-License-Identifier: GPL-2.0
#include "lib/header.h"

static const char *const feat_names[KP_FEAT_LAST_KNOWN] = {
	[KP_FEAT_TRACING_DATA] = "tracing_data",
	[KP_FEAT_BUILD_ID] = "build_id",
	[KP_FEAT_HOSTNAME] = "hostname",
	[KP_FEAT_OSRELEASE] = "osrelease",
	[KP_FEAT_VERSION] = "version",
	[KP_FEAT_ARCH] = "arch",
	[KP_FEAT_NRCPUS] = "nrcpus",
	[KP_FEAT_CPUDESC] = "cpudesc",
	[KP_FEAT_CPUID] = "cpuid",
	[KP_FEAT_TOTAL_MEM] = "total_mem",
	[KP_FEAT_CMDLINE] = "cmdline",
	[KP_FEAT_EVENT_DESC] = "event_desc",
	[KP_FEAT_CPU_TOPOLOGY] = "cpu_topology",
	[KP_FEAT_NUMA_TOPOLOGY] = "numa_topology",
	[KP_FEAT_BRANCH_STACK] = "branch_stack",
	[KP_FEAT_PMU_MAPPINGS] = "pmu_mappings",
	[KP_FEAT_GROUP_DESC] = "group_desc",
	[KP_FEAT_AUXTRACE] = "auxtrace",
	[KP_FEAT_STAT] = "stat",
	[KP_FEAT_CACHE] = "cache",
	[KP_FEAT_SAMPLE_TIME] = "sample_time",
	[KP_FEAT_MEM_TOPOLOGY] = "mem_topology",
	[KP_FEAT_CLOCKID] = "clockid",
	[KP_FEAT_DIR_FORMAT] = "dir_format",
	[KP_FEAT_BPF_PROG_INFO] = "bpf_prog_info",
	[KP_FEAT_BPF_BTF] = "bpf_btf",
	[KP_FEAT_COMPRESSED] = "compressed",
	[KP_FEAT_CPU_PMU_CAPS] = "cpu_pmu_caps",
	[KP_FEAT_CLOCK_DATA] = "clock_data",
	[KP_FEAT_HYBRID_TOPOLOGY] = "hybrid_topology",
	[KP_FEAT_PMU_CAPS] = "pmu_caps",
};

const char *kp_feature__name(int feat)
{
	if (feat == KP_FEAT_KPROF_MISSES)
		return "kprof_misses";
	if (feat <= 0 || feat >= KP_FEAT_LAST_KNOWN || !feat_names[feat])
		return "unknown";
	return feat_names[feat];
}
