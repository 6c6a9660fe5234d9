// SPDX-License-Identifier: GPL-2.0
/*
 * The "# ========" block of perf report --header: host, kernel, cpus, memory,
 * command line, events, sample times and build ids of the recorded run.
 */
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
		"IP",
		"TID",
		"TIME",
		"ADDR",
		"READ",
		"CALLCHAIN",
		"ID",
		"CPU",
		"PERIOD",
		"STREAM_ID",
		"RAW",
		"BRANCH_STACK",
		"REGS_USER",
		"STACK_USER",
		"WEIGHT",
		"DATA_SRC",
		"IDENTIFIER",
		"TRANSACTION",
		"REGS_INTR",
		"PHYS_ADDR",
		"AUX",
		"CGROUP",
		"DATA_PAGE_SIZE",
		"CODE_PAGE_SIZE",
		"WEIGHT_STRUCT",
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

static void print_read_format(FILE *fp, uint64_t fmt)
{
	static const char *const bits[] = { "TOTAL_TIME_ENABLED", "TOTAL_TIME_RUNNING", "ID",
					    "GROUP", "LOST" };
	const char *sep = "";

	for (unsigned int i = 0; i < 64; i++) {
		if (!(fmt & (1ULL << i)))
			continue;
		if (i < sizeof(bits) / sizeof(bits[0]))
			fprintf(fp, "%s%s", sep, bits[i]);
		else
			fprintf(fp, "%s0x%llx", sep, 1ULL << i);
		sep = "|";
	}
}

/* perf's attr dump: only the fields that are set, in perf_event_attr order. */
static void print_event(FILE *fp, const struct kp_evsel *evsel)
{
	const struct perf_event_attr *a = &evsel->attr;
	const struct {
		const char *name;
		uint64_t val;
	} flags[] = {
		{ "disabled", a->disabled },
		{ "inherit", a->inherit },
		{ "pinned", a->pinned },
		{ "exclusive", a->exclusive },
		{ "exclude_user", a->exclude_user },
		{ "exclude_kernel", a->exclude_kernel },
		{ "exclude_hv", a->exclude_hv },
		{ "exclude_idle", a->exclude_idle },
		{ "mmap", a->mmap },
		{ "comm", a->comm },
		{ "freq", a->freq },
		{ "inherit_stat", a->inherit_stat },
		{ "enable_on_exec", a->enable_on_exec },
		{ "task", a->task },
		{ "watermark", a->watermark },
		{ "precise_ip", a->precise_ip },
		{ "mmap_data", a->mmap_data },
		{ "sample_id_all", a->sample_id_all },
		{ "exclude_host", a->exclude_host },
		{ "exclude_guest", a->exclude_guest },
		{ "exclude_callchain_kernel", a->exclude_callchain_kernel },
		{ "exclude_callchain_user", a->exclude_callchain_user },
		{ "mmap2", a->mmap2 },
		{ "comm_exec", a->comm_exec },
		{ "use_clockid", a->use_clockid },
		{ "context_switch", a->context_switch },
		{ "write_backward", a->write_backward },
		{ "namespaces", a->namespaces },
		{ "ksymbol", a->ksymbol },
		{ "bpf_event", a->bpf_event },
		{ "aux_output", a->aux_output },
		{ "cgroup", a->cgroup },
		{ "text_poke", a->text_poke },
		{ "build_id", a->build_id },
		{ "inherit_thread", a->inherit_thread },
		{ "remove_on_exec", a->remove_on_exec },
		{ "sigtrap", a->sigtrap },
		{ "bp_type", a->bp_type },
		{ "branch_sample_type", a->branch_sample_type },
		{ "sample_regs_user", a->sample_regs_user },
		{ "sample_stack_user", a->sample_stack_user },
		{ "clockid", a->clockid },
		{ "sample_regs_intr", a->sample_regs_intr },
		{ "aux_watermark", a->aux_watermark },
		{ "sample_max_stack", a->sample_max_stack },
	};

	fprintf(fp, "# event : name = %s, , ", evsel->name ? evsel->name : "");
	if (evsel->nr_ids) {
		fprintf(fp, "id = {");
		for (uint32_t i = 0; i < evsel->nr_ids; i++)
			fprintf(fp, "%s %" PRIu64, i ? "," : "", evsel->ids[i]);
		fprintf(fp, " }, ");
	}
	fprintf(fp, "type = %u, size = %u", a->type, a->size);
	if (a->config)
		fprintf(fp, ", config = %#llx", (unsigned long long)a->config);
	if (a->sample_period)
		fprintf(fp, ", { sample_period, sample_freq } = %llu",
			(unsigned long long)a->sample_period);
	if (a->sample_type) {
		fprintf(fp, ", sample_type = ");
		print_sample_type(fp, a->sample_type);
	}
	if (a->read_format) {
		fprintf(fp, ", read_format = ");
		print_read_format(fp, a->read_format);
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!flags[i].val)
			continue;
		if (!strncmp(flags[i].name, "sample_regs", 11) ||
		    !strcmp(flags[i].name, "branch_sample_type"))
			fprintf(fp, ", %s = %#llx", flags[i].name,
				(unsigned long long)flags[i].val);
		else
			fprintf(fp, ", %s = %llu", flags[i].name, (unsigned long long)flags[i].val);
	}
	if (a->config1)
		fprintf(fp, ", { bp_addr, config1 } = %#llx", (unsigned long long)a->config1);
	if (a->config2)
		fprintf(fp, ", { bp_len, config2 } = %#llx", (unsigned long long)a->config2);
	fprintf(fp, "\n");
}

/* The file header's layout lines; only for a file in this machine's byte order. */
static void print_file_header(FILE *fp, const char *path)
{
	struct kp_file_header h;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = pread(fd, &h, sizeof(h), 0);
	close(fd);
	if (n != (ssize_t)sizeof(h) || h.magic != KP_MAGIC2)
		return;
	fprintf(fp, "# header version : 1\n");
	fprintf(fp, "# data offset    : %" PRIu64 "\n", (uint64_t)h.data.offset);
	fprintf(fp, "# data size      : %" PRIu64 "\n", (uint64_t)h.data.size);
	fprintf(fp, "# feat offset    : %" PRIu64 "\n", (uint64_t)(h.data.offset + h.data.size));
}

static void print_upper(FILE *fp, const char *s)
{
	while (*s)
		fputc(toupper((unsigned char)*s++), fp);
	fputc(' ', fp);
}

static void print_time(FILE *fp, const char *what, uint64_t ns)
{
	fprintf(fp, "# %s : %" PRIu64 ".%06" PRIu64 "\n", what, ns / 1000000000,
		ns % 1000000000 / 1000);
}

void kp_stdio_env__fprintf(FILE *fp, const struct kp_session *session, const char *path)
{
	const struct kp_env *env = kp_session__env(session);
	bool pipe = kp_session__is_pipe(session);
	struct stat st;
	int err;

	fprintf(fp, "# ========\n");
	err = strcmp(path, "-") ? stat(path, &st) : fstat(STDIN_FILENO, &st);
	if (!err) {
		time_t t = st.st_mtime;

		fprintf(fp, "# captured on    : %s", ctime(&t));
	}
	if (pipe) {
		/* perf: a pipe has no layout, and its features follow the block's end */
		fprintf(fp, "# header version : 1\n# data offset    : 0\n# data size      : 0\n"
			    "# feat offset    : 0\n# ========\n#\n");
	} else if (!err && strcmp(path, "-")) {
		print_file_header(fp, path);
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
		fprintf(fp, "# cmdline : %s \n",
			env->cmdline); /* perf ends each word with a space */
	for (int i = 0; i < kp_session__nr_evsels(session); i++) {
		const struct kp_evsel *evsel = kp_session__evsel(session, i);

		if (evsel)
			print_event(fp, evsel);
	}
	if (env__has(env, KP_FEAT_CPU_TOPOLOGY))
		fprintf(fp, "# CPU_TOPOLOGY info available, use -I to display\n");
	if (env__has(env, KP_FEAT_NUMA_TOPOLOGY))
		fprintf(fp, "# NUMA_TOPOLOGY info available, use -I to display\n");
	if (env->nr_pmus) {
		fprintf(fp, "# pmu mappings:");
		for (uint32_t i = 0; i < env->nr_pmus; i++)
			fprintf(fp, "%s %s = %u", i ? "," : "", env->pmus[i].name,
				env->pmus[i].type);
		fprintf(fp, "\n");
	}
	if (env__has(env, KP_FEAT_CACHE))
		fprintf(fp, "# CACHE info available, use -I to display\n");
	if (env->has_sample_time) {
		print_time(fp, "time of first sample", env->first_sample_time);
		print_time(fp, "time of last sample", env->last_sample_time);
		fprintf(fp, "# sample duration : %10.3f ms\n",
			(env->last_sample_time - env->first_sample_time) / 1e6);
	}
	if (env__has(env, KP_FEAT_MEM_TOPOLOGY))
		fprintf(fp, "# MEM_TOPOLOGY info available, use -I to display\n");
	if (env->compressed)
		fprintf(fp, "# compressed : Zstd, level = %u\n", env->comp_level);
	for (uint32_t i = 0; i < env->nr_build_ids; i++) {
		const struct kp_build_id *b = &env->build_ids[i];

		fprintf(fp, "# build id : ");
		for (int k = 0; k < b->size && k < 20; k++)
			fprintf(fp, "%02x", b->id[k]);
		fprintf(fp, " %s\n", b->filename ? b->filename : "");
	}
	if (!kp_session__is_pipe(session)) {
		fprintf(fp, "# missing features: ");
		for (int f = KP_FEAT_TRACING_DATA; f <= KP_FEAT_PMU_CAPS; f++)
			if (!env__has(env, f) && f != KP_FEAT_BPF_PROG_INFO && f != KP_FEAT_BPF_BTF)
				print_upper(fp, kp_feature__name(f));
		fprintf(fp, "\n");
	}
	if (!pipe)
		fprintf(fp, "# ========\n#\n");
}
