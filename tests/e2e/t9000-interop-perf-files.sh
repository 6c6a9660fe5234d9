#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof report reads the files perf 6.1 records: same rows, same counts'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-report.sh"

# Every file is recorded by perf itself; compare_reports runs perf report and
# kprof report on it and wants the same (overhead, samples, comm, dso, sym)
# rows in the same order.

test_expect_success PERF 'single process' '
	perf record -q -o single.data -e cpu-clock -F 2000 -- "$TARGETS/spin" 300 &&
	compare_reports single.data &&
	test_grep "|spin|spin|\[\.\] spin_work$" kprof.rows
'

test_expect_success PERF 'single process, other sort keys' '
	compare_reports single.data pid,cpu &&
	compare_reports single.data sym &&
	compare_reports single.data dso,comm &&
	compare_reports single.data comm,pid,dso,sym,cpu
'

test_expect_success PERF 'the whole --stdio output is perf'"'"'s, tip line aside' '
	perf report --stdio -i single.data 2>/dev/null | grep -v "^# (Tip:" >perf.full &&
	kprof report --stdio -i single.data | grep -v "^# (Tip:" >kprof.full &&
	test_cmp perf.full kprof.full &&
	perf report --stdio -q -n -i single.data 2>/dev/null >perf.q &&
	kprof report --stdio -q -n -i single.data >kprof.q &&
	test_cmp perf.q kprof.q
'

test_expect_success PERF 'multi-threaded: rows per thread name' '
	perf record -q -o threads.data -e cpu-clock -F 2000 -- "$TARGETS/threads" 4 150 &&
	compare_reports threads.data &&
	test_grep "|thread-a|threads|\[\.\] thread_a_work$" kprof.rows &&
	test_grep "|thread-b|threads|\[\.\] thread_b_work$" kprof.rows &&
	compare_reports threads.data pid,sym &&
	compare_reports threads.data "Sym, c" &&
	compare_reports threads.data "p d"
'

test_expect_success PERF 'fork and exec: comm changes from forkexec to spin' '
	perf record -q -o fe.data -e cpu-clock -F 2000 -- "$TARGETS/forkexec" 200 &&
	compare_reports fe.data &&
	test_grep "|forkexec|forkexec|\[\.\] parent_work$" kprof.rows &&
	test_grep "|spin|spin|\[\.\] spin_work$" kprof.rows &&
	compare_reports fe.data pid,comm
'

test_expect_success PERF,ROOT 'system-wide (-a)' '
	perf record -q -a -o sys.data -e cpu-clock -F 1000 -- "$TARGETS/spin" 300 &&
	compare_reports sys.data &&
	compare_reports sys.data cpu,comm
'

test_expect_success PERF 'two events: one table each' '
	perf record -q -o multi.data -e cpu-clock -e task-clock -F 2000 -- "$TARGETS/spin" 200 &&
	compare_reports multi.data &&
	perf report --header --stdio -n -i multi.data 2>/dev/null | grep -v "^# (Tip:" >perf.h &&
	kprof report --header --stdio -n -i multi.data | grep -v "^# (Tip:\|^# build id : " >kprof.h &&
	test_cmp perf.h kprof.h &&
	test_grep "^cpu-clock|" kprof.rows &&
	test_grep "^task-clock|" kprof.rows
'

test_expect_success PERF,JQ 'two events in --json: the same counts as the tables' '
	kprof report --json -i multi.data >multi.json &&
	jq -r ".events[] | .name as \$n | .rows[] | \"\(\$n)|\(.samples)|\(.comm)|\(.dso)\"" \
		multi.json >json.rows &&
	awk -F"|" "{ print \$1 \"|\" \$3 \"|\" \$4 \"|\" \$5 }" kprof.rows >stdio.rows &&
	test_cmp stdio.rows json.rows &&
	jq -r ".events[].samples" multi.json >json.samples &&
	sed -n "s/^# Samples: \([0-9]*\) *of event.*/\1/p" kprof.out >stdio.samples &&
	test_cmp stdio.samples json.samples
'

# A pipe carries no build ids and -z files carry empty ones (perf 6.1 does
# not post-process compressed data): both tools then read the build id from
# the file on disk to find its symbols (ld.so's are in /usr/lib/debug), and
# every row must still be equal, symbol column included.
compare_reports_all() {
	compare_reports "$1" &&
	compare_reports "$1" comm,dso &&
	compare_reports "$1" pid
}

test_expect_success PERF 'pipe mode: perf record -o - | kprof report' '
	perf record -q -o - -e cpu-clock -F 2000 -- "$TARGETS/spin" 300 >pipe.data &&
	compare_reports_all pipe.data &&
	perf report --header-only -i pipe.data 2>/dev/null >perf.h &&
	kprof report --header-only -i pipe.data | grep -v "^# build id : " >kprof.h &&
	test_cmp perf.h kprof.h &&
	perf record -q -o - -e cpu-clock -F 2000 -- "$TARGETS/spin" 200 2>/dev/null |
		kprof report --stdio -n >kprof.out &&
	report_rows <kprof.out >rows &&
	test_grep "|spin|spin|\[\.\] spin_work$" rows
'

test_expect_success PERF 'compressed (-z)' '
	perf record -q -z -o z.data -e cpu-clock -F 2000 -- "$TARGETS/spin" 200 &&
	compare_reports_all z.data
'

test_expect_success PERF 'a file in a pipe and on stdin reads like the file' '
	kprof report --stdio -n -i z.data >file.out &&
	cat z.data | kprof report --stdio -n >pipe.out &&
	kprof report --stdio -n <z.data >stdin.out &&
	test_cmp file.out pipe.out &&
	test_cmp file.out stdin.out
'

test_expect_success PERF 'callchains (-g): perf'"'"'s --no-children -g none view, and its default' '
	perf record -q -g -o g.data -e cpu-clock -F 2000 -- "$TARGETS/demo" 0.2 &&
	perf report --stdio -n --no-children -g none -i g.data 2>/dev/null | report_rows >perf.rows &&
	kprof report --stdio -n --no-children -g none -i g.data >kprof.out 2>err &&
	report_rows <kprof.out >kprof.rows &&
	test_cmp perf.rows kprof.rows &&
	test_grep "|demo|demo|\[\.\] demo_heavy$" kprof.rows &&
	test_must_be_empty err &&
	perf report --stdio -i g.data 2>/dev/null | grep -v "^# (Tip:" >perf.full &&
	kprof report --stdio -i g.data 2>err | grep -v "^# (Tip:" >kprof.full &&
	test_cmp perf.full kprof.full &&
	test_must_be_empty err
'

# Files kprof record wrote: kprof report must still say what perf report says.
test_expect_success PERF 'files kprof recorded: single, threads, fork+exec, two events, pipe' '
	kprof record -q -o k-single.data -F 2000 -- "$TARGETS/spin" 300 &&
	compare_reports_all k-single.data &&
	kprof record -q -o k-threads.data -F 2000 -- "$TARGETS/threads" 2 150 &&
	compare_reports k-threads.data comm,dso &&
	compare_reports k-threads.data pid &&
	kprof record -q -o k-fe.data -F 2000 -- "$TARGETS/forkexec" 150 &&
	compare_reports k-fe.data comm,dso &&
	compare_reports k-fe.data pid,comm &&
	kprof record -q -o k-multi.data -e cpu-clock -e task-clock -F 2000 -- "$TARGETS/spin" 150 &&
	compare_reports_all k-multi.data &&
	kprof record -q -o - -F 2000 -- "$TARGETS/spin" 200 >k-pipe.data &&
	compare_reports_all k-pipe.data
'

test_expect_success PERF,ROOT 'a system-wide file kprof recorded' '
	kprof record -q -a -o k-sys.data -F 1000 -- "$TARGETS/spin" 200 &&
	compare_reports k-sys.data comm,dso &&
	compare_reports k-sys.data pid,cpu
'

test_done
