#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='perf 6.1 reads what kprof record writes: file and pipe mode, several workloads
and events, no warning, the sample counts kprof reported, the header features'
. "$(dirname "$0")/test-lib.sh"

# summary_samples SUMMARY NAME: the sample count kprof record reported for output NAME.
summary_samples() {
	sed -n "s/^\[ kprof record: Captured and wrote [0-9.]* MB $2 (\([0-9]*\) samples) \]$/\1/p" "$1"
}

# perf_samples FILE: PERF_RECORD_SAMPLE records perf finds (its "Aggregated stats").
perf_samples() {
	perf report -D -i "$1" 2>/dev/null |
	sed -n '/^Aggregated stats:/,/^[a-z]/s/^ *SAMPLE events: *\([0-9]*\).*/\1/p' | head -n 1
}

# perf_event_samples FILE EVENT: the samples of one event ("EVENT stats:" of perf report -D).
perf_event_samples() {
	perf report -D -i "$1" 2>/dev/null |
	sed -n "/^$2 stats:/,/SAMPLE/s/^ *SAMPLE events: *\([0-9]*\).*/\1/p"
}

# check_clean FILE N: perf report and perf script read FILE without a word on stderr,
# and both see exactly N samples.
check_clean() {
	perf report --stdio -i "$1" >report 2>err &&
	test_must_be_empty err &&
	perf script -i "$1" >script 2>err &&
	test_must_be_empty err &&
	test "$(wc -l <script)" = "$2" &&
	test "$(perf_samples "$1")" = "$2"
}

# check_header FILE: perf report --header-only shows the features with this machine's values.
check_header() {
	perf report --header-only -i "$1" >header 2>err &&
	test_must_be_empty err &&
	test_grep "^# hostname : $(uname -n)$" header &&
	test_grep "^# os release : $(uname -r)$" header &&
	test_grep "^# perf version : kprof [0-9.]*$" header &&
	test_grep "^# arch : $(uname -m)$" header &&
	test_grep "^# nrcpus online : $(getconf _NPROCESSORS_ONLN)$" header &&
	test_grep "^# nrcpus avail : [0-9]*$" header &&
	test_grep "^# cpudesc : ." header &&
	test_grep "^# total memory : $(sed -n "s/^MemTotal: *\([0-9]*\) kB/\1/p" /proc/meminfo) kB$" header &&
	test_grep "^# cmdline : $KPROF record .*-o $2 " header &&
	test_grep "^# pmu mappings: .*software = 1" header &&
	test_grep "^# clockid frequency: [0-9]* MHz$" header
}

test_expect_success PERF 'file mode, one event: perf reads every sample, silently' '
	kprof record -o spin.data -- "$TARGETS/spin" 200 2>summary &&
	n=$(summary_samples summary spin.data) &&
	test "$n" -gt 50 &&
	check_clean spin.data "$n" &&
	test_grep "spin_work" report
'

test_expect_success PERF 'file mode: the header shows every feature' '
	check_header spin.data spin.data &&
	test_grep "^# event : name = cpu-clock, , id = { [0-9, ]* }, type = 1, size = 128," header &&
	test_grep "^# time of first sample : [0-9]*\.[0-9]*$" header &&
	test_grep "^# time of last sample : [0-9]*\.[0-9]*$" header
'

test_expect_success PERF 'file mode, two events and threads: counts per event add up' '
	kprof record -o two.data -e cpu-clock -e task-clock -- "$TARGETS/threads" 4 100 2>summary &&
	n=$(summary_samples summary two.data) &&
	check_clean two.data "$n" &&
	a=$(grep -c " cpu-clock: " script) &&
	b=$(grep -c " task-clock: " script) &&
	test "$a" -gt 0 && test "$b" -gt 0 &&
	test $((a + b)) = "$n" &&
	test "$(perf_event_samples two.data cpu-clock)" = "$a" &&
	test "$(perf_event_samples two.data task-clock)" = "$b" &&
	test_grep "^# Samples: .* of event .cpu-clock.$" report &&
	test_grep "^# Samples: .* of event .task-clock.$" report &&
	grep -q " thread-a " script && grep -q " thread-b " script
'

test_expect_success PERF 'file mode, fork and exec: both comms, no warning' '
	kprof record -o fe.data -- "$TARGETS/forkexec" 150 2>summary &&
	n=$(summary_samples summary fe.data) &&
	check_clean fe.data "$n" &&
	grep -q "^ *forkexec " script &&
	grep -q "^ *spin " script
'

test_expect_success PERF 'pipe mode to a file: perf reads every sample, silently' '
	kprof record -o - -e cpu-clock -e task-clock -- "$TARGETS/threads" 2 100 >pipe.data 2>summary &&
	n=$(summary_samples summary "standard output") &&
	test "$n" -gt 0 &&
	check_clean pipe.data "$n" &&
	grep -q " cpu-clock: " script && grep -q " task-clock: " script
'

test_expect_success PERF 'pipe mode: the header shows every feature' '
	check_header pipe.data - &&
	test_grep "^# event : name = cpu-clock, , id = { [0-9, ]* }, type = 1, size = 128," header &&
	test_grep "^# event : name = task-clock, , id = { [0-9, ]* }, type = 1, size = 128, config = 0x1," header
'

test_expect_success PERF 'pipe mode through a real pipe into perf report and perf script' '
	kprof record -o - -- "$TARGETS/spin" 150 2>summary | perf report --stdio -i - >report 2>err &&
	test_must_be_empty err &&
	n=$(summary_samples summary "standard output") &&
	test_grep "^# Samples: .* of event .cpu-clock.$" report &&
	test_grep "spin_work" report &&
	kprof record -o - -- "$TARGETS/spin" 150 2>summary | perf script -i - >script 2>err &&
	test_must_be_empty err &&
	test "$(wc -l <script)" = "$(summary_samples summary "standard output")"
'

test_expect_success PERF,TRACEFS 'tracepoints: perf script prints the fields from kprof'"'"'s tracing data' '
	kprof record -o tp.data -e sched:sched_switch -e cpu-clock -- "$TARGETS/threads" 2 50 2>summary &&
	n=$(summary_samples summary tp.data) &&
	check_clean tp.data "$n" &&
	test_grep "sched:sched_switch: prev_comm=[^ ]* prev_pid=[0-9]* .*==> next_comm=" script &&
	kprof record -o - -e sched:sched_switch -- "$TARGETS/threads" 2 50 >tpp.data 2>summary &&
	n=$(summary_samples summary "standard output") &&
	check_clean tpp.data "$n" &&
	test_grep "sched:sched_switch: prev_comm=[^ ]* prev_pid=[0-9]* .*==> next_comm=" script
'

test_expect_success PERF 'the layout perf expects: magic, header and attr sizes, pipe header then HEADER_ATTR' '
	od -An -tx1 -N8 spin.data | tr -d " \n" >magic &&
	test "$(cat magic)" = "50455246494c4532" &&
	test "$(od -An -tu8 -j8 -N8 spin.data | tr -d " ")" = 104 &&
	test "$(od -An -tu8 -j16 -N8 spin.data | tr -d " ")" = 144 &&
	test "$(od -An -tx1 -N8 pipe.data | tr -d " \n")" = "50455246494c4532" &&
	test "$(od -An -tu8 -j8 -N8 pipe.data | tr -d " ")" = 16 &&
	test "$(od -An -tu4 -j16 -N4 pipe.data | tr -d " ")" = 64
'

test_expect_success PERF 'a SIGKILLed record leaves the header perf expects of a killed record' '
	"$KPROF" record -q -o kill.data -- "$TARGETS/spin" 3000 &
	pid=$! &&
	i=0 &&
	while [ "$(stat -c %s kill.data 2>/dev/null || echo 0)" -lt 264 ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done &&
	child=$(cat /proc/$pid/task/$pid/children 2>/dev/null) &&
	kill -9 $pid && { wait $pid; true; } &&
	{ [ -z "$child" ] || kill $child; } &&
	test "$(od -An -tx1 -N8 kill.data | tr -d " \n")" = "50455246494c4532" &&
	test "$(od -An -tu8 -j16 -N8 kill.data | tr -d " ")" = 144 &&
	test "$(od -An -tu8 -j32 -N8 kill.data | tr -d " ")" = 144 &&
	test "$(od -An -tu8 -j48 -N8 kill.data | tr -d " ")" = 0 &&
	{ perf report --stdio -i kill.data >out 2>err; true; } &&
	test_grep "data size field is 0 which is unexpected" err
'

test_done
