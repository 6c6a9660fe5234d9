// SPDX-License-Identifier: GPL-2.0
/*
 * What record opens: attrs shaped like perf 6.1's for the same command line,
 * and the cpu and thread maps of the target.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <perf/cpumap.h>
#include <perf/threadmap.h>

#include "lib/evlist.h"
#include "lib/machine.h"
#include "lib/parse-events.h"
#include "lib/probe/pmu.h"
#include "lib/record-int.h"
#include "lib/writer.h"
#include "regs.h"

static int read_int_file(const char *path, int def)
{
	FILE *f = fopen(path, "r");
	int val = def;

	if (f) {
		if (fscanf(f, "%d", &val) != 1)
			val = def;
		fclose(f);
	}
	return val;
}

int record__paranoid(void)
{
	return read_int_file("/proc/sys/kernel/perf_event_paranoid", 2);
}

static void record__config_attr(struct kp_record *rec, struct perf_event_attr *attr, int idx,
				unsigned int freq, bool probe)
{
	const struct kp_record_opts *opts = rec->opts;

	attr->size = sizeof(*attr);
	attr->sample_type |= PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	if (opts->period) {
		attr->sample_period = opts->period;
		attr->freq = 0;
	} else if (attr->type == PERF_TYPE_TRACEPOINT || probe) {
		/* Every hit of a tracepoint or probe, with its raw fields (perf's defaults). */
		attr->sample_period = 1;
		attr->freq = 0;
		attr->sample_type |= PERF_SAMPLE_PERIOD;
	} else {
		attr->sample_freq = freq;
		attr->freq = 1;
		attr->sample_type |= PERF_SAMPLE_PERIOD;
	}
	if (attr->type == PERF_TYPE_TRACEPOINT)
		attr->sample_type |= PERF_SAMPLE_RAW | PERF_SAMPLE_CPU;
	if (probe)
		attr->sample_type |= PERF_SAMPLE_CPU;	/* no RAW: PMU probes have no tracefs format */
	if (rec->system_wide || opts->cpu_list)
		attr->sample_type |= PERF_SAMPLE_CPU;
	if (opts->callchain != KP_CALLCHAIN_NONE)
		attr->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (opts->callchain == KP_CALLCHAIN_DWARF) {
		/* perf 6.1's dwarf mode: user regs and stack, data addresses (sample_address) */
		attr->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER |
				     PERF_SAMPLE_ADDR | PERF_SAMPLE_DATA_SRC;
		attr->sample_regs_user = KP_PERF_REGS_USER_MASK;
		attr->sample_stack_user = opts->stack_size ?: KP_RECORD_DEFAULT_STACK_SIZE;
		attr->exclude_callchain_user = 1;
	}
	attr->read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST;
	attr->disabled = 1;
	attr->inherit = !opts->tids && !opts->no_inherit;
	attr->enable_on_exec = rec->enable_on_exec;
	attr->sample_id_all = 1;
	if (idx == 0) {
		/* The first event tracks the tasks: their maps, names, forks and exits. */
		attr->mmap = 1;
		attr->mmap2 = 1;
		attr->comm = 1;
		attr->comm_exec = 1;
		attr->task = 1;
		attr->mmap_data = opts->callchain == KP_CALLCHAIN_DWARF;
	}
}

/* One event per probe point (-k/-r/-u/-U), every hit a sample; tracking when first. */
static int record__config_probes(struct kp_record *rec, const struct perf_event_attr *tmpl,
				 bool first)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	int err;

	if (rec->use_tracefs) {
		kp_probe_tracefs__init(&rec->tracefs, getpid(), rec->opts->maxactive);
		err = kp_probe_tracefs__add_events(&rec->tracefs, rec->opts->probes, rec->evlist,
						   tmpl, rec->system_wide && ncpus > 0 ? ncpus : 1,
						   rec->err, rec->errsz);
	} else {
		err = kp_probe_pmu__add_events(rec->opts->probes, rec->evlist, tmpl,
					       rec->system_wide && ncpus > 0 ? ncpus : 1, rec->err,
					       rec->errsz);
	}
	if (!err && first)
		kp_evlist__set_tracking(rec->evlist, rec->evlist->entries[0], NULL);
	return err;
}

int record__config(struct kp_record *rec)
{
	const struct kp_record_opts *opts = rec->opts;
	int max_rate = read_int_file("/proc/sys/kernel/perf_event_max_sample_rate", 100000);
	unsigned int freq = opts->freq ?: KP_RECORD_DEFAULT_FREQ;
	struct kp_event_spec def = { 0 };
	struct perf_event_attr *attrs;
	bool same_layout = true;
	const struct kp_event_spec *specs = opts->events;
	int nr = opts->nr_events, err;
	int nr_probes = opts->probes ? opts->probes->nr_points : 0;
	struct perf_event_attr probe_attr = { 0 };
	char msg[256];

	if (!opts->period && max_rate > 0 && freq > (unsigned int)max_rate) {
		if (opts->freq) {
			record__err(rec,
				    "frequency %u Hz exceeds kernel.perf_event_max_sample_rate (%d Hz)",
				    freq, max_rate);
			return -EINVAL;
		}
		record__warn(rec, "lowering the default frequency to %d Hz "
			     "(kernel.perf_event_max_sample_rate)", max_rate);
		freq = max_rate;
	}
	rec->system_wide = opts->all_cpus || (opts->cpu_list && !opts->pids && !opts->tids);
	rec->enable_on_exec = opts->argv && !rec->system_wide && !opts->pids && !opts->tids;
	if (!nr && !nr_probes) {
		err = kp_parse_event("cpu-clock", &def, msg, sizeof(msg));
		if (err) {
			record__err(rec, "%s", msg);
			return err;
		}
		specs = &def;
		nr = 1;
	}
	attrs = calloc(nr ?: 1, sizeof(*attrs));
	if (!attrs) {
		kp_event_spec__exit(&def);
		return -ENOMEM;
	}
	for (int i = 0; i < nr; i++) {
		attrs[i] = specs[i].attr;
		record__config_attr(rec, &attrs[i], i, freq, false);
		if (attrs[i].sample_type != attrs[0].sample_type)
			same_layout = false;
	}
	if (nr_probes) {
		record__config_attr(rec, &probe_attr, nr, freq, true);
		/* Groups of a kprof that died go first; tracefs probes carry raw fields. */
		kp_probe_tracefs_remove_stale(NULL);
		rec->use_tracefs = kp_probe_tracefs__wanted(opts->probes, opts->backend,
							    opts->maxactive);
		if (rec->use_tracefs) {
			probe_attr.sample_type |= PERF_SAMPLE_RAW;
			rec->has_tracepoints = true;
		}
		if (nr && probe_attr.sample_type != attrs[0].sample_type)
			same_layout = false;
		if (nr + nr_probes > 1)
			probe_attr.sample_type |= same_layout ? PERF_SAMPLE_ID : PERF_SAMPLE_IDENTIFIER;
	}
	err = kp_evlist__new(&rec->evlist);
	if (!err && opts->verbose >= 2)
		rec->evlist->verbose_fp = stderr;
	for (int i = 0; !err && i < nr; i++) {
		/*
		 * Several events need ids to tell their records apart: perf's
		 * ID when they share one layout, IDENTIFIER (at a fixed place)
		 * when their sample_types differ.
		 */
		if (nr + nr_probes > 1)
			attrs[i].sample_type |= same_layout ? PERF_SAMPLE_ID : PERF_SAMPLE_IDENTIFIER;
		if (attrs[i].type == PERF_TYPE_TRACEPOINT)
			rec->has_tracepoints = true;
		err = kp_evlist__add(rec->evlist, &attrs[i], specs[i].name, NULL);
	}
	free(attrs);
	if (err)
		record__err(rec, "cannot set up the events: %s", strerror(-err));
	kp_event_spec__exit(&def);
	if (!err && nr_probes)
		err = record__config_probes(rec, &probe_attr, nr == 0);
	return err;
}

/* "1,2,3" into a malloc'ed array. */
static int parse_id_list(const char *str, pid_t **ids, int *nr)
{
	pid_t *arr = NULL, *tmp;
	const char *p = str;
	int n = 0;

	*ids = NULL;
	*nr = 0;
	for (;;) {
		char *end;
		long v;

		if (*p < '0' || *p > '9')
			goto out_inval;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v <= 0 || v > 0x7fffffff || (*end && *end != ','))
			goto out_inval;
		tmp = realloc(arr, (n + 1) * sizeof(*arr));
		if (!tmp) {
			free(arr);
			return -ENOMEM;
		}
		arr = tmp;
		arr[n++] = v;
		if (!*end)
			break;
		p = end + 1;
	}
	*ids = arr;
	*nr = n;
	return 0;
out_inval:
	free(arr);
	return -EINVAL;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

/* Append the threads of process @pid to @tids (and @pid to @owner for each). */
static int add_process_threads(pid_t pid, pid_t **tids, pid_t **owner, int *nr)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int first = *nr;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return -ESRCH;
	while ((d = readdir(dir)) != NULL) {
		pid_t *t, *o;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		t = realloc(*tids, (*nr + 1) * sizeof(**tids));
		if (t)
			*tids = t;
		o = realloc(*owner, (*nr + 1) * sizeof(**owner));
		if (o)
			*owner = o;
		if (!t || !o) {
			closedir(dir);
			return -ENOMEM;
		}
		(*tids)[*nr] = atoi(d->d_name);
		(*owner)[*nr] = pid;
		(*nr)++;
	}
	closedir(dir);
	/* The main thread first: its FORK/COMM/MMAP2 come before the other threads'. */
	qsort(*tids + first, *nr - first, sizeof(**tids), cmp_pid);
	return *nr > first ? 0 : -ESRCH;
}

static int record__threads_of(struct kp_record *rec, const char *list, bool processes)
{
	pid_t *ids, *tids = NULL;
	int nr_ids, nr = 0, err;
	char path[64];

	err = parse_id_list(list, &ids, &nr_ids);
	if (err) {
		if (err == -EINVAL)
			record__err(rec, "bad %s list '%s'", processes ? "pid" : "tid", list);
		return err;
	}
	for (int i = 0; i < nr_ids && !err; i++) {
		if (processes) {
			err = add_process_threads(ids[i], &tids, &rec->pid_of_thread, &nr);
		} else {
			snprintf(path, sizeof(path), "/proc/%d/status", ids[i]);
			if (access(path, F_OK)) {
				err = -ESRCH;
			} else {
				pid_t *t = realloc(tids, (nr + 1) * sizeof(*tids));

				if (!t) {
					err = -ENOMEM;
					break;
				}
				tids = t;
				tids[nr++] = ids[i];
			}
		}
		if (err == -ESRCH)
			record__err(rec, "cannot record %s %d: No such process",
				    processes ? "pid" : "tid", ids[i]);
	}
	if (!err) {
		rec->threads = perf_thread_map__new_array(nr, tids);
		if (!rec->threads)
			err = -ENOMEM;
	}
	free(ids);
	free(tids);
	return err;
}

/* Check a -C list: digits, ',' and '-' only, and every cpu online. */
static int record__cpus(struct kp_record *rec, struct perf_cpu_map *online)
{
	const char *list = rec->opts->cpu_list;
	struct perf_cpu cpu;
	int idx;

	if (!*list || strspn(list, "0123456789,-") != strlen(list) || list[0] == ',' ||
	    list[0] == '-') {
		record__err(rec, "bad cpu list '%s'", list);
		return -EINVAL;
	}
	rec->cpus = perf_cpu_map__new(list);
	if (!rec->cpus || perf_cpu_map__nr(rec->cpus) == 0 ||
	    perf_cpu_map__cpu(rec->cpus, 0).cpu < 0) {
		record__err(rec, "bad cpu list '%s'", list);
		return -EINVAL;
	}
	perf_cpu_map__for_each_cpu(cpu, idx, rec->cpus) {
		if (!perf_cpu_map__has(online, cpu)) {
			record__err(rec, "bad cpu list '%s': cpu %d is not online", list,
				    cpu.cpu);
			return -EINVAL;
		}
	}
	return 0;
}

int record__setup_target(struct kp_record *rec)
{
	const struct kp_record_opts *opts = rec->opts;
	struct perf_cpu_map *online = perf_cpu_map__new(NULL);
	int err = 0;

	if (!online)
		return -ENOMEM;
	if (opts->cpu_list)
		err = record__cpus(rec, online);
	else
		rec->cpus = perf_cpu_map__get(online);
	perf_cpu_map__put(online);
	if (err)
		return err;

	if (rec->system_wide) {
		rec->threads = perf_thread_map__new_dummy();
		if (!rec->threads)
			return -ENOMEM;
	} else if (opts->pids || opts->tids) {
		err = record__threads_of(rec, opts->pids ?: opts->tids, opts->pids != NULL);
		if (err)
			return err;
	}
	if (opts->argv) {
		err = kp_workload__prepare(&rec->workload, opts->argv, &rec->orig_mask,
					   !strcmp(opts->output, "-"));
		if (err) {
			record__err(rec, "cannot run '%s': %s", opts->argv[0], strerror(-err));
			return err;
		}
		if (!rec->threads) {
			rec->threads = perf_thread_map__new_array(1, &rec->workload.pid);
			if (!rec->threads)
				return -ENOMEM;
		}
	}
	if (!rec->threads) {
		record__err(rec, "nothing to record: give a command, -p, -t or -a");
		return -EINVAL;
	}
	return 0;
}

void record__cleanup(struct kp_record *rec)
{
	kp_evlist__delete(rec->evlist);
	rec->evlist = NULL;
	if (rec->use_tracefs)
		kp_probe_tracefs__destroy(&rec->tracefs);	/* closed first: in use, they stay */
	perf_cpu_map__put(rec->cpus);
	perf_thread_map__put(rec->threads);
	free(rec->pid_of_thread);
	kp_machine__delete(rec->machine);
	kp_env__exit(&rec->env);
}
