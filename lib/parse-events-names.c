// SPDX-License-Identifier: GPL-2.0
/*
 * The symbolic event names perf 6.1 knows: hardware and software events with
 * their aliases (perf list sw / hw) and the hardware cache events
 * (perf list cache).
 */
#include <linux/perf_event.h>
#include <string.h>

#include "lib/parse-events-names.h"

static const struct kp_sym_event sym_events[] = {
	{ "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "stalled-cycles-frontend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "idle-cycles-frontend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "idle-cycles-backend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "alignment-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS },
	{ "dummy", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY },
	{ "bpf-output", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT },
	{ "cgroup-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CGROUP_SWITCHES },
};

const struct kp_sym_event *kp_sym_event__table(size_t *nr)
{
	*nr = sizeof(sym_events) / sizeof(sym_events[0]);
	return sym_events;
}

/* Hardware cache events: TYPE[-OP_OR_RESULT[-OP_OR_RESULT]], perf's spellings. */
struct cache_word {
	const char *word;
	int val;
};

static const struct cache_word cache_types[] = {
	{ "L1-dcache", PERF_COUNT_HW_CACHE_L1D },
	{ "l1-d", PERF_COUNT_HW_CACHE_L1D },
	{ "l1d", PERF_COUNT_HW_CACHE_L1D },
	{ "L1-data", PERF_COUNT_HW_CACHE_L1D },
	{ "L1-icache", PERF_COUNT_HW_CACHE_L1I },
	{ "l1-i", PERF_COUNT_HW_CACHE_L1I },
	{ "l1i", PERF_COUNT_HW_CACHE_L1I },
	{ "L1-instruction", PERF_COUNT_HW_CACHE_L1I },
	{ "LLC", PERF_COUNT_HW_CACHE_LL },
	{ "L2", PERF_COUNT_HW_CACHE_LL },
	{ "dTLB", PERF_COUNT_HW_CACHE_DTLB },
	{ "d-tlb", PERF_COUNT_HW_CACHE_DTLB },
	{ "Data-TLB", PERF_COUNT_HW_CACHE_DTLB },
	{ "iTLB", PERF_COUNT_HW_CACHE_ITLB },
	{ "i-tlb", PERF_COUNT_HW_CACHE_ITLB },
	{ "Instruction-TLB", PERF_COUNT_HW_CACHE_ITLB },
	{ "branch", PERF_COUNT_HW_CACHE_BPU },
	{ "branches", PERF_COUNT_HW_CACHE_BPU },
	{ "bpu", PERF_COUNT_HW_CACHE_BPU },
	{ "btb", PERF_COUNT_HW_CACHE_BPU },
	{ "bpc", PERF_COUNT_HW_CACHE_BPU },
	{ "node", PERF_COUNT_HW_CACHE_NODE },
	{ NULL, 0 },
};

/* ops are 0..2, results 0x100 + 0..1 */
#define CACHE_RESULT 0x100
static const struct cache_word cache_op_results[] = {
	{ "load", PERF_COUNT_HW_CACHE_OP_READ },
	{ "loads", PERF_COUNT_HW_CACHE_OP_READ },
	{ "read", PERF_COUNT_HW_CACHE_OP_READ },
	{ "store", PERF_COUNT_HW_CACHE_OP_WRITE },
	{ "stores", PERF_COUNT_HW_CACHE_OP_WRITE },
	{ "write", PERF_COUNT_HW_CACHE_OP_WRITE },
	{ "prefetch", PERF_COUNT_HW_CACHE_OP_PREFETCH },
	{ "prefetches", PERF_COUNT_HW_CACHE_OP_PREFETCH },
	{ "speculative-read", PERF_COUNT_HW_CACHE_OP_PREFETCH },
	{ "speculative-load", PERF_COUNT_HW_CACHE_OP_PREFETCH },
	{ "refs", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "Reference", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "ops", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "access", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "misses", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_MISS },
	{ "miss", CACHE_RESULT | PERF_COUNT_HW_CACHE_RESULT_MISS },
	{ NULL, 0 },
};

/* The ops each cache type has (perf's table): L1I read/prefetch, ITLB and BPU read only. */
static const unsigned int cache_ops_valid[PERF_COUNT_HW_CACHE_MAX] = {
	[PERF_COUNT_HW_CACHE_L1D] = 7,	[PERF_COUNT_HW_CACHE_L1I] = 5,
	[PERF_COUNT_HW_CACHE_LL] = 7,	[PERF_COUNT_HW_CACHE_DTLB] = 7,
	[PERF_COUNT_HW_CACHE_ITLB] = 1, [PERF_COUNT_HW_CACHE_BPU] = 1,
	[PERF_COUNT_HW_CACHE_NODE] = 7,
};

/* The longest word of @words at @s that ends at @end or before a '-'; its length or 0. */
static size_t cache__word(const struct cache_word *words, const char *s, const char *end, int *val)
{
	size_t best = 0, n;

	for (; words->word; words++) {
		n = strlen(words->word);
		if (n > best && n <= (size_t)(end - s) && !strncmp(s, words->word, n) &&
		    (s + n == end || s[n] == '-')) {
			best = n;
			*val = words->val;
		}
	}
	return best;
}

/*
 * A cache event in [s, s+len): 1 and the config when it is one, 0 when it is
 * not, -1 when the op is not valid for the type (as perf, which refuses those).
 * A second op or result is ignored, as perf does.
 */
int kp_cache_event__parse(const char *s, size_t len, uint64_t *config)
{
	const char *end = s + len, *p;
	int type, w, op = -1, result = -1, i;
	size_t n;

	n = cache__word(cache_types, s, end, &type);
	if (!n)
		return 0;
	for (p = s + n, i = 0; p < end; i++) {
		if (i == 2 || *p != '-')
			return 0;
		n = cache__word(cache_op_results, p + 1, end, &w);
		if (!n)
			return 0;
		p += n + 1;
		if (!(w & CACHE_RESULT) && op < 0) {
			if (!(cache_ops_valid[type] & (1U << w)))
				return -1;
			op = w;
		} else if ((w & CACHE_RESULT) && result < 0) {
			result = w & ~CACHE_RESULT;
		}
	}
	if (op < 0)
		op = PERF_COUNT_HW_CACHE_OP_READ;
	if (result < 0)
		result = PERF_COUNT_HW_CACHE_RESULT_ACCESS;
	*config = type | (op << 8) | (result << 16);
	return 1;
}

const struct kp_sym_event *kp_sym_event__find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(sym_events) / sizeof(sym_events[0]); i++)
		if (strlen(sym_events[i].name) == len && !strncmp(sym_events[i].name, name, len))
			return &sym_events[i];
	return NULL;
}
