// SPDX-License-Identifier: GPL-2.0
/*
 * The record engine: attrs and target maps (record-config.c), then open, mmap,
 * synthesize, run, drain every ring buffer in rounds separated by
 * FINISHED_ROUND, stop, finish the file.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "lib/env.h"
#include "lib/evlist.h"
#include "lib/record-int.h"
#include "lib/sample.h"
#include "lib/synthesize.h"
#include "lib/tracing-data.h"
#include "lib/workload.h"
#include "lib/probe/bpf-missed.h"
#include "lib/writer.h"

void record__err(struct kp_record *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rec->err, rec->errsz, fmt, ap);
	va_end(ap);
}

void record__warn(struct kp_record *rec, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!rec->opts->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rec->opts->warn(rec->opts->warn_arg, msg);
}

static void record__write_err(struct kp_record *rec, int err)
{
	rec->write_failed = true;
	if (!strcmp(rec->opts->output, "-"))
		record__err(rec, "cannot write standard output: %s", strerror(-err));
	else
		record__err(rec, "cannot write '%s': %s", rec->opts->output, strerror(-err));
}

/* Every record goes through here: counted, then written. */
static int record__write_event(struct kp_record *rec, union perf_event *event)
{
	struct kp_record_stats *st = rec->stats;
	int err;

	struct kp_sample s;
	bool parsed;

	err = record__machine_event(rec, event, &s, &parsed);
	if (err) {
		record__err(rec, "cannot follow the recorded tasks: %s", strerror(-err));
		return err;
	}
	switch (event->header.type) {
	case PERF_RECORD_SAMPLE:
		if (parsed && s.has_time) {
			if (!rec->env.has_sample_time || s.time < rec->env.first_sample_time)
				rec->env.first_sample_time = s.time;
			if (s.time > rec->env.last_sample_time)
				rec->env.last_sample_time = s.time;
			rec->env.has_sample_time = 1;
		}
		st->samples++;
		break;
	case PERF_RECORD_LOST:
		st->lost += event->lost.lost;
		break;
	case PERF_RECORD_LOST_SAMPLES:
		st->lost_samples += event->lost_samples.lost;
		break;
	case PERF_RECORD_THROTTLE:
		st->throttles++;
		break;
	default:
		break;
	}
	if (!rec->writer) {	/* live mode: nothing to write */
		st->records++;
		return 0;
	}
	err = kp_writer__write_event(rec->writer, event);
	if (err) {
		record__write_err(rec, err);
		return err;
	}
	st->records++;
	return 0;
}

static int record__mmap_event(void *arg, union perf_event *event)
{
	return record__write_event(arg, event);
}

static int record__synth_event(void *arg, union perf_event *event)
{
	return record__write_event(arg, event);
}

/* One pass over all ring buffers, closed by FINISHED_ROUND when it found anything. */
static int record__read_round(struct kp_record *rec, unsigned long *nr)
{
	struct perf_event_header round = {
		.type = PERF_RECORD_FINISHED_ROUND,
		.size = sizeof(round),
	};
	int err;

	err = kp_evlist__read(rec->evlist, record__mmap_event, rec, nr);
	if (err)
		return err;
	if (*nr && rec->writer) {
		err = kp_writer__write_event(rec->writer, (union perf_event *)&round);
		if (!err && rec->stats->pipe)
			err = kp_writer__flush(rec->writer);
		if (err) {
			record__write_err(rec, err);
			return err;
		}
	}
	return 0;
}

static int record__synthesize(struct kp_record *rec)
{
	const struct kp_record_opts *opts = rec->opts;
	struct kp_synth s = {
		.id_size = kp_sample__id_size(&rec->evlist->entries[0]->attr),
		.fn = record__synth_event,
		.arg = rec,
	};
	int err, nr;

	err = kp_synthesize__kernel_mmap(&s);
	if (!err && rec->system_wide) {
		err = kp_synthesize__all(&s);
	} else if (!err && (opts->pids || opts->tids)) {
		nr = perf_thread_map__nr(rec->threads);
		for (int i = 0; i < nr && !err; i++) {
			pid_t tid = perf_thread_map__pid(rec->threads, i);

			if (opts->tids)
				err = kp_synthesize__thread(&s, tid);
			else if (rec->pid_of_thread[i] == tid)
				err = kp_synthesize__process(&s, tid);
		}
	} else if (!err && rec->workload.pid > 0) {
		err = kp_synthesize__comm(&s, rec->workload.pid);
	}
	if (!err && rec->writer)
		err = kp_writer__write_finished_init(rec->writer);
	if (err && !rec->err[0])
		record__write_err(rec, err);
	return err;
}

static int record__open_output(struct kp_record *rec)
{
	const struct kp_record_opts *opts = rec->opts;
	struct kp_evlist *evlist = rec->evlist;
	int err;

	err = kp_env__collect(&rec->env, opts->cmd_argc, opts->cmd_argv);
	if (err) {
		record__err(rec, "cannot collect the header data: %s", strerror(-err));
		return err;
	}
	if (rec->has_tracepoints) {
		struct perf_event_attr *attrs = calloc(evlist->nr_entries, sizeof(*attrs));
		size_t size = 0;

		if (!attrs)
			return -ENOMEM;
		for (int i = 0; i < evlist->nr_entries; i++)
			attrs[i] = evlist->entries[i]->attr;
		err = kp_tracing_data__build(attrs, evlist->nr_entries, &rec->env.tracing_data,
					     &size);
		free(attrs);
		if (err) {
			record__err(rec, "cannot read the tracepoint formats: %s", strerror(-err));
			return err;
		}
		rec->env.tracing_data_size = size;
	}
	err = kp_writer__open(&rec->writer, opts->output);
	if (err) {
		record__err(rec, "cannot open '%s': %s", opts->output, strerror(-err));
		return err;
	}
	rec->stats->pipe = kp_writer__is_pipe(rec->writer);
	for (int i = 0; i < evlist->nr_entries; i++) {
		struct kp_evsel *evsel = evlist->entries[i];

		err = kp_writer__add_evsel(rec->writer, &evsel->attr, evsel->name, evsel->ids,
					   evsel->nr_ids);
		if (err)
			goto out_err;
	}
	err = kp_writer__start(rec->writer, &rec->env);
	if (!err)
		return 0;
out_err:
	record__write_err(rec, err);
	return err;
}

/* Handle what the signalfd says; true when recording should stop. */
static bool record__signals(struct kp_record *rec)
{
	struct signalfd_siginfo si;
	bool stop = false;

	while (read(rec->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			if (rec->workload.pid > 0 && kp_workload__reap(&rec->workload, false))
				stop = true;
		} else {
			stop = true;
			rec->interrupted = true;
		}
	}
	return stop;
}

/* Live mode: the time left until the next tick (ms), running the tick when due. */
static int record__live_tick(struct kp_record *rec, bool input, int *timeout)
{
	const struct kp_record_live *live = rec->opts->live;
	struct timespec now;
	int64_t now_ms, left;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	now_ms = now.tv_sec * 1000LL + now.tv_nsec / 1000000;
	if (!rec->next_tick_ms)
		rec->next_tick_ms = now_ms + live->interval_ms;
	if (input || now_ms >= rec->next_tick_ms) {
		if (now_ms >= rec->next_tick_ms)
			rec->next_tick_ms = now_ms + live->interval_ms;
		ret = live->tick(live->arg, input);
	}
	left = rec->next_tick_ms - now_ms;
	*timeout = left < 0 ? 0 : (int)left;
	return ret;
}

static bool record__input_ready(struct kp_record *rec)
{
	const struct kp_record_live *live = rec->opts->live;
	struct pollfd pfd;

	if (!live || live->input_fd < 0)
		return false;
	pfd = (struct pollfd){ .fd = live->input_fd, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP));
}

static int record__loop(struct kp_record *rec)
{
	struct kp_record_stats *st = rec->stats;
	bool done = false;
	unsigned long nr;
	int err, timeout = -1;

	for (;;) {
		err = record__read_round(rec, &nr);
		if (err)
			return err;
		if (nr && rec->opts->progress) {
			if (rec->writer)
				st->bytes = kp_writer__bytes(rec->writer);
			rec->opts->progress(rec->opts->progress_arg, st);
		}
		if (done) {
			if (nr)
				continue;	/* drain until every buffer is empty */
			if (rec->opts->live) {	/* a last tick sees every record */
				err = rec->opts->live->tick(rec->opts->live->arg, false);
				return err < 0 ? err : 0;
			}
			break;
		}
		if (nr && !rec->opts->live)
			continue;
		if (rec->opts->live) {
			err = record__live_tick(rec, false, &timeout);
			if (err < 0)
				return err;
			if (err > 0) {
				done = true;
				kp_evlist__disable(rec->evlist);
				continue;
			}
			if (nr)
				timeout = 0;
		}
		if (kp_evlist__poll(rec->evlist, timeout) < 0 && errno != EINTR) {
			err = -errno;
			record__err(rec, "poll: %s", strerror(errno));
			return err;
		}
		st->wakeups++;
		if (record__signals(rec))
			done = true;
		if (!done && record__input_ready(rec)) {
			err = record__live_tick(rec, true, &timeout);
			if (err < 0)
				return err;
			if (err > 0)
				done = true;
		}
		/* Every target has exited (their descriptors hung up). */
		if (kp_evlist__filter_pollfd(rec->evlist) == 0 && !rec->system_wide)
			done = true;
		if (done)
			kp_evlist__disable(rec->evlist);
	}
	return 0;
}

/* The sample_id trailer perf gives a synthesized record: zeros but for the ids. */
static size_t record__id_trailer(const struct perf_event_attr *attr, uint64_t id, uint64_t *out)
{
	size_t n = 0;

	if (!attr->sample_id_all)
		return 0;
	if (attr->sample_type & PERF_SAMPLE_TID)
		out[n++] = 0;
	if (attr->sample_type & PERF_SAMPLE_TIME)
		out[n++] = 0;
	if (attr->sample_type & PERF_SAMPLE_ID)
		out[n++] = id;
	if (attr->sample_type & PERF_SAMPLE_STREAM_ID)
		out[n++] = 0;
	if (attr->sample_type & PERF_SAMPLE_CPU)
		out[n++] = 0;
	if (attr->sample_type & PERF_SAMPLE_IDENTIFIER)
		out[n++] = id;
	return n * sizeof(uint64_t);
}

/*
 * Samples the kernel dropped without a LOST record (PERF_FORMAT_LOST counts),
 * as perf 6.1 does at the end: one PERF_RECORD_LOST_SAMPLES per descriptor
 * that lost any.
 */
static int record__lost_samples(struct kp_record *rec)
{
	struct {
		struct perf_record_lost_samples lost;
		uint64_t trailer[6];
	} ev;
	struct perf_counts_values count;

	for (int i = 0; i < rec->evlist->nr_entries; i++) {
		struct kp_evsel *evsel = rec->evlist->entries[i];
		int nr_cpus = perf_cpu_map__nr(perf_evsel__cpus(evsel->core));
		int nr_threads = perf_thread_map__nr(perf_evsel__threads(evsel->core));

		if (!(evsel->attr.read_format & PERF_FORMAT_LOST))
			continue;
		for (int c = 0; c < nr_cpus; c++) {
			for (int t = 0; t < nr_threads; t++) {
				int err;

				if (perf_evsel__read(evsel->core, c, t, &count) || !count.lost)
					continue;
				memset(&ev, 0, sizeof(ev));
				ev.lost.header.type = PERF_RECORD_LOST_SAMPLES;
				ev.lost.lost = count.lost;
				ev.lost.header.size = sizeof(ev.lost) +
					record__id_trailer(&evsel->attr, count.id, ev.trailer);
				err = record__write_event(rec, (union perf_event *)&ev);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

static int record__finish(struct kp_record *rec)
{
	int err = record__build_ids(rec);

	if (err) {
		record__err(rec, "cannot collect build ids: %s", strerror(-err));
		return err;
	}
	err = kp_writer__finish(rec->writer, &rec->env);
	if (err) {
		record__write_err(rec, err);
		return err;
	}
	rec->stats->bytes = kp_writer__bytes(rec->writer);
	return 0;
}

static const int record_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
#define NR_RECORD_SIGNALS (sizeof(record_signals) / sizeof(record_signals[0]))

/*
 * SIGINT, SIGTERM and SIGCHLD are read from a signalfd in the poll set, so
 * they are blocked.  Their dispositions are made the default while recording:
 * an ignored signal (SIGINT of a background job of sh) would never reach the
 * signalfd, an ignored SIGCHLD would reap the workload behind our back.
 */
static int record__block_signals(struct kp_record *rec)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t mask;

	sigemptyset(&mask);
	for (size_t i = 0; i < NR_RECORD_SIGNALS; i++)
		sigaddset(&mask, record_signals[i]);
	if (sigprocmask(SIG_BLOCK, &mask, &rec->orig_mask))
		return -errno;
	for (size_t i = 0; i < NR_RECORD_SIGNALS; i++)
		sigaction(record_signals[i], &dfl, &rec->orig_action[i]);
	rec->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (rec->signal_fd < 0) {
		int err = -errno;

		for (size_t i = 0; i < NR_RECORD_SIGNALS; i++)
			sigaction(record_signals[i], &rec->orig_action[i], NULL);
		sigprocmask(SIG_SETMASK, &rec->orig_mask, NULL);
		return err;
	}
	return 0;
}

static void record__unblock_signals(struct kp_record *rec)
{
	if (rec->signal_fd < 0)
		return;
	/* Consume what arrived so unblocking does not deliver it (it was handled). */
	record__signals(rec);
	close(rec->signal_fd);
	rec->signal_fd = -1;
	for (size_t i = 0; i < NR_RECORD_SIGNALS; i++)
		sigaction(record_signals[i], &rec->orig_action[i], NULL);
	sigprocmask(SIG_SETMASK, &rec->orig_mask, NULL);
}

/* "kernel.perf_event_paranoid=2: sampling user space only ('cpu-clock:u', 'task-clock:u')" */
static void record__warn_user_only(struct kp_record *rec)
{
	char names[256] = "";
	size_t len = 0;

	for (int i = 0; i < rec->evlist->nr_entries && len < sizeof(names); i++) {
		const struct kp_evsel *evsel = rec->evlist->entries[i];

		if (!evsel->attr.exclude_kernel)
			continue;
		len += snprintf(names + len, sizeof(names) - len, "%s'%s'", len ? ", " : "",
				evsel->name);
	}
	record__warn(rec, "kernel.perf_event_paranoid=%d: sampling user space only (%s)",
		     record__paranoid(), names);
}

/*
 * A reader of -o - that goes away makes writes fail with EPIPE (an error that
 * ends recording cleanly) instead of killing kprof and leaving the workload
 * behind.  Set after the workload is forked, so it keeps the default.
 */
static void record__ignore_sigpipe(struct kp_record *rec)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };

	sigaction(SIGPIPE, &ign, &rec->orig_sigpipe);
	rec->sigpipe_ignored = true;
}

static int record__start_workload(struct kp_record *rec)
{
	const struct kp_record_opts *opts = rec->opts;
	int err;

	if (rec->workload.pid <= 0)
		return 0;
	err = kp_workload__start(&rec->workload);
	if (err)
		record__err(rec, "cannot run '%s': %s", opts->argv[0], strerror(-err));
	return err;
}

/*
 * dwarf samples carry 8 KiB of stack each: larger rings keep up with them
 * (root only: others are held to kernel.perf_event_mlock_kb)
 */
static unsigned int record__mmap_pages(const struct kp_record_opts *opts)
{
	if (opts->mmap_pages)
		return opts->mmap_pages;
	return opts->callchain == KP_CALLCHAIN_DWARF && !geteuid() ?
		       8 * KP_RECORD_DEFAULT_PAGES : KP_RECORD_DEFAULT_PAGES;
}

int kp_record__run(const struct kp_record_opts *opts, struct kp_record_stats *stats, char *errbuf,
		   size_t errsz)
{
	struct kp_record rec = {
		.opts = opts,
		.stats = stats,
		.err = errbuf,
		.errsz = errsz,
		.signal_fd = -1,
		.workload = { .pid = -1, .go_fd = -1, .err_fd = -1 },
	};
	struct kp_open_error oerr;
	bool file_created = false;
	int err;

	memset(stats, 0, sizeof(*stats));
	errbuf[0] = 0;
	err = record__config(&rec);
	if (err)
		goto out;
	err = record__block_signals(&rec);
	if (err) {
		record__err(&rec, "cannot set up signals: %s", strerror(-err));
		goto out;
	}
	err = record__setup_target(&rec);
	if (err)
		goto out;
	record__ignore_sigpipe(&rec);
	kp_evlist__set_maps(rec.evlist, rec.cpus, rec.threads);
	err = kp_evlist__open(rec.evlist, &oerr);
	if (err) {
		kp_evlist__strerror(&oerr, errbuf, errsz);
		goto out;
	}
	record__misses_attach(&rec);
	err = kp_evlist__mmap(rec.evlist, record__mmap_pages(opts));
	if (err) {
		record__err(&rec, "cannot map the ring buffers (-m %u): %s%s",
			    record__mmap_pages(opts), strerror(-err),
			    err == -EPERM ? " (see kernel.perf_event_mlock_kb)" : "");
		goto out;
	}
	err = kp_evlist__add_pollfd(rec.evlist, rec.signal_fd);
	if (!err && opts->live && opts->live->input_fd >= 0)
		err = kp_evlist__add_pollfd(rec.evlist, opts->live->input_fd);
	if (err) {
		record__err(&rec, "cannot poll: %s", strerror(-err));
		goto out;
	}
	err = record__machine_new(&rec);
	if (err) {
		record__err(&rec, "cannot set up: %s", strerror(-err));
		goto out;
	}
	err = opts->live ? 0 : record__open_output(&rec);
	if (err)
		goto out;
	file_created = !stats->pipe;
	if (rec.evlist->user_only_fallback) {
		/* Said once recording is sure to happen. */
		stats->user_only = true;
		record__warn_user_only(&rec);
	}
	err = record__synthesize(&rec);
	if (err)
		goto out;
	if (!rec.enable_on_exec)
		kp_evlist__enable(rec.evlist);
	err = record__start_workload(&rec);
	if (err)
		goto out;
	stats->has_workload = rec.workload.pid > 0;
	err = record__loop(&rec);
	if (!err)
		err = record__lost_samples(&rec);
	if (!err)
		err = record__misses(&rec);
	if (err)
		goto out;
	err = opts->live ? 0 : record__finish(&rec);
	if (!err)
		file_created = false;	/* complete: keep it */
out:
	if (rec.workload.pid > 0) {
		kp_workload__kill(&rec.workload);
		stats->exit_code = kp_workload__exit_code(&rec.workload);
	}
	record__unblock_signals(&rec);
	if (rec.sigpipe_ignored)
		sigaction(SIGPIPE, &rec.orig_sigpipe, NULL);
	kp_writer__delete(rec.writer);
	kp_bpf_missed__delete(rec.bpf_missed);
	/* a partial file is kept when the disk filled: report reads it up to its last record */
	if (file_created && !rec.write_failed)
		unlink(opts->output);
	record__cleanup(&rec);
	return err;
}
