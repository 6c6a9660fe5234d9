#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record targets: -p, -t, -a -C, SIGINT and SIGTERM'
. "$(dirname "$0")/test-lib.sh"

samples_in() {
	perf report -D -i "$1" 2>/dev/null | grep -c "PERF_RECORD_SAMPLE("
}

# wait_for_file FILE: until record has opened its output (signals are handled from then on).
# (Background kprof runs as "$KPROF": $! of a backgrounded shell function is a subshell.)
wait_for_file() {
	while ! test -e "$1"; do sleep 0.05; done
}

# wait_attached PID: until kprof PID holds its perf events (or has ended).  The
# targets wait (spin -w go) until then, so that what they do is recorded
# whatever the load and however long kprof takes to start.
wait_attached() {
	while kill -0 "$1" 2>/dev/null &&
	      ! ls -l "/proc/$1/fd" 2>/dev/null | grep -q "perf_event"; do
		sleep 0.05
	done
}

test_expect_success PERF '-p PID of a running process: its comm, maps and hot function' '
	rm -f go
	"$TARGETS/spin" -w go 600 &
	pid=$!
	"$KPROF" record -o p.data -p $pid 2>summary &
	kp=$!
	test_when_finished "kill $pid $kp 2>/dev/null || :" &&
	wait_attached $kp && touch go &&
	wait $kp &&
	n=$(sed -n "s/.*(\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$n" -gt 100 &&
	test "$(samples_in p.data)" = "$n" &&
	perf script -i p.data --show-task-events --show-mmap-events >script 2>err &&
	test_grep "PERF_RECORD_COMM: spin:$pid/$pid" script &&
	test_grep "PERF_RECORD_MMAP2 $pid/$pid: .* r-xp .*/spin$" script &&
	perf report -i p.data --stdio -q --sort comm,sym >report 2>err &&
	test_must_be_empty err &&
	head -n 1 report >top &&
	test_grep "spin  *\[\.\] spin_work" top
'

test_expect_success PERF '-p of a process with threads: every thread is named and sampled' '
	rm -f go
	"$TARGETS/threads" -w go 2 500 &
	pid=$!
	# both threads exist and are named before kprof looks at the process
	while kill -0 $pid 2>/dev/null &&
	      ! { cat /proc/$pid/task/*/comm | grep -q thread-a &&
		  cat /proc/$pid/task/*/comm | grep -q thread-b; } 2>/dev/null; do
		sleep 0.05
	done
	"$KPROF" record -q -o th.data -p $pid &
	kp=$!
	test_when_finished "kill $pid $kp 2>/dev/null || :" &&
	wait_attached $kp && touch go &&
	wait $kp &&
	perf report -i th.data --stdio -q --sort comm,sym >report 2>err &&
	test_must_be_empty err &&
	test_grep "thread-a  *\[\.\] thread_a_work" report &&
	test_grep "thread-b  *\[\.\] thread_b_work" report
'

test_expect_success 'an unknown pid: one line, exit 1, no file' '
	test_expect_code 1 kprof record -o np.data -p 999999999 >out 2>err &&
	echo "kprof: cannot record pid 999999999: No such process" >expect &&
	test_cmp expect err &&
	! test -e np.data &&
	test_expect_code 1 kprof record -o np.data -p 12x 2>err &&
	test_grep "bad pid list" err &&
	! test -e np.data
'

test_expect_success PERF '-t TID records that thread only' '
	rm -f go
	"$TARGETS/spin" -w go 400 &
	pid=$!
	"$KPROF" record -q -o t.data -t $pid &
	kp=$!
	test_when_finished "kill $pid $kp 2>/dev/null || :" &&
	wait_attached $kp && touch go &&
	wait $kp &&
	perf script -i t.data -F tid >tids 2>err &&
	test "$(wc -l <tids)" -gt 50 &&
	sort -u tids | tr -d " " >uniq &&
	echo $pid >expect &&
	test_cmp expect uniq
'

test_expect_success PERF '-a -C 0 samples cpu 0 only' '
	kprof record -q -o a.data -a -C 0 -- "$TARGETS/spin" 200 &&
	perf script -i a.data -F cpu >cpus 2>err &&
	test "$(wc -l <cpus)" -gt 100 &&
	sort -u cpus | tr -d " " >uniq &&
	echo "[000]" >expect &&
	test_cmp expect uniq
'

test_expect_success 'a bad cpu list: one line, exit 1' '
	test_expect_code 1 kprof record -o bc.data -C 0-x -- true 2>err &&
	echo "kprof: bad cpu list '"'"'0-x'"'"'" >expect &&
	test_cmp expect err &&
	test_expect_code 1 kprof record -o bc.data -a -C 4096 -- true 2>err &&
	test_grep "cpu 4096 is not online" err &&
	! test -e bc.data
'

test_expect_success PERF 'SIGINT ends -a cleanly: a complete file perf reads without warnings' '
	"$KPROF" record -o sig.data -a 2>summary &
	pid=$! &&
	wait_for_file sig.data &&
	"$TARGETS/spin" 100 &&
	kill -INT $pid &&
	wait $pid &&
	n=$(sed -n "s/.*(\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$n" -gt 0 &&
	test "$(samples_in sig.data)" = "$n" &&
	perf report -i sig.data --stdio --sort comm >report 2>err &&
	test_must_be_empty err &&
	test_grep " spin *$" report
'

test_expect_success PERF 'SIGTERM ends -p cleanly' '
	"$TARGETS/spin" 5000 &
	spin=$! &&
	test_when_finished "kill $spin 2>/dev/null || :" &&
	"$KPROF" record -q -o term.data -p $spin &
	pid=$! &&
	wait_for_file term.data &&
	kill -TERM $pid &&
	wait $pid &&
	perf script -i term.data >script 2>err &&
	test_must_be_empty err &&
	perf evlist -i term.data >evlist &&
	echo cpu-clock >expect &&
	test_cmp expect evlist
'

test_expect_success PERF '-p PID,PID records both processes' '
	rm -f go
	"$TARGETS/spin" -w go 300 &
	p1=$!
	"$TARGETS/spin" -w go 300 &
	p2=$!
	"$KPROF" record -q -o pp.data -p $p1,$p2 &
	kp=$!
	test_when_finished "kill $p1 $p2 $kp 2>/dev/null || :" &&
	wait_attached $kp && touch go &&
	wait $kp &&
	perf script -i pp.data -F pid,comm >pids 2>err &&
	test_grep -q "spin *$p1 *$" pids &&
	test_grep -q "spin *$p2 *$" pids
'

test_expect_success PERF 'SIGINT during -- CMD: the command is stopped, the file complete' '
	"$KPROF" record -o cmd.data -- "$TARGETS/spin" 20000 2>summary &
	pid=$! &&
	wait_for_file cmd.data &&
	kill -INT $pid &&
	test_expect_code 143 wait $pid &&
	perf script -i cmd.data >script 2>err &&
	test_must_be_empty err &&
	test_grep "Captured and wrote" summary
'

test_expect_success PERF '-p PID -- CMD: records PID until CMD ends' '
	"$TARGETS/spin" 5000 &
	spin=$! &&
	test_when_finished "kill $spin 2>/dev/null || :" &&
	kprof record -q -o pc.data -p $spin -- sh -c "sleep 0.2; exit 5" ;
	test $? = 5 &&
	perf script -i pc.data -F pid >pids 2>err &&
	sort -u pids | tr -d " " >uniq &&
	echo $spin >expect &&
	test_cmp expect uniq
'

test_done
