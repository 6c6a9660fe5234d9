#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='the test targets behave as their comments say (checked with perf)'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'loop: exit status, usage errors' '
	"$TARGETS/loop" 10 &&
	test_expect_code 7 "$TARGETS/loop" 10 7 &&
	test_expect_code 129 "$TARGETS/loop" -1 2>err &&
	test_grep "usage: loop" err &&
	test_expect_code 129 "$TARGETS/loop" 1 256 2>/dev/null &&
	test_expect_code 129 "$TARGETS/loop" x 2>/dev/null
'

test_expect_success 'targets print nothing and reject bad arguments with 129' '
	"$TARGETS/spin" 10 >out 2>&1 &&
	"$TARGETS/demo" 0.01 >>out 2>&1 &&
	"$TARGETS/threads" 3 10 >>out 2>&1 &&
	"$TARGETS/forkexec" 10 >>out 2>&1 &&
	test_must_be_empty out &&
	test_expect_code 129 "$TARGETS/spin" 1 2 2>/dev/null &&
	test_expect_code 129 "$TARGETS/demo" 0 2>/dev/null &&
	test_expect_code 129 "$TARGETS/threads" 0 2>/dev/null &&
	test_expect_code 129 "$TARGETS/threads" 65 2>/dev/null &&
	test_expect_code 129 "$TARGETS/forkexec" x 2>/dev/null
'

test_expect_success 'forkexec passes the exec'"'"'ed child'"'"'s exit status (and 1 for exec failure)' '
	test_expect_code 5 "$TARGETS/forkexec" 10 "$TARGETS/loop" 3 5 &&
	test_expect_code 1 "$TARGETS/forkexec" 10 /nonexistent 2>err &&
	test_grep "forkexec: exec" err &&
	test_expect_code 137 "$TARGETS/forkexec" 10 sh -c "kill -KILL \$\$"
'

test_lazy_prereq PROBE '
	test_have_prereq UPROBES,PERF,TRACEFS &&
	[ -w /sys/kernel/tracing/uprobe_events ]
'

test_expect_success PROBE 'loop calls loop_func exactly N times (uprobe count)' '
	ev=kpt$$ &&
	perf probe -q -x "$TARGETS/loop" "$ev=loop_func" &&
	test_when_finished "perf probe -q -d probe_loop:$ev" &&
	perf stat -x, -e "probe_loop:$ev" "$TARGETS/loop" 12345 2>stat &&
	test_grep "^12345,,probe_loop:$ev," stat
'

# percent FILE SYMBOL: the overhead of SYMBOL in a `perf report --stdio -q` output, in 1/100 %.
percent() {
	awk -v s="$2" '$NF == s { sub("%", "", $1); printf "%d\n", $1 * 100 + 0.5 }' "$1"
}

test_expect_success PERF 'demo splits its time 50/30/20 (+-5) over three functions' '
	perf record -q -e cpu-clock -F 4000 -o demo.data "$TARGETS/demo" 0.3 2>/dev/null &&
	perf report -i demo.data --stdio -q --sort sym 2>/dev/null >report &&
	h=$(percent report demo_heavy) && m=$(percent report demo_medium) &&
	l=$(percent report demo_light) &&
	t=$((h + m + l)) && h=$((h * 100 / t)) && m=$((m * 100 / t)) && l=$((l * 100 / t)) &&
	echo "shares of the three: heavy $h medium $m light $l" &&
	[ "$h" -ge 45 ] && [ "$h" -le 55 ] &&
	[ "$m" -ge 25 ] && [ "$m" -le 35 ] &&
	[ "$l" -ge 15 ] && [ "$l" -le 25 ]
'

test_expect_success PERF 'threads: thread-a runs thread_a_work, thread-b thread_b_work' '
	perf record -q -e cpu-clock -F 1000 -o threads.data "$TARGETS/threads" 2 200 2>/dev/null &&
	perf report -i threads.data --stdio -q --sort comm,sym 2>/dev/null >report &&
	test_grep -E "thread-a +\[\.\] thread_a_work" report &&
	test_grep -E "thread-b +\[\.\] thread_b_work" report &&
	! grep -E "thread-a +\[\.\] thread_b_work|thread-b +\[\.\] thread_a_work" report
'

test_expect_success PERF 'forkexec: the child shows as spin in spin_work, the parent in parent_work' '
	perf record -q -e cpu-clock -F 1000 -o fe.data "$TARGETS/forkexec" 200 2>/dev/null &&
	perf report -i fe.data --stdio -q --sort comm,sym 2>/dev/null >report &&
	test_grep -E "forkexec +\[\.\] parent_work" report &&
	test_grep -E "spin +\[\.\] spin_work" report
'

test_expect_success PERF 'spin: MS * F / 1000 samples (+-10%), most of them in spin_work' '
	perf record -q -e cpu-clock -c 1000000 -o spin.data "$TARGETS/spin" 300 2>/dev/null &&
	perf report -i spin.data --stdio -q -n --sort sym 2>/dev/null >report &&
	all=$(awk "{ n += \$2 } END { print n }" report) &&
	n=$(awk "\$NF == \"spin_work\" { print \$2 }" report) &&
	echo "samples: $all, in spin_work: $n" &&
	[ "$all" -ge 270 ] && [ "$all" -le 330 ] &&
	[ "$n" -ge $((all * 7 / 10)) ]
'

test_done
