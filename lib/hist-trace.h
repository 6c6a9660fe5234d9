/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sort keys over the fields of tracepoint samples (perf report's "trace" key
 * and its dynamic keys), decoded with libtraceevent from the tracing data
 * stored in perf.data:
 *
 *	trace			the event's pretty-printed fields (perf's "Trace output")
 *	FIELD			that field of every tracepoint event that has it
 *	EVENT.FIELD		one event's field; EVENT: "sys:name", a part of the
 *				name, or %N (the N-th event); FIELD "*": all its fields
 *	trace_fields		every field of every tracepoint event
 *	.../raw			the field as its raw value, not as the event prints it
 *
 * They become keys KP_SORT_EXT0 + n of each event's histogram (lib/hist.h):
 *
 *	nr = kp_hist_trace__parse(&ht, "comm,trace", keys, KP_HIST_MAX_KEYS);
 *	...per event, at its first sample:
 *		err = kp_hist_trace__hist_new(ht, session, evsel, &hist, keys, nr);
 *	...per sample, after filling the rest of the key:
 *		err = kp_hist_trace__key(ht, evsel, sample, &key);
 *	kp_hist_trace__delete(ht);
 *
 * With no such key in the list, ht is NULL and the calls do what kprof did
 * without them (kp_hist__new(), no extra key).
 */
#ifndef KPROF_LIB_HIST_TRACE_H
#define KPROF_LIB_HIST_TRACE_H

#include "lib/hist.h"

struct kp_evsel;
struct kp_hist_trace;
struct kp_sample;
struct kp_session;

/*
 * Parse a --sort list: perf's keys (kp_sort_keys__parse()) and the keys above,
 * which take places KP_SORT_EXT0 + n in @keys.  *@ht is NULL when there are
 * none of them.  Returns the number of keys, -EINVAL or -ENOMEM.
 */
int kp_hist_trace__parse(struct kp_hist_trace **ht, const char *sort, enum kp_sort_key *keys,
			 int max_keys);
void kp_hist_trace__delete(struct kp_hist_trace *ht);

/*
 * @evsel's histogram with its own keys: the places of @keys become the
 * fields of @evsel they name (none, one or several).  The first call reads
 * the session's tracing data and checks every key names a field of some
 * event: -ENOENT (or -EINVAL) when not, with kp_hist_trace__strerror().
 */
int kp_hist_trace__hist_new(struct kp_hist_trace *ht, struct kp_session *session,
			    struct kp_evsel *evsel, struct kp_hist **hist,
			    const enum kp_sort_key *keys, int nr_keys);

/* Set @key's extra keys (key->ext) from @sample of @evsel.  Returns 0 or -ENOMEM. */
int kp_hist_trace__key(struct kp_hist_trace *ht, struct kp_evsel *evsel,
		       const struct kp_sample *sample, struct kp_hist_key *key);

/* Why kp_hist_trace__hist_new() failed, NULL when it did not. */
const char *kp_hist_trace__strerror(const struct kp_hist_trace *ht);

#endif /* KPROF_LIB_HIST_TRACE_H */
