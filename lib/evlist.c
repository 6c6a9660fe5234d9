// SPDX-License-Identifier: GPL-2.0
/*
 * kprof's evlist over libperf.  The public libperf API does the work (open,
 * mmap, poll, read); two internal libperf headers are used for what the public
 * one does not expose: the sample ids libperf reads at mmap time and the poll
 * set, so a signalfd can share it.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <internal/evlist.h>
#include <internal/evsel.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>

#include "lib/evlist.h"
#include "lib/probe/pmu.h"

static int evlist__libperf_print(enum libperf_print_level level, const char *fmt, va_list ap)
{
	/* libperf's own messages are debugging output; kprof reports errors itself. */
	return 0;
}

int kp_evlist__new(struct kp_evlist **evlistp)
{
	struct kp_evlist *evlist = calloc(1, sizeof(*evlist));

	*evlistp = NULL;
	if (!evlist)
		return -ENOMEM;
	libperf_init(evlist__libperf_print);	/* also sets libperf's page size */
	evlist->core = perf_evlist__new();
	if (!evlist->core) {
		free(evlist);
		return -ENOMEM;
	}
	evlist->debug_attr = getenv("KPROF_DEBUG_ATTR");
	*evlistp = evlist;
	return 0;
}

void kp_evlist__delete(struct kp_evlist *evlist)
{
	struct perf_evsel *pos;

	if (!evlist)
		return;
	/*
	 * libperf 6.1's perf_evsel__delete() frees only the struct: drop what
	 * an evsel holds (ids, map references) first; perf_evlist__delete()
	 * then closes, unmaps and frees the perf_evsels.
	 */
	perf_evlist__munmap(evlist->core);
	perf_evlist__close(evlist->core);
	perf_evlist__for_each_evsel(evlist->core, pos) {
		perf_evsel__free_id(pos);
		perf_cpu_map__put(pos->cpus);
		perf_cpu_map__put(pos->own_cpus);
		perf_thread_map__put(pos->threads);
		pos->cpus = pos->own_cpus = NULL;
		pos->threads = NULL;
	}
	perf_evlist__delete(evlist->core);
	for (int i = 0; i < evlist->nr_entries; i++)
		kp_evsel__delete(evlist->entries[i]);
	free(evlist->entries);
	perf_cpu_map__put(evlist->cpus);
	perf_thread_map__put(evlist->threads);
	free(evlist);
}

int kp_evlist__add(struct kp_evlist *evlist, const struct perf_event_attr *attr,
		   const char *name, struct kp_evsel **evselp)
{
	struct perf_event_attr core_attr = *attr;
	struct kp_evsel **entries, *evsel;

	entries = realloc(evlist->entries, (evlist->nr_entries + 1) * sizeof(*entries));
	if (!entries)
		return -ENOMEM;
	evlist->entries = entries;
	evsel = kp_evsel__new(attr, name, evlist->nr_entries);
	if (!evsel)
		return -ENOMEM;
	evsel->core = perf_evsel__new(&core_attr);
	if (!evsel->core) {
		kp_evsel__delete(evsel);
		return -ENOMEM;
	}
	perf_evlist__add(evlist->core, evsel->core);
	entries[evlist->nr_entries++] = evsel;
	if (evselp)
		*evselp = evsel;
	return 0;
}

static void attr__set_tracking(struct perf_event_attr *attr, const struct perf_event_attr *from)
{
	attr->mmap = from ? from->mmap : 1;
	attr->mmap2 = from ? from->mmap2 : 1;
	attr->comm = from ? from->comm : 1;
	attr->comm_exec = from ? from->comm_exec : 1;
	attr->task = from ? from->task : 1;
}

void kp_evlist__set_tracking(struct kp_evlist *evlist, struct kp_evsel *evsel,
			     const struct kp_evsel *from)
{
	attr__set_tracking(&evsel->attr, from ? &from->attr : NULL);
	attr__set_tracking(perf_evsel__attr(evsel->core), from ? &from->attr : NULL);
}

void kp_evlist__remove(struct kp_evlist *evlist, struct kp_evsel *evsel)
{
	struct perf_evsel *core = evsel->core;
	int i, j = 0;

	if (evlist->nr_entries > 1 && evlist->entries[0] == evsel &&
	    (evsel->attr.task || evsel->attr.mmap || evsel->attr.comm))
		kp_evlist__set_tracking(evlist, evlist->entries[1], evsel);

	perf_evlist__remove(evlist->core, core);
	perf_evsel__close(core);
	perf_evsel__free_id(core);
	perf_cpu_map__put(core->cpus);
	perf_cpu_map__put(core->own_cpus);
	perf_thread_map__put(core->threads);
	perf_evsel__delete(core);
	for (i = 0; i < evlist->nr_entries; i++) {
		if (evlist->entries[i] == evsel)
			continue;
		evlist->entries[j] = evlist->entries[i];
		evlist->entries[j]->idx = j;
		evlist->entries[j]->core->idx = j;
		j++;
	}
	evlist->nr_entries = j;
	kp_evsel__delete(evsel);
}

void kp_evlist__set_maps(struct kp_evlist *evlist, struct perf_cpu_map *cpus,
			 struct perf_thread_map *threads)
{
	perf_cpu_map__put(evlist->cpus);
	perf_thread_map__put(evlist->threads);
	evlist->cpus = perf_cpu_map__get(cpus);
	evlist->threads = perf_thread_map__get(threads);
	perf_evlist__set_maps(evlist->core, cpus, threads);
}

static bool evlist__system_wide(const struct kp_evlist *evlist)
{
	return perf_thread_map__nr(evlist->threads) == 1 &&
	       perf_thread_map__pid(evlist->threads, 0) == -1;
}

static int read_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int val = 2;

	if (f) {
		if (fscanf(f, "%d", &val) != 1)
			val = 2;
		fclose(f);
	}
	return val;
}

static void evlist__dump_attr(struct kp_evlist *evlist, struct kp_evsel *evsel)
{
	FILE *f;

	if (evlist->verbose_fp)
		kp_attr__fprintf(evlist->verbose_fp, perf_evsel__attr(evsel->core), evsel->name);
	if (!evlist->debug_attr || !*evlist->debug_attr)
		return;
	f = fopen(evlist->debug_attr, "a");
	if (!f)
		return;
	kp_attr__fprintf(f, perf_evsel__attr(evsel->core), evsel->name);
	fclose(f);
}

static int evsel__rename_user(struct kp_evsel *evsel)
{
	size_t len = strlen(evsel->name);
	char *name;

	if (len > 2 && !strcmp(evsel->name + len - 2, ":u"))
		return 0;
	name = malloc(len + 3);
	if (!name)
		return -ENOMEM;
	memcpy(name, evsel->name, len);
	memcpy(name + len, ":u", 3);
	free(evsel->name);
	evsel->name = name;
	return 0;
}

static int evlist__open_evsel(struct kp_evlist *evlist, struct kp_evsel *evsel)
{
	struct perf_event_attr *attr = perf_evsel__attr(evsel->core);
	enum kp_probe_kind kind;
	int err;

	for (;;) {
		evlist__dump_attr(evlist, evsel);
		err = perf_evsel__open(evsel->core, perf_evsel__cpus(evsel->core),
				       perf_evsel__threads(evsel->core));
		if (!err)
			break;
		if (err == -EINVAL && (attr->read_format & PERF_FORMAT_LOST)) {
			/* Kernels before 6.0 do not know PERF_FORMAT_LOST. */
			attr->read_format &= ~PERF_FORMAT_LOST;
			continue;
		}
		if ((err == -EACCES || err == -EPERM) && !attr->exclude_kernel &&
		    !attr->exclude_user && attr->type != PERF_TYPE_TRACEPOINT && !evlist__system_wide(evlist) &&
		    read_paranoid() >= 2 && !kp_probe_pmu__is_probe(attr, &kind)) {
			/* Like perf: sample one's own tasks in user space only. */
			attr->exclude_kernel = 1;
			attr->exclude_hv = 1;
			if (evsel__rename_user(evsel))
				return -ENOMEM;
			evlist->user_only_fallback = true;
			continue;
		}
		break;
	}
	evsel->attr = *attr;
	return err;
}

int kp_evlist__open(struct kp_evlist *evlist, struct kp_open_error *oerr)
{
	int err;

	memset(oerr, 0, sizeof(*oerr));
	for (int i = 0; i < evlist->nr_entries; i++) {
		err = evlist__open_evsel(evlist, evlist->entries[i]);
		if (err && evlist->open_failed && evlist->nr_entries > 1 &&
		    !evlist->open_failed(evlist->open_failed_arg, evlist->entries[i], -err)) {
			kp_evlist__remove(evlist, evlist->entries[i--]);
			continue;
		}
		if (err) {
			oerr->err = -err;
			oerr->evsel = evlist->entries[i];
			oerr->system_wide = evlist__system_wide(evlist);
			oerr->nr_threads = perf_thread_map__nr(evlist->threads);
			oerr->pid = perf_thread_map__pid(evlist->threads, 0);
			perf_evlist__close(evlist->core);
			return err;
		}
	}
	return 0;
}

/* Length of @name without a trailing ":MODIFIERS" (cpu-clock:k -> cpu-clock). */
static int base_name_len(const char *name)
{
	const char *colon = strrchr(name, ':');

	if (colon && colon[1] && strspn(colon + 1, "ukhpGHIPSDW") == strlen(colon + 1))
		return colon - name;
	return strlen(name);
}

const char *kp_evlist__strerror(const struct kp_open_error *oerr, char *buf, size_t size)
{
	const char *name = oerr->evsel && oerr->evsel->name ? oerr->evsel->name : "event";
	const struct perf_event_attr *attr = oerr->evsel ? &oerr->evsel->attr : NULL;
	int paranoid = read_paranoid();
	enum kp_probe_kind kind;

	if (attr && kp_probe_pmu__is_probe(attr, &kind))
		return kp_probe_strerror(oerr->err, kind, name, oerr->system_wide, buf, size);
	switch (oerr->err) {
	case EACCES:
	case EPERM:
		if (attr && attr->type == PERF_TYPE_TRACEPOINT)
			snprintf(buf, size,
				 "no permission to open tracepoint '%s': needs "
				 "kernel.perf_event_paranoid=-1 or CAP_PERFMON (CAP_SYS_ADMIN)",
				 name);
		else if (oerr->system_wide)
			snprintf(buf, size,
				 "no permission to record all tasks of a cpu (kernel.perf_event_paranoid=%d): "
				 "needs kernel.perf_event_paranoid <= 0 or CAP_PERFMON (CAP_SYS_ADMIN)",
				 paranoid);
		else if (attr && !attr->exclude_kernel && paranoid >= 2)
			snprintf(buf, size,
				 "no permission to sample the kernel with '%s' (kernel.perf_event_paranoid=%d): "
				 "needs kernel.perf_event_paranoid <= 1 or CAP_PERFMON (CAP_SYS_ADMIN); "
				 "use '%.*s:u' for user space only",
				 name, paranoid, base_name_len(name), name);
		else
			snprintf(buf, size,
				 "no permission to record pid %d (another user's process?): "
				 "needs CAP_SYS_PTRACE, or to run as its user",
				 oerr->pid);
		break;
	case ESRCH:
		snprintf(buf, size, "cannot record pid %d: No such process", oerr->pid);
		break;
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
		snprintf(buf, size, "event '%s' is not supported by this kernel or machine (%s)",
			 name, strerror(oerr->err));
		break;
	case EMFILE:
		snprintf(buf, size, "cannot open '%s': too many open files (raise 'ulimit -n')",
			 name);
		break;
	case EINVAL:
		snprintf(buf, size,
			 "the kernel rejected event '%s': Invalid argument (check -F against "
			 "kernel.perf_event_max_sample_rate, and -C)",
			 name);
		break;
	default:
		snprintf(buf, size, "cannot open event '%s': %s", name, strerror(oerr->err));
		break;
	}
	return buf;
}

int kp_evlist__mmap(struct kp_evlist *evlist, int pages)
{
	int err = perf_evlist__mmap(evlist->core, pages);

	if (err)
		return errno ? -errno : -ENOMEM;
	/* libperf read every descriptor's sample id (PERF_FORMAT_ID) while mapping. */
	for (int i = 0; i < evlist->nr_entries; i++) {
		struct kp_evsel *evsel = evlist->entries[i];

		evsel->nr_ids = 0;
		for (u32 j = 0; j < evsel->core->ids; j++) {
			err = kp_evsel__add_id(evsel, evsel->core->id[j]);
			if (err)
				return err;
		}
	}
	return 0;
}

int kp_evlist__add_pollfd(struct kp_evlist *evlist, int fd)
{
	int pos = perf_evlist__add_pollfd(evlist->core, fd, NULL, POLLIN,
					  fdarray_flag__nonfilterable);

	return pos < 0 ? pos : 0;
}

int kp_evlist__poll(struct kp_evlist *evlist, int timeout)
{
	return perf_evlist__poll(evlist->core, timeout);
}

int kp_evlist__filter_pollfd(struct kp_evlist *evlist)
{
	struct fdarray *fda = &evlist->core->pollfd;
	int left = perf_evlist__filter_pollfd(evlist->core, POLLERR | POLLHUP);

	/*
	 * poll() reports POLLHUP even for entries asking for no events: take the
	 * filtered ones out of the set (a negative fd is skipped), or a thread
	 * that exited while its process lives would wake the loop forever.
	 */
	for (int i = 0; i < fda->nr; i++)
		if (!fda->entries[i].events && fda->entries[i].fd >= 0)
			fda->entries[i].fd = -1;
	return left;
}

void kp_evlist__enable(struct kp_evlist *evlist)
{
	perf_evlist__enable(evlist->core);
}

void kp_evlist__disable(struct kp_evlist *evlist)
{
	perf_evlist__disable(evlist->core);
}

int kp_evlist__read(struct kp_evlist *evlist, int (*fn)(void *arg, union perf_event *event),
		    void *arg, unsigned long *nr_events)
{
	struct perf_mmap *map;
	union perf_event *event;
	unsigned long n = 0;
	int err = 0;

	perf_evlist__for_each_mmap(evlist->core, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((event = perf_mmap__read_event(map)) != NULL) {
			err = fn(arg, event);
			perf_mmap__consume(map);
			n++;
			if (err)
				break;
		}
		perf_mmap__read_done(map);
		if (err)
			break;
	}
	if (nr_events)
		*nr_events = n;
	return err;
}

struct kp_evsel *kp_evlist__id2evsel(const struct kp_evlist *evlist, uint64_t id)
{
	if (evlist->nr_entries == 1)
		return evlist->entries[0];
	for (int i = 0; i < evlist->nr_entries; i++) {
		struct kp_evsel *evsel = evlist->entries[i];

		for (uint32_t j = 0; j < evsel->nr_ids; j++)
			if (evsel->ids[j] == id)
				return evsel;
	}
	return NULL;
}

static void fprint_bits(FILE *f, const char *field, uint64_t val, const char *const *names,
			int nr)
{
	const char *sep = "";

	if (!val)
		return;
	fprintf(f, "  %-24s ", field);
	for (int i = 0; i < nr; i++) {
		if (val & (1ULL << i)) {
			fprintf(f, "%s%s", sep, names[i] ? names[i] : "?");
			sep = "|";
			val &= ~(1ULL << i);
		}
	}
	if (val)
		fprintf(f, "%s%#llx", sep, (unsigned long long)val);
	fputc('\n', f);
}

static const char *const sample_type_names[] = {
	"IP", "TID", "TIME", "ADDR", "READ", "CALLCHAIN", "ID", "CPU", "PERIOD",
	"STREAM_ID", "RAW", "BRANCH_STACK", "REGS_USER", "STACK_USER", "WEIGHT",
	"DATA_SRC", "IDENTIFIER", "TRANSACTION", "REGS_INTR", "PHYS_ADDR", "AUX",
	"CGROUP", "DATA_PAGE_SIZE", "CODE_PAGE_SIZE", "WEIGHT_STRUCT",
};

static const char *const read_format_names[] = {
	"TOTAL_TIME_ENABLED", "TOTAL_TIME_RUNNING", "ID", "GROUP", "LOST",
};

#define ATTR_U(f, field)                                                               \
	do {                                                                           \
		if (attr->field)                                                       \
			fprintf(f, "  %-24s %llu\n", #field,                           \
				(unsigned long long)attr->field);                      \
	} while (0)
#define ATTR_X(f, field)                                                               \
	do {                                                                           \
		if (attr->field)                                                       \
			fprintf(f, "  %-24s %#llx\n", #field,                          \
				(unsigned long long)attr->field);                      \
	} while (0)

void kp_attr__fprintf(FILE *f, const struct perf_event_attr *attr, const char *name)
{
	fprintf(f, "event %s\n", name ? name : "?");
	fprintf(f, "  %-24s %u\n", "type", attr->type);
	ATTR_U(f, size);
	ATTR_X(f, config);
	if (attr->sample_period)
		fprintf(f, "  %-24s %llu\n", attr->freq ? "sample_freq" : "sample_period",
			(unsigned long long)attr->sample_period);
	fprint_bits(f, "sample_type", attr->sample_type, sample_type_names,
		    sizeof(sample_type_names) / sizeof(sample_type_names[0]));
	fprint_bits(f, "read_format", attr->read_format, read_format_names,
		    sizeof(read_format_names) / sizeof(read_format_names[0]));
	ATTR_U(f, disabled);
	ATTR_U(f, inherit);
	ATTR_U(f, pinned);
	ATTR_U(f, exclusive);
	ATTR_U(f, exclude_user);
	ATTR_U(f, exclude_kernel);
	ATTR_U(f, exclude_hv);
	ATTR_U(f, exclude_idle);
	ATTR_U(f, mmap);
	ATTR_U(f, comm);
	ATTR_U(f, freq);
	ATTR_U(f, inherit_stat);
	ATTR_U(f, enable_on_exec);
	ATTR_U(f, task);
	ATTR_U(f, watermark);
	ATTR_U(f, precise_ip);
	ATTR_U(f, mmap_data);
	ATTR_U(f, sample_id_all);
	ATTR_U(f, exclude_host);
	ATTR_U(f, exclude_guest);
	ATTR_U(f, exclude_callchain_kernel);
	ATTR_U(f, exclude_callchain_user);
	ATTR_U(f, mmap2);
	ATTR_U(f, comm_exec);
	ATTR_U(f, use_clockid);
	ATTR_U(f, context_switch);
	ATTR_U(f, write_backward);
	ATTR_U(f, namespaces);
	ATTR_U(f, ksymbol);
	ATTR_U(f, bpf_event);
	ATTR_U(f, aux_output);
	ATTR_U(f, cgroup);
	ATTR_U(f, text_poke);
	ATTR_U(f, build_id);
	ATTR_U(f, inherit_thread);
	ATTR_U(f, remove_on_exec);
	ATTR_U(f, sigtrap);
	ATTR_U(f, wakeup_events);
	ATTR_U(f, bp_type);
	ATTR_X(f, config1);
	ATTR_X(f, config2);
	ATTR_X(f, branch_sample_type);
	ATTR_X(f, sample_regs_user);
	ATTR_U(f, sample_stack_user);
	ATTR_U(f, clockid);
	ATTR_X(f, sample_regs_intr);
	ATTR_U(f, aux_watermark);
	ATTR_U(f, sample_max_stack);
	ATTR_U(f, aux_sample_size);
	ATTR_X(f, sig_data);
}
