#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of t0100: kprof's kprobes count exactly (PMU and tracefs backends),
# kretprobes as many as kprobes, glob members each, arguments, --maxactive misses,
# and no probe is left behind on any exit path.
test_description='vm kprobes: exact counts, globs, arguments, maxactive misses, cleanup'
. "$SRC_DIR/tests/e2e/test-lib.sh"

KE=/sys/kernel/tracing/kprobe_events
KL=/sys/kernel/debug/kprobes/list

hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

missed() {
	sed -n "s/^[0-9]*,\([^,]*\),$1\$/\1/p" out
}

# No kprobe of kprof is left: no dynamic event, nothing on the function in the kprobes list.
no_kprobe_left() {
	test_must_be_empty_ "$KE" &&
	! grep -q "do_sys_openat2\|do_nanosleep\|kprof_" "$KL"
}

test_must_be_empty_() {
	! test -s "$1" || { cat "$1" >&2; return 1; }
}

# wait_gone PID: PID ends within 10 s (kill -9 then, and fail).
wait_gone() {
	n=0 && while kill -0 $1 2>/dev/null && test $n -lt 100; do sleep 0.1; n=$((n + 1)); done
	! kill -0 $1 2>/dev/null || { kill -9 $1; cat out >&2; return 1; }
}

test_expect_success 'setup: debugfs has the kprobes list, no kprobe yet' '
	test -f "$KL" && no_kprobe_left
'

for backend in pmu tracefs; do
	test_expect_success KPROBES "$backend: -k do_sys_openat2 counts exactly 1000 opens" '
		kprof stat -x, --backend='$backend' -k do_sys_openat2 -- "$TARGETS/vm-opens" 1000 2>out &&
		echo 1000 >expect && hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
		no_kprobe_left
	'

	test_expect_success KPROBES "$backend: the kretprobe count equals the kprobe count" '
		kprof stat -x, --backend='$backend' -k do_sys_openat2 -r do_sys_openat2 \
			-- "$TARGETS/vm-opens" 2345 2>out &&
		echo 2345 >expect &&
		hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
		hits probe:do_sys_openat2__return >actual && test_cmp expect actual &&
		no_kprobe_left
	'

	test_expect_success KPROBES "$backend: a glob set counts each member" '
		kprof stat -x, --backend='$backend' -k "do_sys_open*" -k "__x64_sys_close" \
			-- "$TARGETS/vm-opens" 321 2>out &&
		test_grep "^kprof: .do_sys_open\*. matched [0-9]* symbols, probing" out &&
		echo 321 >expect &&
		hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
		hits probe:__x64_sys_close >actual && test_cmp expect actual &&
		no_kprobe_left
	'
done

test_expect_success KPROBES 'the tracefs backend tells kprobe misses: 0 here' '
	kprof stat -x, --backend=tracefs -k do_sys_openat2 -- "$TARGETS/vm-opens" 10 2>out &&
	echo 0 >expect && missed probe:do_sys_openat2 >actual && test_cmp expect actual
'

test_expect_success KPROBES 'arguments: a probe fetching registers and a string counts exactly' '
	kprof stat -x, -k "do_sys_openat2 dfd=%di filename=+0(%si):string" \
		-- "$TARGETS/vm-opens" 77 2>out &&
	echo 77 >expect && hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
	no_kprobe_left
'

test_expect_success KPROBES '--maxactive 1 on do_nanosleep with 4 sleepers: missed > 0, hits + missed = calls' '
	kprof stat -x, --maxactive 1 -r do_nanosleep -- "$TARGETS/vm-sleepers" 4 50 2>out &&
	h=$(hits probe:do_nanosleep__return) && m=$(missed probe:do_nanosleep__return) &&
	say "maxactive 1: hits $h missed $m" && cat out >&2 &&
	test "$m" -gt 0 && test $((h + m)) = 200 &&
	no_kprobe_left
'

test_expect_success KPROBES 'without --maxactive the same workload misses nothing' '
	kprof stat -x, --backend=tracefs -r do_nanosleep -- "$TARGETS/vm-sleepers" 4 50 2>out &&
	echo 200 >expect && hits probe:do_nanosleep__return >actual && test_cmp expect actual &&
	echo 0 >expect && missed probe:do_nanosleep__return >actual && test_cmp expect actual
'

# kprof_pid: the pid of the one running kprof ($! may name a shell in busybox).
kprof_pid() {
	n=0 && while ! pidof kprof >/dev/null && test $n -lt 100; do sleep 0.1; n=$((n + 1)); done
	pidof kprof
}

for backend in pmu tracefs; do
	for sig in INT TERM HUP; do
		test_expect_success KPROBES "$backend: SIG$sig of kprof leaves no kprobe" '
			kprof stat -x, --backend='$backend' -k do_sys_openat2 -r do_sys_openat2 -- sleep 100 2>out &
			kp=$(kprof_pid) &&
			test_when_finished "kill -9 $kp 2>/dev/null; killall sleep 2>/dev/null || :" &&
			n=0 && while ! grep -q do_sys_openat2 "$KL" && test $n -lt 100; do
				sleep 0.1; n=$((n + 1)); done &&
			grep -q do_sys_openat2 "$KL" &&
			kill -'$sig' $kp && wait_gone $kp &&
			test_grep "^0,.*,probe:do_sys_openat2$" out &&
			no_kprobe_left
		'
	done
done

test_expect_success KPROBES 'an error (an unknown symbol after a good one) leaves no kprobe' '
	test_expect_code 1 kprof stat --backend=tracefs -k do_sys_openat2 -k no_such_fn_xyz -- true 2>err &&
	no_kprobe_left
'

test_expect_success KPROBES 'SIGKILL of kprof: the next kprof removes its tracefs group' '
	kprof stat -x, --backend=tracefs -k do_sys_openat2 -- sleep 100 2>out &
	kp=$(kprof_pid) &&
	test_when_finished "killall sleep 2>/dev/null || :" &&
	n=0 && while ! grep -q "kprof_$kp/" "$KE" && test $n -lt 100; do
		sleep 0.1; n=$((n + 1)); done &&
	kill -KILL $kp && wait_gone $kp &&
	grep -q "kprof_$kp/" "$KE" &&
	kprof stat -x, -k do_sys_openat2 -- "$TARGETS/vm-opens" 1 2>out &&
	no_kprobe_left
'

# record takes -k once the probes reach it.
test_lazy_prereq RECORD_PROBES 'kprof record -h 2>&1 | grep -q -- --kprobe'
test_expect_success KPROBES,RECORD_PROBES 'kprof record + report resolve kernel symbols' '
	kprof record -o k.data -k do_sys_openat2 -- "$TARGETS/vm-opens" 500 2>err &&
	kprof report --stdio -i k.data >report 2>err &&
	test_grep "do_sys_openat2" report &&
	no_kprobe_left
'

test_expect_success KPROBES 'kprof probe --add/--list/--del on a kernel function' '
	kprof probe -q --add "do_sys_openat2 dfd=%di" --add do_sys_openat2%return &&
	grep "^p:probe/do_sys_openat2 do_sys_openat2 dfd=%di" "$KE" &&
	grep "^r[0-9]*:probe/do_sys_openat2__return do_sys_openat2" "$KE" &&
	kprof stat -x, -e probe:do_sys_openat2 -- "$TARGETS/vm-opens" 12 2>out &&
	test_grep "^12,,probe:do_sys_openat2$" out &&
	kprof probe -q --del "probe:*" &&
	no_kprobe_left
'

test_done
