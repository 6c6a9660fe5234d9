// SPDX-License-Identifier: GPL-2.0
/* kprof stat --latency: live entry/return pairing (see cmd/stat-latency.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/stat-latency.h"
#include "lib/evsel.h"
#include "lib/latency.h"
#include "lib/record.h"
#include "lib/sample.h"
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
		.cmd_argc = o->cmd_argc,
		.cmd_argv = o->cmd_argv,
	};
	struct kp_record_stats st = { 0 };
	char err[1024] = "";
	int ret;

	if (kp_latency__new(&lat)) {
		fprintf(stderr, "kprof: %s\n", strerror(ENOMEM));
		return KP_EXIT_ERROR;
	}
	live.arg = lat;
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
	kp_latency__delete(lat);
	return ret;
}
