#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='the tracefs backend: exact uprobe counts, arguments, kprof_<pid> groups removed on every exit path'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"
A="$TARGETS/probe-args"
EV=/sys/kernel/tracing/uprobe_events

hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

# No kprof_<pid> group of a kprof that has ended is left on this run's targets
# (kprofs of other test runs on this machine hold groups of their own
# meanwhile, and a stale one of theirs waits for their next kprof to go).
no_kprof_group() {
	for p in $(grep -F -e " $T:" -e " $A:" /sys/kernel/tracing/dynamic_events |
		   sed -n "s|^[^:]*:kprof_\([0-9]*\)/.*|\1|p" | sort -u); do
		kill -0 "$p" 2>/dev/null || { echo "kprof_$p left" >&2; return 1; }
	done
}

wait_ready() {
	while ! test -e ready; do sleep 0.05; done
}

test_expect_success UPROBES,TRACEFS 'a tracefs uprobe counts exactly the calls' '
	kprof stat -x, --backend=tracefs -u "$T:work_a" -- "$T" 1000 3 2>out &&
	echo 1000 >expect && hits probe_probe_count:work_a >actual &&
	test_cmp expect actual && no_kprof_group
'

test_expect_success UPROBES,TRACEFS 'a tracefs uretprobe counts exactly the returns, a glob each member' '
	kprof stat -x, --backend=tracefs -u "$T:work_*" -U "$T:work_b" -- "$T" 11 22 33 2>out &&
	test_grep "^kprof: .work_\*. matched 4 symbols, probing 4$" out &&
	echo 11 >expect && hits probe_probe_count:work_a >actual && test_cmp expect actual &&
	echo 22 >expect && hits probe_probe_count:work_b >actual && test_cmp expect actual &&
	echo 33 >expect && hits probe_probe_count:work_c >actual && test_cmp expect actual &&
	echo 0 >expect && hits probe_probe_count:work_never >actual && test_cmp expect actual &&
	echo 22 >expect && hits probe_probe_count:work_b__return >actual &&
	test_cmp expect actual && no_kprof_group
'

test_expect_success UPROBES,TRACEFS 'a shared library function through tracefs' '
	kprof stat -x, --backend=tracefs -u "$TARGETS/libprobe-lib.so:plib_*" \
		-- "$TARGETS/probe-uselib" 5 2>out &&
	grep -q "^[1-9][0-9]*,n/a,probe_libprobe_lib:plib_" out
'

test_expect_success UPROBES,TRACEFS 'arguments select the tracefs backend and still count exactly' '
	kprof stat -x, -u "$A:probe_arg v=%di:u64 s=+0(%si):string" -- "$A" 17 2>out &&
	echo 17 >expect && hits probe_probe_args:probe_arg >actual &&
	test_cmp expect actual && no_kprof_group
'

test_expect_success UPROBES,TRACEFS,PERF 'record with arguments: the formats are in perf.data, perf decodes each hit' '
	kprof record -q -o args.data -u "$A:probe_arg v=%di:u64 s=+0(%si):string" -- "$A" 4 2>err &&
	no_kprof_group &&
	perf script -i args.data -F event,trace >script 2>/dev/null &&
	sed "s/^ *//; s/ *\$//; s/: *(.*) / /" script >actual &&
	cat >expect <<-\EOF &&
	probe_probe_args:probe_arg v=10 s="s1"
	probe_probe_args:probe_arg v=20 s="s2"
	probe_probe_args:probe_arg v=30 s="s3"
	probe_probe_args:probe_arg v=40 s="s4"
	EOF
	test_cmp expect actual &&
	kprof report --stdio -i args.data >report &&
	test_grep "Samples: 4 .*of event .probe_probe_args:probe_arg." report
'

test_expect_success UPROBES,TRACEFS 'a bad argument: the kernel error, no group left' '
	test_expect_code 1 kprof stat -u "$A:probe_arg v=%nosuchreg" -- "$A" 1 2>err &&
	test_grep "kprof: the kernel refused probe .*probe_arg v=%nosuchreg" err &&
	no_kprof_group
'

test_expect_success UPROBES 'arguments with --backend=pmu are refused' '
	test_expect_code 1 kprof stat --backend=pmu -u "$A:probe_arg v=%di" -- "$A" 1 2>err &&
	test_grep "need --backend=tracefs" err
'

test_expect_success UPROBES,TRACEFS 'while counting the group kprof_<pid> holds the probe' '
	rm -f ready
	"$KPROF" stat -x, --backend=tracefs -u "$T:work_a" -- "$T" -w ready 3 2>out &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	wait_ready &&
	grep "^p:kprof_$kp/work_a " $EV &&
	kill -INT $kp && { wait $kp || :; } && no_kprof_group
'

for sig in INT TERM HUP; do
	test_expect_success UPROBES,TRACEFS "SIG$sig of kprof: counts printed, no group left" '
		rm -f ready
		"$KPROF" stat -x, --backend=tracefs -u "$T:work_a" -- "$T" -w ready 25 2>out &
		kp=$!
		test_when_finished "kill -9 $kp 2>/dev/null || :" &&
		wait_ready &&
		kill -'$sig' $kp &&
		{ wait $kp; ret=$?; } &&
		test $ret -ne 0 &&
		grep -x "25,n/a,probe_probe_count:work_a" out &&
		no_kprof_group
	'
done

test_expect_success UPROBES,TRACEFS 'SIGKILL of the target: counts printed, no group left' '
	rm -f ready
	"$KPROF" stat -x, --backend=tracefs -u "$T:work_a" -- "$T" -w ready 33 2>out &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	wait_ready &&
	kill -KILL $(pgrep -P $kp) &&
	{ wait $kp; ret=$?; } &&
	test $ret = 137 &&
	grep -x "33,n/a,probe_probe_count:work_a" out &&
	no_kprof_group
'

test_expect_success UPROBES,TRACEFS 'SIGKILL of kprof leaves its group; the next kprof removes it' '
	rm -f ready
	"$KPROF" stat -x, --backend=tracefs -u "$T:work_a" -- "$T" -w ready 1 2>out &
	kp=$!
	wait_ready && target=$(pgrep -P $kp) &&
	test_when_finished "kill -9 $target 2>/dev/null || :" &&
	kill -KILL $kp && { wait $kp || :; } &&
	grep "^p:kprof_$kp/work_a " $EV &&
	kill -9 $target &&
	kprof stat -x, -u "$T:work_b" -- "$T" 0 2 2>out &&
	! grep "kprof_$kp/" $EV &&
	no_kprof_group
'

test_expect_success UPROBES,TRACEFS 'a stale group of a dead pid is removed at the next start, others stay' '
	# (not through kprof probe: its group probe_probe_count is shared by the
	# test runs of every worktree on this machine)
	loc="$T:0x$(nm "$T" | sed -n "s/^0*\([0-9a-f]*\) T work_c$/\1/p")" &&
	echo "p:kprof_999999999/stale $loc" >>$EV &&
	echo "p:kprofx_1/other $loc" >>$EV &&
	test_when_finished "echo -:kprofx_1/other >>$EV; echo -:kprof_999999999/stale >>$EV 2>/dev/null || :" &&
	grep -q "kprof_999999999/stale" $EV &&
	kprof stat -x, --backend=tracefs -u "$T:work_b" -- "$T" 0 2 2>out &&
	! grep -q "kprof_999999999/" $EV &&
	grep -q "kprofx_1/other" $EV
'

test_done
