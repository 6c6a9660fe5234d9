#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of t0001/t0002: the harness works (the kernel the host fetched, the
# kprobe PMU, kprof and its libraries) and a kprobe counts exactly, without kprof.
test_description='vm boot: kernel, kprobe PMU, kprof runs, exact kprobe counts'
. "$SRC_DIR/tests/e2e/test-lib.sh"

test_expect_success 'the guest runs the kernel the host fetched' '
	uname -r >krel &&
	echo "$VM_KREL" >expect &&
	test_cmp expect krel
'
say "guest kernel $(uname -r)"

test_expect_success 'the kprobe PMU exists, with a retprobe format bit' '
	test -f /sys/bus/event_source/devices/kprobe/type &&
	grep "^config:[0-9]*$" /sys/bus/event_source/devices/kprobe/format/retprobe
'

test_expect_success 'tracefs is mounted and knows kprobe_events' '
	test -f /sys/kernel/tracing/kprobe_events
'

test_expect_success 'kprof --version runs: its libraries are all in the guest' '
	kprof --version >out &&
	test_grep "^kprof version [0-9]" out
'

test_expect_success 'a kprobe on do_sys_openat2 counts exactly 1000 opens' '
	"$TARGETS/vm-kprobe-count" do_sys_openat2 1000 >count &&
	echo 1000 >expect &&
	test_cmp expect count
'

test_expect_success 'a kretprobe on do_sys_openat2 counts exactly 1000 returns' '
	"$TARGETS/vm-kprobe-count" -r do_sys_openat2 1000 >count &&
	echo 1000 >expect &&
	test_cmp expect count
'

test_expect_success 'the count follows the work: 1 and 2345 opens' '
	test "$("$TARGETS/vm-kprobe-count" do_sys_openat2 1)" = 1 &&
	test "$("$TARGETS/vm-kprobe-count" -r do_sys_openat2 2345)" = 2345
'

test_expect_success 'an unknown function is refused' '
	test_must_fail "$TARGETS/vm-kprobe-count" kprof_no_such_function 1 2>err &&
	test_grep "cannot open a kprobe on .kprof_no_such_function." err
'

test_expect_success 'kprof record -e cpu-clock in the guest writes its samples' '
	kprof record -e cpu-clock -o spin.data -- "$TARGETS/spin" 100 2>summary &&
	n=$(sed -n "s/^\[ kprof record: Captured and wrote [0-9.]* MB spin.data (\([0-9]*\) samples) \]$/\1/p" summary) &&
	test -n "$n" &&
	test "$n" -gt 50 &&
	test -s spin.data
'

# kprof report arrives from another branch; until then this test is skipped.
if kprof report --stdio -i spin.data 2>&1 | grep -q "not implemented"; then
	test_count=$((test_count + 1))
	echo "ok $test_count # SKIP kprof report in the guest (kprof report is not implemented yet)"
else
	test_expect_success 'kprof report in the guest names the hot function' '
		kprof report --stdio -i spin.data >report 2>err &&
		test_grep "spin_work" report
	'
fi

test_done
