#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report reads a path, a redirected file, a pipe carrying a file, perf pipe mode and -z alike'
. "$(dirname "$0")/test-lib.sh"

# same_report FILE: path, "< FILE", "cat FILE |" and "-i -" give identical reports.
same_report() {
	kprof report --stdio -n -i "$1" >by-path 2>err-path &&
	kprof report --stdio -n <"$1" >by-redirect 2>err-redirect &&
	cat "$1" | "$KPROF" report --stdio -n >by-pipe 2>err-pipe &&
	cat "$1" | "$KPROF" report --stdio -n -i - >by-dash 2>err-dash &&
	test_cmp by-path by-redirect &&
	test_cmp by-path by-pipe &&
	test_cmp by-path by-dash &&
	test_cmp err-path err-redirect &&
	test_cmp err-path err-pipe &&
	test_grep "spin_work" by-path
}

# event_count FILE: the "# Event count (approx.)" line.
event_count() {
	grep "^# Event count" "$1"
}

test_expect_success 'kprof file mode: every input gives the same report' '
	kprof record -q -e cpu-clock -c 100000 -o file.data -- "$TARGETS/spin" 100 &&
	same_report file.data
'

test_expect_success 'kprof pipe mode: every input gives the same report' '
	kprof record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 100 >pipe.data &&
	same_report pipe.data
'

test_expect_success 'kprof record piped straight into report' '
	kprof record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 100 |
		tee live.data | "$KPROF" report --stdio -n >live.out &&
	kprof report --stdio -n -i live.data >saved.out &&
	test_cmp saved.out live.out
'

test_expect_success PERF 'perf file mode: same reports, perf'"'"'s event count' '
	perf record -q -e cpu-clock -c 100000 -o perf.data -- "$TARGETS/spin" 100 2>/dev/null &&
	same_report perf.data &&
	perf report --stdio -i perf.data >perf.out 2>/dev/null &&
	event_count perf.out >expect &&
	event_count by-path >actual &&
	test_cmp expect actual
'

test_expect_success PERF 'perf pipe mode (-o -): same reports, perf'"'"'s event count' '
	perf record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 100 2>/dev/null >perf-pipe.data &&
	same_report perf-pipe.data &&
	perf report --stdio -i perf-pipe.data >perf.out 2>/dev/null &&
	event_count perf.out >expect &&
	event_count by-path >actual &&
	test_cmp expect actual
'

test_expect_success PERF 'perf -z: same reports, perf'"'"'s event count' '
	perf record -q -z -e cpu-clock -c 100000 -o z.data -- "$TARGETS/spin" 100 2>/dev/null &&
	same_report z.data &&
	perf report --stdio -i z.data >perf.out 2>/dev/null &&
	event_count perf.out >expect &&
	event_count by-path >actual &&
	test_cmp expect actual
'

test_expect_success PERF 'perf -z -o - piped straight into report' '
	perf record -q -z -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 100 2>/dev/null |
		tee zlive.data | "$KPROF" report --stdio -n >live.out &&
	kprof report --stdio -n -i zlive.data >saved.out &&
	test_cmp saved.out live.out &&
	perf report --stdio -i zlive.data >perf.out 2>/dev/null &&
	event_count perf.out >expect &&
	event_count live.out >actual &&
	test_cmp expect actual
'

test_done
