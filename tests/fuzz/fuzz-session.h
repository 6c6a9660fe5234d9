/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every perf.data fuzz harness does with a session once it is open:
 * process it the way `kprof report` does (machine updated from side-band
 * records, samples resolved to thread/map/dso without reading any symbol
 * file), so decoding, ordering and the machine all see the fuzzed bytes.
 */
#ifndef KPROF_TESTS_FUZZ_SESSION_H
#define KPROF_TESTS_FUZZ_SESSION_H

#include <errno.h>
#include <stdlib.h>

#include "lib/machine.h"
#include "lib/session.h"

struct fuzz_tool {
	struct kp_tool tool;
	struct kp_machine *machine;
};

static int fuzz_side_band(struct kp_tool *tool, const union perf_event *event,
			  const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct fuzz_tool *ft = (struct fuzz_tool *)tool;

	return kp_machine__process_event(ft->machine, event, sample) == -ENOMEM ? -ENOMEM : 0;
}

static int fuzz_sample(struct kp_tool *tool, const union perf_event *event,
		       const struct kp_sample *sample, struct kp_evsel *evsel)
{
	struct fuzz_tool *ft = (struct fuzz_tool *)tool;
	struct kp_addr_location al;

	return kp_machine__resolve(ft->machine, sample, KP_RESOLVE_NO_SYM, &al);
}

/* Open @path (NULL: stdin) and process it; errors are expected, crashes are not. */
static void fuzz_session_run(const char *path)
{
	struct kp_machine_opts opts = { .kallsyms = "/dev/null", .no_symbols = true };
	struct fuzz_tool ft = {
		.tool = { .sample = fuzz_sample, .side_band = fuzz_side_band, .ordered = true },
	};
	struct kp_session *session = NULL;

	if (kp_machine__new(&ft.machine, &opts))
		abort();
	if (!kp_session__open(&session, path, &ft.tool))
		kp_session__process(session);
	kp_session__delete(session);
	kp_machine__delete(ft.machine);
}

#endif /* KPROF_TESTS_FUZZ_SESSION_H */
