// SPDX-License-Identifier: GPL-2.0
/* The PMU probe backend: perf_event_open on the kprobe and uprobe PMUs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/evlist.h"
#include "lib/probe/pmu.h"

#define SYSFS_PMUS "/sys/bus/event_source/devices"

static const char *pmu_name(enum kp_probe_kind kind)
{
	return kp_probe_kind__is_user(kind) ? "uprobe" : "kprobe";
}

int kp_probe_pmu__find(enum kp_probe_kind kind, const char *sysfs, struct kp_probe_pmu *pmu)
{
	char path[512], fmt[64] = "";
	FILE *f;
	int bit;

	snprintf(path, sizeof(path), "%s/%s/type", sysfs ?: SYSFS_PMUS, pmu_name(kind));
	f = fopen(path, "r");
	if (!f)
		return -ENOENT;
	if (fscanf(f, "%d", &pmu->type) != 1)
		pmu->type = -1;
	fclose(f);
	if (pmu->type < 0)
		return -ENOENT;
	/* format/retprobe: "config:0" */
	pmu->retprobe_bit = 0;
	snprintf(path, sizeof(path), "%s/%s/format/retprobe", sysfs ?: SYSFS_PMUS, pmu_name(kind));
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%63s", fmt) == 1 && sscanf(fmt, "config:%d", &bit) == 1 &&
		    bit >= 0 && bit < 64)
			pmu->retprobe_bit = bit;
		fclose(f);
	} else if (kp_probe_kind__is_return(kind)) {
		return -EOPNOTSUPP;
	}
	return 0;
}

void kp_probe_pmu__attr(const struct kp_probe_pmu *pmu, const struct kp_probe_point *point,
			struct perf_event_attr *attr)
{
	attr->type = pmu->type;
	attr->config = kp_probe_kind__is_return(point->kind) ? 1ULL << pmu->retprobe_bit : 0;
	if (kp_probe_kind__is_user(point->kind)) {
		attr->config1 = (uintptr_t)point->path;		/* uprobe_path */
		attr->config2 = point->offset;			/* probe_offset */
	} else if (point->symbol) {
		attr->config1 = (uintptr_t)point->symbol;	/* kprobe_func */
		attr->config2 = point->offset;			/* probe_offset */
	} else {
		attr->config1 = 0;
		attr->config2 = point->offset;			/* kprobe_addr */
	}
}

bool kp_probe_pmu__is_probe(const struct perf_event_attr *attr, enum kp_probe_kind *kind)
{
	struct kp_probe_pmu pmu;
	bool ret;

	for (int user = 0; user < 2; user++) {
		enum kp_probe_kind k = user ? KP_PROBE_UPROBE : KP_PROBE_KPROBE;

		if (kp_probe_pmu__find(k, NULL, &pmu) || (int)attr->type != pmu.type)
			continue;
		ret = attr->config & (1ULL << pmu.retprobe_bit);
		*kind = ret ? (user ? KP_PROBE_URETPROBE : KP_PROBE_KRETPROBE) : k;
		return true;
	}
	return false;
}

int kp_probe_raise_nofile(size_t need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	need += 64;	/* what kprof itself has open */
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			return -errno;
		if (rl.rlim_cur < need)
			return -EMFILE;
	}
	return 0;
}

/* A glob member the kernel refuses is skipped; a named probe's refusal is an error. */
static int probe__open_failed(void *arg, struct kp_evsel *evsel, int err)
{
	struct kp_probe_set *set = arg;
	struct kp_probe_point *point = evsel->priv;

	if (!point || !set->matches[point->match].spec->is_glob)
		return -err;
	if (err != EINVAL && err != ENOENT && err != EILSEQ && err != EBUSY && err != EEXIST &&
	    err != EADDRNOTAVAIL) /* 6.12: a name kallsyms has more than once */
		return -err;
	/* The last member of a glob set refused: an error, not an empty set. */
	if (set->matches[point->match].probing <= 1)
		return -err;
	return kp_probe_set__drop(set, point) ? -ENOMEM : 0;
}

int kp_probe_pmu__add_events(struct kp_probe_set *set, struct kp_evlist *evlist,
			     const struct perf_event_attr *tmpl, int nr_fds_per_event, char *errbuf,
			     size_t errsz)
{
	struct kp_probe_pmu pmus[4];
	bool have[4] = { false };
	int err;

	for (int i = 0; i < set->nr_points; i++) {
		struct kp_probe_point *point = &set->points[i];
		struct perf_event_attr attr = *tmpl;
		struct kp_evsel *evsel;

		if (!have[point->kind]) {
			err = kp_probe_pmu__find(point->kind, NULL, &pmus[point->kind]);
			if (err) {
				kp_probe_strerror(-err, point->kind,
						  set->matches[point->match].spec->str, false, errbuf,
						  errsz);
				return err;
			}
			have[point->kind] = true;
		}
		kp_probe_pmu__attr(&pmus[point->kind], point, &attr);
		/*
		 * Never inherited: the kernel initializes an inherited event again in
		 * the forking task, reading config1 as a pointer into that task's
		 * memory; the fork fails (EFAULT) or probes a wrong name.
		 */
		attr.inherit = 0;
		err = kp_evlist__add(evlist, &attr, point->event, &evsel);
		if (err) {
			snprintf(errbuf, errsz, "cannot set up the probes: %s", strerror(-err));
			return err;
		}
		evsel->priv = point;
	}
	evlist->open_failed = probe__open_failed;
	evlist->open_failed_arg = set;
	err = kp_probe_raise_nofile((size_t)set->nr_points * nr_fds_per_event);
	if (err) {
		snprintf(errbuf, errsz,
			 "%d probes need %zu descriptors: raise the hard limit ('ulimit -Hn')",
			 set->nr_points, (size_t)set->nr_points * nr_fds_per_event);
		return err;
	}
	return 0;
}

const char *kp_probe_strerror(int err, enum kp_probe_kind kind, const char *what,
			      bool system_wide, char *buf, size_t size)
{
	bool user = kp_probe_kind__is_user(kind);
	const char *k = user ? "uprobe" : "kprobe";

	switch (err) {
	case EACCES:
	case EPERM:
		snprintf(buf, size,
			 "no permission to register %s '%s': the %s PMU needs CAP_PERFMON or "
			 "CAP_SYS_ADMIN (kernel.perf_event_paranoid does not allow it to other users)%s",
			 k, what, k,
			 user ? "; '--engine=ptrace' probes your own programs without privileges" : "");
		break;
	case ENOENT:
	case ENODEV:
		if (user)
			snprintf(buf, size,
				 "cannot register uprobe '%s': no uprobe PMU or no such file "
				 "(the kernel needs CONFIG_UPROBE_EVENTS)", what);
		else
			snprintf(buf, size,
				 "cannot register kprobe '%s': this kernel has no kprobes "
				 "(no kprobe PMU in " SYSFS_PMUS "; it was built without "
				 "CONFIG_KPROBES / CONFIG_KPROBE_EVENTS)", what);
		break;
	case EOPNOTSUPP:
		snprintf(buf, size, "cannot register %s '%s': the %s PMU has no return probes "
			 "(no format/retprobe)", k, what, k);
		break;
	case EBUSY:
		snprintf(buf, size,
			 "cannot register %s '%s': Device or resource busy (another tool holds a "
			 "conflicting probe there, or the kernel is busy patching text; try again)",
			 k, what);
		break;
	case EMFILE:
	case ENFILE:
		snprintf(buf, size,
			 "cannot register %s '%s': too many open files (one descriptor per probe%s; "
			 "raise 'ulimit -n' or probe fewer symbols)", k, what,
			 system_wide ? " and cpu" : "");
		break;
	case EINVAL:
	case EILSEQ:
		snprintf(buf, size,
			 "the kernel refused %s '%s': %s (%s)", k, what, strerror(err),
			 user ? "not an instruction boundary, or not in an executable segment"
			      : "blacklisted, notrace, or not on an instruction boundary");
		break;
	default:
		snprintf(buf, size, "cannot register %s '%s': %s", k, what, strerror(err));
		break;
	}
	return buf;
}

bool kp_probe_pmu__privileged(void)
{
	unsigned long long cap = 0;
	char line[256];
	FILE *f;

	if (geteuid() == 0)
		return true;
	f = fopen("/proc/self/status", "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &cap) == 1)
			break;
	fclose(f);
	/* CAP_SYS_ADMIN (21) or CAP_PERFMON (38) */
	return cap & ((1ULL << 21) | (1ULL << 38));
}
