#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report -s trace and tracepoint-field keys: the rows of perf report'
. "$(dirname "$0")/test-lib.sh"

A="$TARGETS/probe-args"

# same SORT FILE: kprof report and perf report print the same table (but perf's tip
# line and kprof's table of probe hits and misses in the header)
same() {
	kprof report --stdio -s "$1" -i "$2" >k.out 2>k.err &&
	perf report --stdio -s "$1" -i "$2" >p.out 2>p.err &&
	test_must_be_empty k.err &&
	grep -v "^# (Tip:" p.out >expect &&
	grep -v "^# (Tip:" k.out |
		awk "/^# Probe hits and misses:/ { skip = 1 } /^# Samples:/ { skip = 0 } !skip" >actual &&
	test_cmp expect actual
}

test_expect_success ROOT,TRACEFS,UPROBES,PERF 'setup: a probe with arguments beside cpu-clock' '
	kprof record -q -o args.data -e cpu-clock -u "$A:probe_arg v=%di:s32 s=+0(%si):string" \
		-- "$A" 30 &&
	perf evlist -i args.data >events &&
	test_grep "^probe_probe_args:probe_arg$" events
'

test_expect_success ROOT,TRACEFS,UPROBES,PERF '-s trace: one row per call, the decoded arguments' '
	same trace args.data &&
	grep "^     3\.33%  ([0-9a-f]*) v=[0-9]* s=\"s[0-9]*\"$" actual >rows &&
	test_line_count = 30 rows &&
	test_grep "^     3\.33%  ([0-9a-f]*) v=300 s=\"s30\"$" rows &&
	test_grep "^   100\.00%  N/A$" actual
'

test_expect_success ROOT,TRACEFS,UPROBES,PERF '-s v, -s s,v, -s probe_arg.v: the argument as a column' '
	same v args.data &&
	sed -n "s/^     3\.33%  *\([0-9]*\)$/\1/p" actual | sort -n >values &&
	seq 10 10 300 >expect.values &&
	test_cmp expect.values values &&
	same s,v args.data &&
	same probe_arg.v args.data &&
	same comm,trace args.data &&
	same trace,comm args.data
'

test_expect_success ROOT,TRACEFS,UPROBES,PERF 'trace_fields, EVENT.*, /raw: every field, raw values' '
	same trace_fields args.data &&
	test_grep "^# Overhead          __probe_ip           v      s$" actual &&
	same "probe_arg.*" args.data &&
	same "__probe_ip/raw,v/raw" args.data &&
	same "s,trace_fields" args.data
'

test_expect_success ROOT,TRACEFS,UPROBES,JQ '--json: rows carry "trace" and each field by name' '
	kprof report --json -s trace,v -i args.data >j &&
	jq -r ".events[] | select(.name == \"probe_probe_args:probe_arg\") | .rows[] | .v" j |
		sort -n >values &&
	seq 10 10 300 >expect.values &&
	test_cmp expect.values values &&
	jq -r ".events[1].rows[] | .trace" j | grep -c "^([0-9a-f]*) v=[0-9]* s=\"s[0-9]*\"$" >n &&
	echo 30 >expect.n && test_cmp expect.n n &&
	jq -r ".events[0].rows[0] | .trace, (.v // \"none\")" j >cpu &&
	printf "N/A\nnone\n" >expect.cpu && test_cmp expect.cpu cpu
'

test_expect_success ROOT,TRACEFS,PERF 'sched:sched_switch: trace, fields, common fields, with perf keys' '
	perf record -q -e sched:sched_switch -o ss.data -- sh -c "sleep 0.01; sleep 0.01" &&
	same trace ss.data &&
	test_grep "prev_comm=sleep prev_pid=[0-9]* prev_prio=120 prev_state=S ==> next_comm=" actual &&
	same prev_pid,next_comm ss.data &&
	same "sched:sched_switch.prev_state" ss.data &&
	same "comm,prev_comm/raw" ss.data &&
	same "pid,common_pid" ss.data &&
	same "%1.next_pid,trace" ss.data
'

test_expect_success ROOT,TRACEFS,PERF 'a kprof-recorded tracepoint file too' '
	kprof record -q -e sched:sched_switch -o ks.data -- sh -c "sleep 0.01; sleep 0.01" &&
	same trace ks.data &&
	same trace_fields ks.data
'

test_expect_success ROOT,TRACEFS,PERF 'a field no event has, an event not in the file: usage errors' '
	test_expect_code 129 kprof report --stdio -s no_such_field -i ss.data >out 2>err &&
	test_grep "^kprof: report: unknown --sort key .no_such_field. (not a sort key, nor a field of a tracepoint event in the file)$" err &&
	test_expect_code 129 kprof report --stdio -s sched:nothing.x -i ss.data >out 2>err &&
	test_grep "^kprof: report: --sort key .sched:nothing.x.: no tracepoint event .sched:nothing. in the file$" err &&
	test_expect_code 129 kprof report --stdio -s prev_pid/hex -i ss.data >out 2>err &&
	test_grep "unknown field option .hex." err &&
	test_expect_code 129 kprof report --stdio -s "comm;x" -i ss.data >out 2>err
'

test_done
