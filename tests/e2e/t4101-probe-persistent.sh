#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof probe: persistent probes (--add, --list, --del) in perf probe groups'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"
A="$TARGETS/probe-args"
EV=/sys/kernel/tracing/uprobe_events

test_expect_success UPROBES,TRACEFS 'setup: no probe_probe_count group' '
	test_when_finished "kprof probe -q --del \"probe_probe_*\" 2>/dev/null || :" &&
	! grep -q "probe_probe_count/" $EV
'

test_expect_success UPROBES,TRACEFS '--add creates the uprobe and its return probe' '
	test_when_finished "kprof probe -q --del \"probe_probe_*\" 2>/dev/null || :" &&
	kprof probe --add "$T:work_a" --add "$T:work_b%return" 2>err &&
	test_grep "^  probe_probe_count:work_a (on .*probe-count:0x" err &&
	test_grep "kprof stat -e probe_probe_count:work_a -- CMD" err &&
	grep "^p:probe_probe_count/work_a .*probe-count:0x" $EV &&
	grep "^r:probe_probe_count/work_b__return .*probe-count:0x" $EV &&
	kprof probe --list >list &&
	test_line_count = 2 list &&
	test_grep "^  probe_probe_count:work_a (on .*probe-count:0x" list &&
	test_grep "^  probe_probe_count:work_b__return \[return\] (on " list
'

test_expect_success UPROBES,TRACEFS 'a persistent probe counts exactly as a tracepoint (-e)' '
	test_when_finished "kprof probe -q --del \"probe_probe_*\" 2>/dev/null || :" &&
	kprof probe -q --add "$T:work_a" --add "$T:work_b%return" &&
	kprof stat -x, -e probe_probe_count:work_a -e probe_probe_count:work_b__return \
		-- "$T" 123 45 2>out &&
	cat >expect <<-\EOF &&
	123,,probe_probe_count:work_a
	45,,probe_probe_count:work_b__return
	EOF
	test_cmp expect out
'

test_expect_success UPROBES,TRACEFS 'arguments are kept and listed' '
	test_when_finished "kprof probe -q --del \"probe_probe_*\" 2>/dev/null || :" &&
	kprof probe -q --add "$A:probe_arg v=%di:u64" &&
	kprof probe --list >list &&
	test_grep "^  probe_probe_args:probe_arg (on .*probe-args:0x[0-9a-f]* with v=%di:u64)" list
'

test_expect_success UPROBES,TRACEFS '--del takes a name, an event or a glob; a miss is an error' '
	test_when_finished "kprof probe -q --del \"probe_probe_*\" 2>/dev/null || :" &&
	kprof probe -q --add "$T:work_*" &&
	test $(grep -c "probe_probe_count/work_" $EV) = 4 &&
	kprof probe --del probe_probe_count:work_a 2>err &&
	test_grep "^Removed event: probe_probe_count:work_a$" err &&
	kprof probe -q --del work_b &&
	kprof probe --del "probe_probe_count:work_*" 2>err &&
	test_line_count = 2 err &&
	! grep -q probe_probe_count $EV &&
	test_expect_code 1 kprof probe --del probe_probe_count:work_a 2>err &&
	test_grep "no probe matches .probe_probe_count:work_a." err
'

wait_ready() {
	while ! test -e ready; do sleep 0.05; done
}

test_expect_success UPROBES,TRACEFS '--del never touches a running kprof'"'"'s group, --list --all shows it' '
	rm -f ready
	"$KPROF" stat -x, --backend=tracefs -u "$T:work_a" -- "$T" -w ready 1 2>out &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	wait_ready &&
	test_expect_code 1 kprof probe -q --del "*work_a*" &&
	grep -q "^p:kprof_$kp/work_a " $EV &&
	kprof probe --list >list &&
	! grep -q "kprof_$kp:" list &&
	kprof probe --list --all >list &&
	test_grep "^  kprof_$kp:work_a (on " list &&
	kill -TERM $kp && { wait $kp || :; } &&
	! grep -q "kprof_$kp/" $EV
'

test_expect_success 'bad usage exits 129' '
	test_expect_code 129 kprof probe &&
	test_expect_code 129 kprof probe stray
'

test_expect_success UPROBES,TRACEFS 'an unknown symbol names the nearest ones' '
	test_expect_code 1 kprof probe --add "$T:wrok_a" 2>err &&
	test_grep "did you mean .work_a." err
'

test_done
