// SPDX-License-Identifier: GPL-2.0
/*
 * Fill a kp_env with what perf record stores about the machine and the run:
 * uname, CPU counts and description, memory, command line, clock resolution
 * and the PMU type numbers.  Values come from the same places perf reads them
 * so that `perf report --header-only` shows the same lines for both tools.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "lib/env.h"

#ifndef KPROF_VERSION
#define KPROF_VERSION "unknown"
#endif

/* Value of the first "key<spaces>: value" line of a /proc file, malloc'ed. */
static char *proc_value(const char *path, const char *key)
{
	size_t klen = strlen(key), n = 0;
	char *line = NULL, *val = NULL;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	while (getline(&line, &n, f) > 0) {
		char *p;

		if (strncmp(line, key, klen) || (line[klen] != ':' && !isspace(line[klen])))
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		p[strcspn(p, "\n")] = '\0';
		val = strdup(p);
		break;
	}
	free(line);
	fclose(f);
	return val;
}

/* perf squashes runs of white space in the brand string into one space. */
static void squash_spaces(char *s)
{
	char *start = s, *d = s;

	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (d > start && d[-1] == ' ')
				continue;
			*d++ = ' ';
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

/* "vendor,family,model,stepping" as perf's x86 get_cpuid() prints it. */
static char *cpuid_string(void)
{
	char *vendor = proc_value("/proc/cpuinfo", "vendor_id");
	char *family = proc_value("/proc/cpuinfo", "cpu family");
	char *model = proc_value("/proc/cpuinfo", "model");
	char *step = proc_value("/proc/cpuinfo", "stepping");
	char *s = NULL;

	if (vendor && family && model && step &&
	    asprintf(&s, "%s,%u,%u,%u", vendor, (unsigned int)strtoul(family, NULL, 0),
		     (unsigned int)strtoul(model, NULL, 0),
		     (unsigned int)strtoul(step, NULL, 0)) < 0)
		s = NULL;
	free(vendor);
	free(family);
	free(model);
	free(step);
	return s;
}

/* Highest CPU number in /sys/devices/system/cpu/present plus one (perf's nr_cpus_avail). */
static uint32_t max_present_cpu(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/present", "re");
	char buf[4096], *p;
	unsigned long max = 0;
	bool any = false;

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	for (p = buf; *p;) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end == p)
			break;
		if (v + 1 > max)
			max = v + 1;
		any = true;
		p = end;
		if (*p == '-' || *p == ',')
			p++;
	}
	return any ? (uint32_t)max : 0;
}

static int collect_cmdline(struct kp_env *env, int argc, const char **argv)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t len;
	char *s;

	if (n <= 0)
		snprintf(exe, sizeof(exe), "%s", argc > 0 ? argv[0] : "kprof");
	else
		exe[n] = '\0';
	len = strlen(exe) + 1;
	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	strcpy(s, exe);
	for (int i = 1; i < argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	env->cmdline = s;
	return 0;
}

static int collect_pmus(struct kp_env *env)
{
	const char *dir = "/sys/bus/event_source/devices";
	struct dirent *de;
	DIR *d = opendir(dir);
	int err = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct kp_pmu_mapping *m;
		char path[PATH_MAX];
		unsigned int type;
		FILE *f;
		int ok;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/type", dir, de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		ok = fscanf(f, "%u", &type) == 1;
		fclose(f);
		if (!ok)
			continue;
		m = realloc(env->pmus, (env->nr_pmus + 1) * sizeof(*m));
		if (!m) {
			err = -ENOMEM;
			break;
		}
		env->pmus = m;
		m[env->nr_pmus].type = type;
		m[env->nr_pmus].name = strdup(de->d_name);
		if (!m[env->nr_pmus].name) {
			err = -ENOMEM;
			break;
		}
		env->nr_pmus++;
	}
	closedir(d);
	return err;
}

int kp_env__add_build_id(struct kp_env *env, const char *filename, int32_t pid, uint16_t misc,
			 const uint8_t *id, int size)
{
	struct kp_build_id *b;

	if (!filename || size <= 0 || size > (int)sizeof(b->id))
		return -EINVAL;
	b = realloc(env->build_ids, (env->nr_build_ids + 1) * sizeof(*b));
	if (!b)
		return -ENOMEM;
	env->build_ids = b;
	b = &b[env->nr_build_ids];
	memset(b, 0, sizeof(*b));
	b->filename = strdup(filename);
	if (!b->filename)
		return -ENOMEM;
	b->pid = pid;
	b->misc = misc;
	b->size = (uint8_t)size;
	memcpy(b->id, id, (size_t)size);
	env->nr_build_ids++;
	return 0;
}

int kp_env__collect(struct kp_env *env, int argc, const char **argv)
{
	struct utsname uts;
	struct timespec res;
	char *mem;
	long n;

	if (uname(&uts) == 0) {
		env->hostname = strdup(uts.nodename);
		env->os_release = strdup(uts.release);
		env->arch = strdup(uts.machine);
		if (!env->hostname || !env->os_release || !env->arch)
			return -ENOMEM;
	}
	env->version = strdup("kprof " KPROF_VERSION);
	if (!env->version)
		return -ENOMEM;

	env->nr_cpus_avail = max_present_cpu();
	n = sysconf(_SC_NPROCESSORS_ONLN);
	env->nr_cpus_online = n > 0 ? (uint32_t)n : 0;
	if (!env->nr_cpus_avail)
		env->nr_cpus_avail = env->nr_cpus_online;

	env->cpudesc = proc_value("/proc/cpuinfo", "model name");
	if (env->cpudesc)
		squash_spaces(env->cpudesc);
	env->cpuid = cpuid_string();

	mem = proc_value("/proc/meminfo", "MemTotal");
	if (mem) {
		env->total_mem = strtoull(mem, NULL, 10);
		free(mem);
	}

	if (collect_cmdline(env, argc, argv))
		return -ENOMEM;

	if (clock_getres(CLOCK_MONOTONIC, &res) == 0)
		env->clockid_res_ns = (uint64_t)res.tv_sec * 1000000000ULL + (uint64_t)res.tv_nsec;

	return collect_pmus(env);
}
