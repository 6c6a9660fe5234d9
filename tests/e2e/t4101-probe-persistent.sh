#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof probe: persistent probes (--add, --list, --del) in perf probe groups'
. "$(dirname "$0")/test-lib.sh"

# Persistent probes are machine-wide, in groups named after the binary: the
# targets are copied under names of this run's own (group probe_kpc<pid>), so
# that the test runs of other worktrees on this machine, which add, list and
# delete probe_* groups too, neither see nor delete these.
PC=kpc$$
PA=kpa$$
T="$TRASH/$PC"
A="$TRASH/$PA"
cp "$TARGETS/probe-count" "$T" && cp "$TARGETS/probe-args" "$A" || exit 1
EV=/sys/kernel/tracing/uprobe_events

test_expect_success UPROBES,TRACEFS 'setup: no probe_kpc<pid> group' '
	test_when_finished "kprof probe -q --del \"probe_$PC:*\" --del \"probe_$PA:*\" 2>/dev/null || :" &&
	! grep -q "probe_$PC/" $EV
'

test_expect_success UPROBES,TRACEFS '--add creates the uprobe and its return probe' '
	test_when_finished "kprof probe -q --del \"probe_$PC:*\" --del \"probe_$PA:*\" 2>/dev/null || :" &&
	kprof probe --add "$T:work_a" --add "$T:work_b%return" 2>err &&
	test_grep "^  probe_$PC:work_a (on .*$PC:0x" err &&
	test_grep "kprof stat -e probe_$PC:work_a -- CMD" err &&
	grep "^p:probe_$PC/work_a .*$PC:0x" $EV &&
	grep "^r:probe_$PC/work_b__return .*$PC:0x" $EV &&
	kprof probe --list | grep "^  probe_$PC:" >list &&
	test_line_count = 2 list &&
	test_grep "^  probe_$PC:work_a (on .*$PC:0x" list &&
	test_grep "^  probe_$PC:work_b__return \[return\] (on " list
'

test_expect_success UPROBES,TRACEFS 'a persistent probe counts exactly as a tracepoint (-e)' '
	test_when_finished "kprof probe -q --del \"probe_$PC:*\" --del \"probe_$PA:*\" 2>/dev/null || :" &&
	kprof probe -q --add "$T:work_a" --add "$T:work_b%return" &&
	kprof stat -x, -e probe_$PC:work_a -e probe_$PC:work_b__return \
		-- "$T" 123 45 2>out &&
	printf "123,,probe_%s:work_a\n45,,probe_%s:work_b__return\n" $PC $PC >expect &&
	test_cmp expect out
'

test_expect_success UPROBES,TRACEFS 'arguments are kept and listed' '
	test_when_finished "kprof probe -q --del \"probe_$PC:*\" --del \"probe_$PA:*\" 2>/dev/null || :" &&
	kprof probe -q --add "$A:probe_arg v=%di:u64" &&
	kprof probe --list >list &&
	test_grep "^  probe_$PA:probe_arg (on .*$PA:0x[0-9a-f]* with v=%di:u64)" list
'

test_expect_success UPROBES,TRACEFS '--del takes a name, an event or a glob; a miss is an error' '
	test_when_finished "kprof probe -q --del \"probe_$PC:*\" --del \"probe_$PA:*\" 2>/dev/null || :" &&
	kprof probe -q --add "$T:work_*" &&
	test $(grep -c "probe_$PC/work_" $EV) = 4 &&
	kprof probe --del probe_$PC:work_a 2>err &&
	test_grep "^Removed event: probe_$PC:work_a$" err &&
	kprof probe -q --del work_b &&
	kprof probe --del "probe_$PC:work_*" 2>err &&
	test_line_count = 2 err &&
	! grep -q probe_$PC $EV &&
	test_expect_code 1 kprof probe --del probe_$PC:work_a 2>err &&
	test_grep "no probe matches .probe_$PC:work_a." err
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
	test_expect_code 1 kprof probe -q --del "kprof_$kp:*" &&
	test_expect_code 1 kprof probe -q --del "kprof_$kp:work_a" &&
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
