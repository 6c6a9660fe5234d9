// SPDX-License-Identifier: GPL-2.0
/*
 * The "# ========" block of perf report --header: host, kernel, cpus, memory,
 * command line, events, sample times and build ids of the recorded run.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/header.h"
#include "lib/session.h"
#include "ui/stdio/env.h"

static int env__has(const struct kp_env *env, int feat)
{
	return (env->features[feat / 64] >> (feat % 64)) & 1;
}

static void print_sample_type(FILE *fp, uint64_t type)
{
	static const char *const bits[] = {
		"IP", "TID", "TIME", "ADDR", "READ", "CALLCHAIN", "ID", "CPU", "PERIOD",
		"STREAM_ID", "RAW", "BRANCH_STACK", "REGS_USER", "STACK_USER", "WEIGHT",
		"DATA_SRC", "IDENTIFIER", "TRANSACTION", "REGS_INTR", "PHYS_ADDR", "AUX",
		"CGROUP", "DATA_PAGE_SIZE", "CODE_PAGE_SIZE", "WEIGHT_STRUCT",
	};
	const char *sep = "";

	for (unsigned int i = 0; i < 64; i++) {
		if (!(type & (1ULL << i)))
			continue;
		if (i < sizeof(bits) / sizeof(bits[0]))
			fprintf(fp, "%s%s", sep, bits[i]);
		else
			fprintf(fp, "%s0x%llx", sep, 1ULL << i);
		sep = "|";
	}
}

static void print_event(FILE *fp, const struct kp_evsel *evsel)
{
	const struct perf_event_attr *attr = &evsel->attr;

	fprintf(fp, "# event : name = %s, ", evsel->name ? evsel->name : "");
	if (evsel->nr_ids) {
		fprintf(fp, "id = {");
		for (uint32_t i = 0; i < evsel->nr_ids; i++)
			fprintf(fp, "%s %" PRIu64, i ? "," : "", evsel->ids[i]);
		fprintf(fp, " }, ");
	}
	fprintf(fp, "type = %u, size = %u, config = %#llx, ", attr->type, attr->size,
		(unsigned long long)attr->config);
	fprintf(fp, "{ sample_period, sample_freq } = %llu, sample_type = ",
		(unsigned long long)attr->sample_period);
	print_sample_type(fp, attr->sample_type);
	fprintf(fp, "%s\n", attr->freq ? ", freq = 1" : "");
}

static void print_time(FILE *fp, const char *what, uint64_t ns)
{
	fprintf(fp, "# %s : %" PRIu64 ".%06" PRIu64 "\n", what, ns / 1000000000,
		ns % 1000000000 / 1000);
}

void kp_stdio_env__fprintf(FILE *fp, const struct kp_session *session, const char *path)
{
	const struct kp_env *env = kp_session__env(session);
	struct stat st;

	fprintf(fp, "# ========\n");
	if (strcmp(path, "-") && !stat(path, &st)) {
		time_t t = st.st_mtime;

		fprintf(fp, "# captured on    : %s", ctime(&t));
	}
	if (env->hostname)
		fprintf(fp, "# hostname : %s\n", env->hostname);
	if (env->os_release)
		fprintf(fp, "# os release : %s\n", env->os_release);
	if (env->version)
		fprintf(fp, "# perf version : %s\n", env->version);
	if (env->arch)
		fprintf(fp, "# arch : %s\n", env->arch);
	if (env__has(env, KP_FEAT_NRCPUS)) {
		fprintf(fp, "# nrcpus online : %u\n", env->nr_cpus_online);
		fprintf(fp, "# nrcpus avail : %u\n", env->nr_cpus_avail);
	}
	if (env->cpudesc)
		fprintf(fp, "# cpudesc : %s\n", env->cpudesc);
	if (env->cpuid)
		fprintf(fp, "# cpuid : %s\n", env->cpuid);
	if (env__has(env, KP_FEAT_TOTAL_MEM))
		fprintf(fp, "# total memory : %" PRIu64 " kB\n", env->total_mem);
	if (env->cmdline)
		fprintf(fp, "# cmdline : %s\n", env->cmdline);
	for (int i = 0; i < kp_session__nr_evsels(session); i++) {
		const struct kp_evsel *evsel = kp_session__evsel(session, i);

		if (evsel)
			print_event(fp, evsel);
	}
	if (env->nr_pmus) {
		fprintf(fp, "# pmu mappings:");
		for (uint32_t i = 0; i < env->nr_pmus; i++)
			fprintf(fp, "%s %s = %u", i ? "," : "", env->pmus[i].name,
				env->pmus[i].type);
		fprintf(fp, "\n");
	}
	if (env->has_sample_time) {
		print_time(fp, "time of first sample", env->first_sample_time);
		print_time(fp, "time of last sample", env->last_sample_time);
		fprintf(fp, "# sample duration : %10.3f ms\n",
			(env->last_sample_time - env->first_sample_time) / 1e6);
	}
	if (env->compressed)
		fprintf(fp, "# compressed : Zstd, level = %u\n", env->comp_level);
	for (uint32_t i = 0; i < env->nr_build_ids; i++) {
		const struct kp_build_id *b = &env->build_ids[i];

		fprintf(fp, "# build id : ");
		for (int k = 0; k < b->size && k < 20; k++)
			fprintf(fp, "%02x", b->id[k]);
		fprintf(fp, " %s\n", b->filename ? b->filename : "");
	}
	fprintf(fp, "# ========\n#\n");
}
