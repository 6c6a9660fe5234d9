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

test_expect_success 'the kernel config in /boot has kprobes, kretprobes, kprobe events and BTF' '
	grep -E "^CONFIG_(KPROBES|KRETPROBES|KPROBE_EVENTS|UPROBES|DEBUG_INFO_BTF)=y$" \
		"/boot/config-$(uname -r)" >config &&
	test "$(wc -l <config)" = 5 &&
	test -s /sys/kernel/btf/vmlinux
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

test_expect_success 'kprof report in the guest names the hot function' '
	kprof report --stdio -i spin.data >report 2>err &&
	test_grep "spin_work" report
'

# With VM_PERF=1 the guest has perf 6.1, the peer of the host's interop tests.
test_expect_success PERF 'perf reads kprof'"'"'s file in the guest: the same samples, spin_work first' '
	perf report -i spin.data --stdio --sort sym >perf-report 2>err &&
	test_grep "^# Samples: $n  *of event .cpu-clock.$" perf-report &&
	grep -v "^#" perf-report | grep . | head -n 1 >top &&
	test_grep "\[\.\] spin_work" top
'

# The tracefs kprobe backend, as a second reference: events made in kprobe_events
# count each call and each return exactly, with vm-kprobe-count -t and under perf stat.
test_expect_success 'tracefs kprobe and kretprobe events count exactly 1000 opens' '
	echo "p:kpvm/open do_sys_openat2" >>/sys/kernel/tracing/kprobe_events &&
	echo "r:kpvm/open_ret do_sys_openat2" >>/sys/kernel/tracing/kprobe_events &&
	test "$("$TARGETS/vm-kprobe-count" -t kpvm/open 1000)" = 1000 &&
	test "$("$TARGETS/vm-kprobe-count" -t kpvm/open_ret 1000)" = 1000
'

test_expect_success PERF 'perf stat counts the tracefs events exactly too' '
	perf stat -x, -e kpvm:open,kpvm:open_ret -- "$TARGETS/vm-opens" 1000 2>stat &&
	cut -d, -f1,3 stat >counts &&
	printf "1000,kpvm:open\n1000,kpvm:open_ret\n" >expect &&
	test_cmp expect counts
'

test_expect_success 'the tracefs events can be removed' '
	echo "-:kpvm/open" >>/sys/kernel/tracing/kprobe_events &&
	echo "-:kpvm/open_ret" >>/sys/kernel/tracing/kprobe_events &&
	test_must_fail grep kpvm /sys/kernel/tracing/kprobe_events
'

test_done
