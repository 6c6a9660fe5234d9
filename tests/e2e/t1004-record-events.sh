#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record events and sampling: -c, -F, tracepoints, several events, lost events, rounds'
. "$(dirname "$0")/test-lib.sh"

samples_in() {
	perf report -D -i "$1" 2>/dev/null | grep -c "PERF_RECORD_SAMPLE("
}

test_expect_success PERF '-c PERIOD: every sample has exactly that period' '
	kprof record -q -o c.data -c 250000 -- "$TARGETS/spin" 200 &&
	perf script -i c.data -F period >periods 2>err &&
	test_must_be_empty err &&
	test "$(wc -l <periods)" -gt 100 &&
	sort -u periods | tr -d " " >uniq &&
	echo 250000 >expect &&
	test_cmp expect uniq
'

test_expect_success PERF '-F FREQ: the frequency is stored and sampling ends when the command does' '
	kprof record -q -F 1000 -o f.data -- "$TARGETS/spin" 200 &&
	perf evlist -v -i f.data >evlist &&
	test_grep "sample_freq }: 1000," evlist &&
	n=$(samples_in f.data) &&
	test "$n" -ge 100 && test "$n" -le 260
'

test_expect_success PERF,TRACEFS 'a tracepoint: perf script prints its fields' '
	kprof record -q -e sched:sched_switch -o tp.data -- sleep 0.01 &&
	perf script -i tp.data >script 2>err &&
	test_must_be_empty err &&
	test_grep "sched:sched_switch: prev_comm=sleep prev_pid=[0-9]* .*==> next_comm=" script
'

test_expect_success PERF,TRACEFS 'a tracepoint through a pipe' '
	kprof record -q -e sched:sched_switch -o - -- sleep 0.01 | perf script -i - >script 2>err &&
	test_grep "prev_comm=sleep" script
'

test_expect_success PERF 'two events: samples of both, told apart by id' '
	kprof record -q -e cpu-clock -e task-clock -o two.data -- "$TARGETS/spin" 200 &&
	perf script -i two.data -F event >events 2>err &&
	test_must_be_empty err &&
	test_grep "^ *cpu-clock: *$" events &&
	test_grep "^ *task-clock: *$" events
'

test_expect_success PERF 'a tiny ring buffer: the lost count printed is the one in the file' '
	kprof record -m 1 -c 10000 -o lost.data -- "$TARGETS/threads" 2 200 2>summary &&
	perf report -D -i lost.data 2>/dev/null >dump &&
	sed -n "s/.*PERF_RECORD_LOST: id:[0-9]*: lost:\([0-9]*\)$/\1/p" dump >lost &&
	in_file=$(awk "{ n += \$1 } END { print n + 0 }" lost) &&
	printed=$(sed -n "s/^\[ kprof record: Lost \([0-9]*\) events: .*/\1/p" summary) &&
	test "${printed:-0}" = "$in_file" &&
	sed -n "s/.*PERF_RECORD_LOST_SAMPLES: .*lost samples :\([0-9]*\)$/\1/p" dump >lost_samples &&
	in_file=$(awk "{ n += \$1 } END { print n + 0 }" lost_samples) &&
	printed=$(sed -n "s/^\[ kprof record: Lost \([0-9]*\) samples \]$/\1/p" summary) &&
	test "${printed:-0}" = "$in_file" &&
	n=$(sed -n "s/.*(\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$(grep -c "PERF_RECORD_SAMPLE(" dump)" = "$n"
'

test_expect_success PERF 'rounds: FINISHED_ROUND records end the reads of the ring buffers' '
	grep -c "PERF_RECORD_FINISHED_ROUND" dump >rounds &&
	test "$(cat rounds)" -ge 1 &&
	sed -n "s/.* 0x\([0-9a-f]*\) \[0x[0-9a-f]*\]: PERF_RECORD_\([A-Z_]*\).*/\1 \2/p" dump |
		awk "{ printf \"%16s %s\\n\", \$1, \$2 }" | sort | grep -v " LOST_SAMPLES$" |
		tail -n 1 >last &&
	test_grep " FINISHED_ROUND$" last
'

test_expect_success 'the command may follow the options without --' '
	test_expect_code 3 kprof record -q -o nodash.data "$TARGETS/loop" 10 3 &&
	test -s nodash.data
'

test_expect_success '-vv prints every attr opened on stderr' '
	kprof record -vv -o vv.data -- true 2>err &&
	test_grep "^event cpu-clock$" err &&
	test_grep "^  sample_type  *IP|TID|TIME|PERIOD$" err
'

test_done
