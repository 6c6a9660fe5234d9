// SPDX-License-Identifier: GPL-2.0
/* kprof stat's engine: counting events and probes on a target. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "lib/evlist.h"
#include "lib/probe/bpf-missed.h"
#include "lib/probe/pmu.h"
#include "lib/probe/tracefs.h"
#include "lib/stat.h"
#include "lib/workload.h"

static const int stat_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
#define NR_STAT_SIGNALS (sizeof(stat_signals) / sizeof(stat_signals[0]))

struct stat_run {
	const struct kp_stat_opts *opts;
	struct kp_stat_result *res;
	char *err;
	size_t errsz;
	struct kp_evlist *evlist;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	pid_t *pids;
	int nr_pids;
	struct kp_workload workload;
	sigset_t orig_mask;
	struct sigaction orig_action[NR_STAT_SIGNALS];
	int signal_fd;
	struct timespec start;
	struct kp_probe_tracefs tracefs;	/* the tracefs backend's events, when used */
	bool use_tracefs;
	struct kp_bpf_missed *bpf_missed;	/* PMU kprobes' miss counts (Linux >= 6.7) */
};

static void kp_stat_result__exit_counters(struct kp_stat_result *res);

static double since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static int stat__block_signals(struct stat_run *st)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t mask;

	sigemptyset(&mask);
	for (size_t i = 0; i < NR_STAT_SIGNALS; i++)
		sigaddset(&mask, stat_signals[i]);
	if (sigprocmask(SIG_BLOCK, &mask, &st->orig_mask))
		return -errno;
	for (size_t i = 0; i < NR_STAT_SIGNALS; i++)
		sigaction(stat_signals[i], &dfl, &st->orig_action[i]);
	st->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	return st->signal_fd < 0 ? -errno : 0;
}

static void stat__unblock_signals(struct stat_run *st)
{
	struct signalfd_siginfo si;

	if (st->signal_fd >= 0) {
		while (read(st->signal_fd, &si, sizeof(si)) == sizeof(si))
			;
		close(st->signal_fd);
	}
	for (size_t i = 0; i < NR_STAT_SIGNALS; i++)
		sigaction(stat_signals[i], &st->orig_action[i], NULL);
	sigprocmask(SIG_SETMASK, &st->orig_mask, NULL);
}

static int stat__pids(struct stat_run *st, const char *list)
{
	const char *p = list;

	while (*p) {
		char *end, path[64];
		long v;
		pid_t *t;

		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v <= 0 || v > 0x7fffffff || (*end && *end != ',') || end == p) {
			snprintf(st->err, st->errsz, "bad pid list '%s'", list);
			return -EINVAL;
		}
		snprintf(path, sizeof(path), "/proc/%ld", v);
		if (access(path, F_OK)) {
			snprintf(st->err, st->errsz, "cannot count pid %ld: No such process", v);
			return -ESRCH;
		}
		t = realloc(st->pids, (st->nr_pids + 1) * sizeof(*t));
		if (!t)
			return -ENOMEM;
		st->pids = t;
		st->pids[st->nr_pids++] = v;
		p = *end ? end + 1 : end;
	}
	st->threads = perf_thread_map__new_array(st->nr_pids, st->pids);
	return st->threads ? 0 : -ENOMEM;
}

static int stat__setup_target(struct stat_run *st)
{
	const struct kp_stat_opts *opts = st->opts;
	int err;

	if (opts->all_cpus) {
		st->cpus = perf_cpu_map__new(NULL);
		st->threads = perf_thread_map__new_dummy();
	} else {
		st->cpus = perf_cpu_map__dummy_new();
		if (opts->pids) {
			err = stat__pids(st, opts->pids);
			if (err)
				return err;
		}
	}
	if (!st->cpus)
		return -ENOMEM;
	if (opts->argv) {
		err = kp_workload__prepare(&st->workload, opts->argv, &st->orig_mask, false);
		if (err) {
			snprintf(st->err, st->errsz, "cannot run '%s': %s", opts->argv[0],
				 strerror(-err));
			return err;
		}
		if (!st->threads)
			st->threads = perf_thread_map__new_array(1, &st->workload.pid);
	}
	if (!st->threads) {
		snprintf(st->err, st->errsz, "nothing to count: give a command, -p or -a");
		return -EINVAL;
	}
	return 0;
}

static void stat__attr(struct stat_run *st, struct perf_event_attr *attr)
{
	attr->size = sizeof(*attr);
	attr->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	attr->sample_period = 0;
	attr->sample_type = 0;
	attr->freq = 0;
	attr->disabled = 1;
	attr->inherit = !st->opts->all_cpus && !st->opts->no_inherit;
	attr->enable_on_exec = st->opts->argv && !st->opts->all_cpus && !st->opts->pids;
}

static int stat__config(struct stat_run *st)
{
	const struct kp_stat_opts *opts = st->opts;
	int err = kp_evlist__new(&st->evlist);

	for (int i = 0; !err && i < opts->nr_events; i++) {
		struct perf_event_attr attr = opts->events[i].attr;

		stat__attr(st, &attr);
		err = kp_evlist__add(st->evlist, &attr, opts->events[i].name, NULL);
	}
	if (err) {
		snprintf(st->err, st->errsz, "cannot set up the events: %s", strerror(-err));
		return err;
	}
	if (opts->probes && opts->probes->nr_points) {
		struct perf_event_attr tmpl = { 0 };
		int per_event = perf_cpu_map__nr(st->cpus) * perf_thread_map__nr(st->threads);

		stat__attr(st, &tmpl);
		/* Groups of a kprof that died (SIGKILL) go first, whatever the backend. */
		kp_probe_tracefs_remove_stale(NULL);
		if (kp_probe_tracefs__wanted(opts->probes, opts->backend, opts->maxactive)) {
			kp_probe_tracefs__init(&st->tracefs, getpid(), opts->maxactive);
			st->use_tracefs = true;
			return kp_probe_tracefs__add_events(&st->tracefs, opts->probes, st->evlist,
							    &tmpl, per_event, st->err, st->errsz);
		}
		err = kp_probe_pmu__add_events(opts->probes, st->evlist, &tmpl, per_event, st->err,
					       st->errsz);
	}
	return err;
}

static int stat__read(struct stat_run *st, struct kp_stat_result *out)
{
	struct kp_evlist *evlist = st->evlist;
	int nr_cpus = perf_cpu_map__nr(st->cpus), nr_threads = perf_thread_map__nr(st->threads);

	kp_stat_result__exit_counters(out);
	out->counters = calloc(evlist->nr_entries ?: 1, sizeof(*out->counters));
	if (!out->counters)
		return -ENOMEM;
	out->nr_counters = evlist->nr_entries;
	for (int i = 0; i < evlist->nr_entries; i++) {
		struct kp_evsel *evsel = evlist->entries[i];
		struct kp_stat_counter *c = &out->counters[i];

		c->name = strdup(evsel->name ?: "?");
		if (!c->name)
			return -ENOMEM;
		c->point = st->opts->probes && evsel->priv ? evsel->priv : NULL;
		for (int cpu = 0; cpu < nr_cpus; cpu++) {
			for (int th = 0; th < nr_threads; th++) {
				struct perf_counts_values v;

				if (perf_evsel__read(evsel->core, cpu, th, &v))
					continue;
				c->val += v.val;
				c->ena += v.ena;
				c->run += v.run;
			}
		}
		if (c->point && !kp_bpf_missed__read(st->bpf_missed, evsel, &c->missed))
			c->missed_known = true;
	}
	return 0;
}

/* Whether a process of -p still runs (a zombie does not). */
static bool stat__pids_alive(struct stat_run *st)
{
	for (int i = 0; i < st->nr_pids; i++) {
		char path[64], buf[512], *paren;
		ssize_t n;
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/stat", st->pids[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		paren = strrchr(buf, ')');
		if (paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X')
			return true;
	}
	return false;
}

static void stat__interval(struct stat_run *st, struct kp_stat_result *prev)
{
	struct kp_stat_result now = { 0 };

	if (stat__read(st, &now))
		return;
	for (int i = 0; i < now.nr_counters; i++) {
		uint64_t v = now.counters[i].val, e = now.counters[i].ena, r = now.counters[i].run;
		uint64_t m = now.counters[i].missed;

		if (prev->counters && i < prev->nr_counters) {
			now.counters[i].val -= prev->counters[i].val;
			now.counters[i].ena -= prev->counters[i].ena;
			now.counters[i].run -= prev->counters[i].run;
			now.counters[i].missed -= prev->counters[i].missed;
			prev->counters[i].val = v;
			prev->counters[i].ena = e;
			prev->counters[i].run = r;
			prev->counters[i].missed = m;
		}
	}
	if (!prev->counters) {
		prev->counters = calloc(now.nr_counters ?: 1, sizeof(*prev->counters));
		if (prev->counters) {
			memcpy(prev->counters, now.counters, now.nr_counters * sizeof(*now.counters));
			prev->nr_counters = now.nr_counters;
			for (int i = 0; i < prev->nr_counters; i++)
				prev->counters[i].name = NULL;
		}
	}
	st->opts->interval(st->opts->arg, &now, since(&st->start));
	kp_stat_result__exit_counters(&now);
}

static int stat__loop(struct stat_run *st)
{
	const struct kp_stat_opts *opts = st->opts;
	struct kp_stat_result prev = { 0 };
	struct pollfd pfd = { .fd = st->signal_fd, .events = POLLIN };
	double interval = opts->interval_ms / 1000.0, next = interval;
	bool done = false;

	while (!done) {
		struct signalfd_siginfo si;
		int timeout = -1;

		if (opts->interval_ms && opts->interval) {
			double left = next - since(&st->start);

			timeout = left > 0 ? (int)(left * 1000) + 1 : 0;
		}
		if (st->nr_pids && (timeout < 0 || timeout > 200))
			timeout = 200;
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR) {
			int err = -errno;

			snprintf(st->err, st->errsz, "poll: %s", strerror(errno));
			free(prev.counters);
			return err;
		}
		while (read(st->signal_fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGCHLD) {
				if (st->workload.pid > 0 && kp_workload__reap(&st->workload, false))
					done = true;
			} else {
				done = true;
				st->res->interrupted = true;
			}
		}
		if (st->nr_pids && !st->opts->argv && !stat__pids_alive(st))
			done = true;
		if (!done && opts->interval_ms && opts->interval && since(&st->start) >= next) {
			stat__interval(st, &prev);
			next += interval;
		}
	}
	free(prev.counters);
	return 0;
}

/* The misses of tracefs probes (kprobe_profile), before the events go. */
static void stat__tracefs_misses(struct stat_run *st, struct kp_stat_result *res)
{
	struct kp_probe_set *set = st->opts->probes;
	struct kp_probe_miss *m = calloc(set->nr_points ?: 1, sizeof(*m));

	if (!m)
		return;
	kp_probe_tracefs__misses(&st->tracefs, set, m);
	for (int i = 0; i < res->nr_counters; i++) {
		struct kp_stat_counter *c = &res->counters[i];
		long idx = c->point ? c->point - set->points : -1;

		if (idx < 0 || idx >= set->nr_points || !m[idx].missed_known)
			continue;
		c->missed_known = true;
		c->missed = m[idx].missed;
	}
	free(m);
}

int kp_stat__run(const struct kp_stat_opts *opts, struct kp_stat_result *res, char *errbuf,
		 size_t errsz)
{
	struct stat_run st = {
		.opts = opts,
		.res = res,
		.err = errbuf,
		.errsz = errsz,
		.signal_fd = -1,
		.workload = { .pid = -1, .go_fd = -1, .err_fd = -1 },
	};
	struct kp_open_error oerr;
	int err;

	memset(res, 0, sizeof(*res));
	errbuf[0] = 0;
	err = stat__block_signals(&st);
	if (err) {
		snprintf(errbuf, errsz, "cannot set up signals: %s", strerror(-err));
		goto out;
	}
	err = stat__setup_target(&st);
	if (err)
		goto out;
	err = stat__config(&st);
	if (err)
		goto out;
	kp_evlist__set_maps(st.evlist, st.cpus, st.threads);
	err = kp_evlist__open(st.evlist, &oerr);
	if (err) {
		kp_evlist__strerror(&oerr, errbuf, errsz);
		goto out;
	}
	if (st.evlist->user_only_fallback) {
		snprintf(errbuf, errsz, "no permission to count the kernel: use ':u' events");
		err = -EACCES;
		goto out;
	}
	/* PMU kprobes: their misses through BPF links, where the kernel tells them */
	if (!st.use_tracefs && opts->probes && opts->probes->nr_points &&
	    kp_bpf_missed__attach(&st.bpf_missed, st.evlist) == -ENOMEM) {
		err = -ENOMEM;
		snprintf(errbuf, errsz, "cannot set up the miss counts: %s", strerror(-err));
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &st.start);
	if (opts->all_cpus || opts->pids)
		kp_evlist__enable(st.evlist);
	if (st.workload.pid > 0) {
		err = kp_workload__start(&st.workload);
		if (err) {
			snprintf(errbuf, errsz, "cannot run '%s': %s", opts->argv[0],
				 strerror(-err));
			goto out;
		}
		res->has_workload = true;
	}
	err = stat__loop(&st);
	if (err)
		goto out;
	kp_evlist__disable(st.evlist);
	res->elapsed = since(&st.start);
	err = stat__read(&st, res);
	if (err)
		snprintf(errbuf, errsz, "cannot read the counters: %s", strerror(-err));
out:
	if (st.workload.pid > 0) {
		if (!st.workload.reaped)
			kp_workload__kill(&st.workload);
		res->exit_code = kp_workload__exit_code(&st.workload);
	}
	/* Closing the descriptors unregisters every PMU probe. */
	kp_bpf_missed__delete(st.bpf_missed);
	kp_evlist__delete(st.evlist);
	if (st.use_tracefs) {
		if (!err)
			stat__tracefs_misses(&st, res);
		kp_probe_tracefs__destroy(&st.tracefs);
	}
	stat__unblock_signals(&st);
	perf_cpu_map__put(st.cpus);
	perf_thread_map__put(st.threads);
	free(st.pids);
	return err;
}

static void kp_stat_result__exit_counters(struct kp_stat_result *res)
{
	for (int i = 0; i < res->nr_counters; i++)
		free((char *)res->counters[i].name);
	free(res->counters);
	res->counters = NULL;
	res->nr_counters = 0;
}

void kp_stat_result__exit(struct kp_stat_result *res)
{
	kp_stat_result__exit_counters(res);
	memset(res, 0, sizeof(*res));
}
