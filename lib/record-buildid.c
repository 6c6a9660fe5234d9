// SPDX-License-Identifier: GPL-2.0
/*
 * perf's post-processing of a recording: every record also goes to a
 * kp_machine (no symbols), samples are resolved to their DSO, and at the end
 * the build ids of the DSOs that got samples fill the BUILD_ID feature, so a
 * reader can tell whether the binaries it finds are the ones that ran.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/evlist.h"
#include "lib/machine.h"
#include "lib/record-int.h"
#include "lib/sample.h"

int record__machine_new(struct kp_record *rec)
{
	/* Live mode resolves symbols for its sink; a file needs only DSOs. */
	struct kp_machine_opts opts = { .no_symbols = !rec->opts->live };
	int err = kp_machine__new(&rec->machine, &opts);

	if (!err && rec->opts->live && rec->opts->live->machine)
		*rec->opts->live->machine = rec->machine;
	return err;
}

/* The evsel a record belongs to, from its id (sample or sample_id trailer). */
static struct kp_evsel *record__evsel_of(struct kp_record *rec, const union perf_event *event)
{
	struct kp_evlist *evlist = rec->evlist;
	const struct perf_event_attr *attr = &evlist->entries[0]->attr;
	const uint64_t *u = (const uint64_t *)(&event->header + 1);
	int n = (event->header.size - sizeof(event->header)) / sizeof(uint64_t);
	struct kp_evsel *evsel;
	int pos;

	if (evlist->nr_entries == 1)
		return evlist->entries[0];
	/*
	 * With IDENTIFIER the id is at a fixed place whatever the layout; with
	 * ID every event has the same sample_type, so the first one's tells.
	 */
	if (event->header.type == PERF_RECORD_SAMPLE) {
		pos = kp_sample__id_pos(attr);
		return pos >= 0 && pos < n ? kp_evlist__id2evsel(evlist, u[pos]) : NULL;
	}
	pos = kp_sample__id_pos_other(attr);
	evsel = pos > 0 && pos <= n ? kp_evlist__id2evsel(evlist, u[n - pos]) : NULL;
	/* Synthesized records (zero trailer) and side-band: the tracking event's. */
	return evsel ? evsel : evlist->entries[0];
}

int record__machine_event(struct kp_record *rec, const union perf_event *event,
			  struct kp_sample *sample, bool *parsed)
{
	struct kp_addr_location al;
	struct kp_evsel *evsel;

	*parsed = false;
	if (event->header.type >= PERF_RECORD_USER_TYPE_START)
		return 0;
	evsel = record__evsel_of(rec, event);
	if (!evsel)
		return 0;
	if (event->header.type == PERF_RECORD_SAMPLE) {
		if (kp_sample__parse(sample, &evsel->attr, event, false))
			return 0;
		*parsed = true;
		if (!rec->machine)
			return 0;
		if (!rec->opts->live)
			return kp_machine__resolve(rec->machine, sample, KP_RESOLVE_NO_SYM, &al);
		if (kp_machine__resolve(rec->machine, sample, 0, &al))
			return -ENOMEM;
		return rec->opts->live->sample(rec->opts->live->arg, evsel, sample, &al);
	}
	if (!rec->machine)
		return 0;
	switch (event->header.type) {
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		if (kp_sample__parse_id(sample, &evsel->attr, event, false))
			memset(sample, 0, sizeof(*sample));
		return kp_machine__process_event(rec->machine, event, sample);
	default:
		return 0;
	}
}

static int record__add_build_id(struct kp_dso *dso, void *arg)
{
	struct kp_record *rec = arg;
	struct kp_env *env = &rec->env;
	struct kp_build_id *bid, *ids;
	uint8_t id[20];
	int size;

	if (!kp_dso__hit(dso))
		return 0;
	size = kp_dso__build_id(dso, id);
	if (size <= 0)
		return 0;	/* none to record (no note, file gone): not an error */
	ids = realloc(env->build_ids, (env->nr_build_ids + 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	env->build_ids = ids;
	bid = &ids[env->nr_build_ids];
	memset(bid, 0, sizeof(*bid));
	bid->filename = strdup(kp_dso__long_name(dso));
	if (!bid->filename)
		return -ENOMEM;
	/* perf writes host DSOs with the host machine's pid (-1). */
	bid->pid = -1;
	bid->misc = kp_dso__is_kernel(dso) ? PERF_RECORD_MISC_KERNEL : PERF_RECORD_MISC_USER;
	bid->size = size;
	memcpy(bid->id, id, size);
	env->nr_build_ids++;
	return 0;
}

int record__build_ids(struct kp_record *rec)
{
	if (!rec->machine)
		return 0;
	return kp_machine__for_each_dso(rec->machine, record__add_build_id, rec);
}
