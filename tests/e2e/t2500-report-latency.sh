#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report --latency: entry and return probe hits paired per thread into log2 histograms'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIR/lib-latency.sh"

# col N FUNC FILE: column N of FUNC's table row (1 count, 2 missed, 3 min ... 8 max)
col() {
	awk -v f="$2" -v n="$1" '$1 ~ /^[0-9]+$/ && $NF == f { print $n }' "$3"
}

test_expect_success UPROBES 'record entries and returns of lat-sleep (lat_exit never returns)' '
	kprof record -q -o lat.data -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x -l log &&
	kprof report --latency -i lat.data >out &&
	cat out
'

test_expect_success UPROBES 'one row per function: exact counts and misses' '
	cat >expect <<-\EOF &&
	4 0
	2 0
	1 0
	0 1
	4 0
	EOF
	for f in lat_a lat_b lat_c lat_exit lat_recurse; do
		row probe_lat_sleep:$f out || return 1
	done >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'histograms: every call in the log2 bucket of its own measured duration (BCC layout)' '
	test_grep "^     nsecs               : count     distribution$" out &&
	test_grep "^         0 -> 1          : 0        |                                        |$" out &&
	test_grep "^  [0-9]\{8\} -> [0-9]\{8,9\} *: [1-4]        |\*\{40\}|$" out &&
	for f in lat_a lat_b lat_c; do
		expected $f log >expect &&
		buckets probe_lat_sleep:$f out >actual &&
		test_cmp expect actual || return 1
	done &&
	awk "{ print \$2 }" log | grep -c . >n && echo 11 >expect && test_cmp expect n
'

test_expect_success UPROBES 'recursion pairs innermost first: 36, 72, 144 and 288 ms calls' '
	expected lat_recurse log >expect &&
	test_line_count = 4 expect &&
	buckets probe_lat_sleep:lat_recurse out >actual &&
	test_cmp expect actual &&
	test $(col 3 probe_lat_sleep:lat_recurse out) -ge 36000000 &&
	test $(col 8 probe_lat_sleep:lat_recurse out) -ge 288000000 &&
	test $(col 5 probe_lat_sleep:lat_recurse out) -ge 72000000
'

test_expect_success UPROBES 'a function never returned from: its entry is missed' '
	sed -n "/^Function = probe_lat_sleep:lat_exit$/,/^$/p" out >exit.out &&
	test_grep "no paired calls (1 entries, 0 returns)" exit.out
'

test_expect_success UPROBES 'a pipe gives the same table' '
	kprof record -q -o - -u "$T:lat_c" -U "$T:lat_c" -- "$T" -l plog |
		kprof report --latency >pipe.out &&
	echo "1 0" >expect && row probe_lat_sleep:lat_c pipe.out >actual && test_cmp expect actual &&
	expected lat_c plog >expect && buckets probe_lat_sleep:lat_c pipe.out >actual &&
	test_cmp expect actual
'

test_expect_success PTRACE 'the ptrace engine'"'"'s ubp:FN and ubp:FN__return events pair too' '
	kprof record -q --engine=ptrace -o ubp.data -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x &&
	kprof report --latency -i ubp.data >ubp.out &&
	cat >expect <<-\EOF &&
	4 0
	2 0
	1 0
	0 1
	4 0
	EOF
	for f in lat_a lat_b lat_c lat_exit lat_recurse; do
		row ubp:$f ubp.out || return 1
	done >actual &&
	test_cmp expect actual &&
	test $(col 3 ubp:lat_recurse ubp.out) -ge 36000000 &&
	test $(col 8 ubp:lat_recurse ubp.out) -ge 288000000
'

test_expect_success UPROBES 'entries without return probes: nothing to pair is an error' '
	kprof record -q -o entry.data -u "$T:lat_a" -- "$T" &&
	test_expect_code 1 kprof report --latency -i entry.data >out2 2>err &&
	test_grep "has no entry and return probes" err
'

test_expect_success UPROBES,PERF 'perf record of perf probe events: the same pairs' '
	test_when_finished "perf probe -q -d kprof_t2500:\\* >/dev/null 2>&1 || :" &&
	perf probe -q -x "$T" -a kprof_t2500:lat_b=lat_b >/dev/null 2>&1 &&
	perf probe -q -x "$T" -a kprof_t2500:lat_b=lat_b%return >/dev/null 2>&1 &&
	perf record -q -o perf.data -e kprof_t2500:lat_b -e kprof_t2500:lat_b__return \
		-- "$T" -l perflog >/dev/null 2>&1 &&
	kprof report --latency -i perf.data >perf.out &&
	echo "2 0" >expect && row kprof_t2500:lat_b perf.out >actual && test_cmp expect actual &&
	expected lat_b perflog >expect && buckets kprof_t2500:lat_b perf.out >actual &&
	test_cmp expect actual
'

test_done
