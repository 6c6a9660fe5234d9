#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='probes are gone on every exit path: SIGINT/SIGTERM/SIGHUP of kprof, SIGKILL of the target or of kprof'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"

# A uprobe writes a breakpoint (0xcc) into every process that maps the file
# while it is registered (system wide, -a): a new probe-count prints the first
# byte of its work_a; anything but "cc" means no probe is left on it.
no_probe_left() {
	"$T" --first-byte >byte &&
	! grep -qx cc byte &&
	uprobe_events_unchanged
}

# Only the probes on this run's target: kprofs and tests of other worktrees on
# this machine add and remove probes of their own meanwhile.
our_uprobe_events() {
	grep -F "$T" /sys/kernel/tracing/uprobe_events 2>/dev/null || :
}

uprobe_events_unchanged() {
	our_uprobe_events >events.after &&
	test_cmp events.before events.after
}

wait_ready() {
	while ! test -s ready; do sleep 0.05; done
}

test_expect_success UPROBES 'setup' '
	test_mount_tracefs || :
	our_uprobe_events >events.before
'

test_expect_success UPROBES 'the check sees a registered probe (0xcc in a new process)' '
	kprof stat -x, -a -u "$T:work_a" -- "$T" --first-byte >byte 2>out &&
	echo cc >expect && test_cmp expect byte
'

test_expect_success UPROBES 'after a normal end no probe is left' '
	: &&
	kprof stat -x, -a -u "$T:work_a" -- "$T" 10 2>out &&
	no_probe_left
'

for sig in INT TERM HUP; do
	test_expect_success UPROBES "SIG$sig of kprof: counts printed, the target ended, no probe left" '
		rm -f ready
		"$KPROF" stat -x, -a -u "$T:work_a" -- "$T" -w ready 25 2>out &
		kp=$!
		test_when_finished "kill -9 $kp 2>/dev/null || :" &&
		wait_ready && target=$(cat ready) &&
		kill -'$sig' $kp &&
		{ wait $kp; ret=$?; } &&
		test $ret = 143 &&
		! kill -0 $target 2>/dev/null &&
		grep -x "25,n/a,probe_probe_count:work_a" out &&
		no_probe_left
	'
done

test_expect_success UPROBES 'SIGKILL of the target: kprof ends with 137 and its counts, no probe left' '
	rm -f ready
	"$KPROF" stat -x, -a -u "$T:work_a" -- "$T" -w ready 33 2>out &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	wait_ready &&
	kill -KILL $(cat ready) &&
	{ wait $kp; ret=$?; } &&
	test $ret = 137 &&
	grep -x "33,n/a,probe_probe_count:work_a" out &&
	no_probe_left
'

test_expect_success UPROBES 'SIGKILL of kprof: the kernel drops its probes' '
	rm -f ready
	"$KPROF" stat -x, -a -u "$T:work_a" -- "$T" -w ready 1 2>out &
	kp=$!
	wait_ready && target=$(cat ready) &&
	test_when_finished "kill -9 $target 2>/dev/null || :" &&
	"$T" --first-byte >byte && echo cc >expect && test_cmp expect byte &&
	kill -KILL $kp &&
	{ wait $kp; ret=$?; } &&
	test $ret = 137 &&
	no_probe_left
'

test_expect_success UPROBES 'an error after some probes registered leaves none' '
	: &&
	test_expect_code 1 kprof stat -a -u "$T:work_a" -u "$T:work_b+0x10000000" -- "$T" 1 2>err &&
	test_grep "refused uprobe" err &&
	no_probe_left
'

test_done
