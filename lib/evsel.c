// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/evsel.h"

struct kp_evsel *kp_evsel__new(const struct perf_event_attr *attr, const char *name, int idx)
{
	struct kp_evsel *evsel = calloc(1, sizeof(*evsel));

	if (!evsel)
		return NULL;
	evsel->attr = *attr;
	evsel->idx = idx;
	if (name) {
		evsel->name = strdup(name);
		if (!evsel->name) {
			free(evsel);
			return NULL;
		}
	}
	return evsel;
}

void kp_evsel__delete(struct kp_evsel *evsel)
{
	if (!evsel)
		return;
	free(evsel->name);
	free(evsel->group_name);
	free(evsel->ids);
	free(evsel);
}

int kp_evsel__add_id(struct kp_evsel *evsel, uint64_t id)
{
	uint64_t *ids;

	if ((evsel->nr_ids & (evsel->nr_ids - 1)) == 0) {
		ids = realloc(evsel->ids, (evsel->nr_ids ? evsel->nr_ids * 2 : 1) * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		evsel->ids = ids;
	}
	evsel->ids[evsel->nr_ids++] = id;
	return 0;
}

static const char *const sw_names[] = {
	[PERF_COUNT_SW_CPU_CLOCK] = "cpu-clock",
	[PERF_COUNT_SW_TASK_CLOCK] = "task-clock",
	[PERF_COUNT_SW_PAGE_FAULTS] = "page-faults",
	[PERF_COUNT_SW_CONTEXT_SWITCHES] = "context-switches",
	[PERF_COUNT_SW_CPU_MIGRATIONS] = "cpu-migrations",
	[PERF_COUNT_SW_PAGE_FAULTS_MIN] = "minor-faults",
	[PERF_COUNT_SW_PAGE_FAULTS_MAJ] = "major-faults",
	[PERF_COUNT_SW_ALIGNMENT_FAULTS] = "alignment-faults",
	[PERF_COUNT_SW_EMULATION_FAULTS] = "emulation-faults",
	[PERF_COUNT_SW_DUMMY] = "dummy",
	[PERF_COUNT_SW_BPF_OUTPUT] = "bpf-output",
	[PERF_COUNT_SW_CGROUP_SWITCHES] = "cgroup-switches",
};

static const char *const hw_names[] = {
	[PERF_COUNT_HW_CPU_CYCLES] = "cycles",
	[PERF_COUNT_HW_INSTRUCTIONS] = "instructions",
	[PERF_COUNT_HW_CACHE_REFERENCES] = "cache-references",
	[PERF_COUNT_HW_CACHE_MISSES] = "cache-misses",
	[PERF_COUNT_HW_BRANCH_INSTRUCTIONS] = "branches",
	[PERF_COUNT_HW_BRANCH_MISSES] = "branch-misses",
	[PERF_COUNT_HW_BUS_CYCLES] = "bus-cycles",
	[PERF_COUNT_HW_STALLED_CYCLES_FRONTEND] = "stalled-cycles-frontend",
	[PERF_COUNT_HW_STALLED_CYCLES_BACKEND] = "stalled-cycles-backend",
	[PERF_COUNT_HW_REF_CPU_CYCLES] = "ref-cycles",
};

const char *kp_evsel__default_name(const struct perf_event_attr *attr, char *buf, size_t sz)
{
	const char *name = NULL;

	if (attr->type == PERF_TYPE_SOFTWARE && attr->config < sizeof(sw_names) / sizeof(sw_names[0]))
		name = sw_names[attr->config];
	else if (attr->type == PERF_TYPE_HARDWARE &&
		 attr->config < sizeof(hw_names) / sizeof(hw_names[0]))
		name = hw_names[attr->config];
	if (name)
		snprintf(buf, sz, "%s", name);
	else if (attr->type == PERF_TYPE_TRACEPOINT)
		snprintf(buf, sz, "tracepoint:%llu", (unsigned long long)attr->config);
	else
		snprintf(buf, sz, "raw:%u:%#llx", attr->type, (unsigned long long)attr->config);
	return buf;
}
