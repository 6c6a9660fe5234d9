#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record opens the attrs perf 6.1 opens for the same command line'
. "$(dirname "$0")/test-lib.sh"

# same_attrs NAME ARGS...: record `true` with ARGS by perf and by kprof; the
# events perf evlist -v shows must match, but for ksymbol and bpf_event (kprof
# does not ask for BPF side-band records).
same_attrs() {
	name=$1
	shift
	perf record -q -o perf.$name.data "$@" -- true >/dev/null 2>&1 &&
	kprof record -q -o kprof.$name.data "$@" -- true &&
	perf evlist -v -i perf.$name.data |
		sed -e "s/, ksymbol: 1//" -e "s/, bpf_event: 1//" >expect.$name &&
	perf evlist -v -i kprof.$name.data >actual.$name &&
	test_cmp expect.$name actual.$name
}

test_expect_success PERF 'cpu-clock' '
	same_attrs default -e cpu-clock
'

test_expect_success PERF '-c PERIOD -e task-clock' '
	same_attrs period -c 100000 -e task-clock
'

test_expect_success PERF '-F FREQ with a modifier' '
	same_attrs freq -F 999 -e cpu-clock:u
'

test_expect_success PERF 'two events of one layout: ID' '
	same_attrs two -e cpu-clock -e task-clock
'

test_expect_success PERF,TRACEFS 'a tracepoint and cpu-clock: IDENTIFIER' '
	same_attrs mixed -e sched:sched_switch -e cpu-clock
'

test_expect_success PERF '-t TID: no inherit, no enable_on_exec' '
	sleep 10 &
	pid=$! &&
	test_when_finished "kill $pid || :" &&
	same_attrs tid -e cpu-clock -t $pid
'

test_done
