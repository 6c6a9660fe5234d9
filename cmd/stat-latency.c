// SPDX-License-Identifier: GPL-2.0
/* kprof stat --latency: live entry/return pairing (see cmd/stat-latency.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/stat-latency.h"
#include "lib/evsel.h"
#include "lib/latency.h"
#include "lib/record.h"
#include "lib/sample.h"
#include "lib/session.h"
#include "lib/ubp/record.h"
#include "ui/stdio/latency.h"

/* Hits arrive per cpu buffer, not in time order: kept, paired at the end. */
static int stat_latency__sample(void *arg, const struct kp_evsel *evsel,
				const struct kp_sample *sample, const struct kp_addr_location *al)
{
	(void)al;
	return kp_latency__defer(arg, evsel->name, sample->tid, sample->time);
}

static int stat_latency__tick(void *arg, bool input)
{
	(void)arg;
	(void)input;
	return 0;
}

struct stat_latency_reader {
	struct kp_tool tool;	/* first */
	struct kp_latency *lat;
};

static int stat_latency__read_sample(struct kp_tool *tool, const union perf_event *event,
				     const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct stat_latency_reader *r = (struct stat_latency_reader *)tool;

	(void)event;
	return evsel ? kp_latency__defer(r->lat, evsel->name, sample->tid, sample->time) : 0;
}

/* The ptrace engine: record into a temporary file, read its hits back. */
static int stat_latency__ptrace(struct kp_record_opts *opts, struct kp_record_stats *st,
				struct kp_latency *lat, char *err, size_t errsz)
{
	struct stat_latency_reader r = {
		.tool = { .sample = stat_latency__read_sample, .ordered = true },
		.lat = lat,
	};
	const char *dir = getenv("TMPDIR");
	struct kp_session *session = NULL;
	char *path;
	int fd, ret;

	if (asprintf(&path, "%s/kprof-latency-XXXXXX", dir && *dir ? dir : "/tmp") < 0)
		return -ENOMEM;
	fd = mkstemp(path);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errsz, "cannot create '%s': %s", path, strerror(-ret));
		free(path);
		return ret;
	}
	close(fd);
	opts->output = path;
	opts->live = NULL;
	ret = kp_ubp_record__run(opts, st, err, errsz);
	if (!ret) {
		ret = kp_session__open(&session, path, &r.tool);
		if (!ret)
			ret = kp_session__process(session);
		if (ret)
			snprintf(err, errsz, "%s", session ? kp_session__strerror(session) :
							     strerror(-ret));
	}
	kp_session__delete(session);
	unlink(path);
	free(path);
	return ret;
}

int kp_stat_latency__run(const struct kp_stat_latency_opts *o)
{
	struct kp_latency *lat;
	struct kp_record_live live = {
		.sample = stat_latency__sample,
		.tick = stat_latency__tick,
		.interval_ms = 1000,
		.input_fd = -1,
	};
	struct kp_record_opts opts = {
		.probes = o->probes,
		.backend = o->backend,
		.maxactive = o->maxactive,
		.all_cpus = o->all_cpus,
		.no_inherit = o->no_inherit,
		.pids = o->pids,
		.argv = o->argv,
		.output = "/dev/null",
		.live = &live,
	};
	struct kp_record_stats st = { 0 };
	char err[1024] = "";
	int ret;

	if (kp_latency__new(&lat)) {
		fprintf(stderr, "kprof: %s\n", strerror(ENOMEM));
		return KP_EXIT_ERROR;
	}
	live.arg = lat;
	if (o->ptrace)
		ret = stat_latency__ptrace(&opts, &st, lat, err, sizeof(err));
	else
		ret = kp_record__run(&opts, &st, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "kprof: %s\n", err[0] ? err : strerror(-ret));
		ret = KP_EXIT_ERROR;
		goto out;
	}
	ret = kp_latency__finish(lat);
	if (ret) {
		fprintf(stderr, "kprof: %s\n", strerror(-ret));
		ret = KP_EXIT_ERROR;
		goto out;
	}
	if (st.lost || st.lost_samples)
		fprintf(stderr, "kprof: warning: %llu hits lost: their calls count as missed\n",
			(unsigned long long)(st.lost + st.lost_samples));
	kp_stdio_latency__fprintf(stderr, lat);
	ret = st.has_workload ? st.exit_code : KP_EXIT_OK;
out:
	kp_misses__exit(&st.misses);
	kp_latency__delete(lat);
	return ret;
}
