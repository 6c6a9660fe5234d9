/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer (objects, arrays, escaped strings, numbers)
 * and the `report --json` document built with it:
 *
 *	{"events":[{"name":"cpu-clock","samples":N,"period":P,"lost":L,
 *	  "rows":[{"overhead":99.25,"samples":398,"period":P,"comm":"spin",
 *	           "dso":"spin","sym":"spin_work", ...}]}],
 *	 "stacks":[{"event":"cpu-clock","comm":"cc-fp","pid":1,"tid":1,"samples":35,
 *	            "period":P,"frames":[{"sym":"main","dso":"cc-fp","level":"."},...]}],
 *	 "latency":[{"function":"probe_app:work","count":4,"missed_entries":0,
 *	             "missed_returns":0,"min":N,"mean":N,"p50":N,"p90":N,"p99":N,"max":N,
 *	             "histogram":[{"low":33554432,"high":67108863,"count":4}]}]}
 *
 * "stacks" (files with callchains: one per distinct stack of a thread, frames
 * outermost first) and "latency" (report --json --latency) are optional.
 */
#ifndef KPROF_UI_JSON_H
#define KPROF_UI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/hist.h"
#include "lib/latency.h"
#include "lib/profile.h"

#define KP_JSON_MAX_DEPTH 32

struct kp_json {
	FILE *fp;
	int depth;
	bool need_comma[KP_JSON_MAX_DEPTH];
	bool pretty; /* newline and indent before every member */
};

void kp_json__init(struct kp_json *j, FILE *fp, bool pretty);
/* @key: member name inside an object, NULL inside an array or at the top. */
void kp_json__begin_object(struct kp_json *j, const char *key);
void kp_json__end_object(struct kp_json *j);
void kp_json__begin_array(struct kp_json *j, const char *key);
void kp_json__end_array(struct kp_json *j);
void kp_json__string(struct kp_json *j, const char *key, const char *val); /* NULL: null */
void kp_json__u64(struct kp_json *j, const char *key, uint64_t val);
void kp_json__i64(struct kp_json *j, const char *key, int64_t val);
void kp_json__double(struct kp_json *j, const char *key, double val);
void kp_json__bool(struct kp_json *j, const char *key, bool val);
/* Write @s as a JSON string literal (quotes, escapes, invalid UTF-8 as U+FFFD). */
void kp_json__write_string(FILE *fp, const char *s);

/* report --json: one object per event, between begin and end. */
void kp_json_report__begin(struct kp_json *j);
void kp_json_report__event(struct kp_json *j, const char *name, const struct kp_hist *hist,
			   uint64_t lost);
void kp_json_report__end(struct kp_json *j);
/* The end, with "stacks" of @profile and "latency" of @lat (finished) when not NULL. */
void kp_json_report__end_with(struct kp_json *j, const struct kp_profile *profile,
			      const struct kp_latency *lat);

#endif /* KPROF_UI_JSON_H */
