#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of t4000-vm-kprobe-stat: kprof's PMU kprobes count exactly, record one
# sample per hit, resolve globs against kallsyms and leave no kprobe behind.
test_description='vm: kprof stat/record with kprobes and kretprobes'
. "$SRC_DIR/tests/e2e/test-lib.sh"

# hits EVENT: the count of EVENT in stat -x, output (file "out")
hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

no_kprobe_left() {
	! grep -q "do_sys_openat2" /sys/kernel/debug/kprobes/list
}

test_expect_success KPROBES 'stat -k counts exactly the calls of do_sys_openat2' '
	kprof stat -x, -k do_sys_openat2 -- "$TARGETS/vm-opens" 1000 2>out &&
	echo 1000 >expect && hits probe:do_sys_openat2 >actual && test_cmp expect actual
'

test_expect_success KPROBES 'a kretprobe (-r, and %return) counts as many returns' '
	kprof stat -x, -k do_sys_openat2 -r do_sys_openat2 -- "$TARGETS/vm-opens" 777 2>out &&
	echo 777 >expect &&
	hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
	hits probe:do_sys_openat2__return >actual && test_cmp expect actual &&
	kprof stat -x, -k "do_sys_openat2%return" -- "$TARGETS/vm-opens" 5 2>out &&
	echo 5 >expect && hits probe:do_sys_openat2__return >actual && test_cmp expect actual
'

test_expect_success KPROBES 'no kprobe is left after stat' '
	no_kprobe_left
'

test_expect_success KPROBES 'a glob set: a summary line, each member counted' '
	kprof stat -x, -k "do_sys_open*" -- "$TARGETS/vm-opens" 300 2>out &&
	test_grep "^kprof: .do_sys_open\*. matched [0-9]* symbols, probing [0-9]*" out &&
	echo 300 >expect && hits probe:do_sys_openat2 >actual && test_cmp expect actual
'

test_expect_success KPROBES 'a large glob registers, with blacklisted and notrace members skipped' '
	kprof stat -x, -k "vfs_*" -- "$TARGETS/vm-opens" 10 2>out &&
	line=$(grep "^kprof: .vfs_\*. matched" out) &&
	say "$line" &&
	n=$(echo "$line" | sed -n "s/.*probing \([0-9]*\).*/\1/p") &&
	test "$n" -gt 20 &&
	test "$(grep -c ",probe:vfs_" out)" = "$n"
'

test_expect_success KPROBES 'a blacklisted function named alone is an error' '
	sym=$(awk "NR==1 { print \$2 }" /sys/kernel/debug/kprobes/blacklist) &&
	if ! grep -q " [tT] $sym\$" /proc/kallsyms; then say "no text symbol $sym"; return 0; fi &&
	test_expect_code 1 kprof stat -k "$sym" -- true 2>err &&
	test_grep "cannot probe .$sym.: it is on the kprobes blacklist" err
'

test_expect_success KPROBES 'an unknown function: the nearest names' '
	test_expect_code 1 kprof stat -k do_sys_openat3 -- true 2>err &&
	test_grep "no symbol .do_sys_openat3. in the kernel; did you mean .*do_sys_openat2" err
'

test_expect_success KPROBES 'record -k: one sample per hit in kprof report' '
	kprof record -q -o k.data -k do_sys_openat2 -- "$TARGETS/vm-opens" 500 &&
	kprof report -n --stdio -i k.data >report &&
	test_grep "^# Samples: 500 *of event .probe:do_sys_openat2.$" report
'

# interval_hits: the hits of do_sys_openat2 summed over the -I lines of "out"
interval_hits() {
	awk -F, '$NF == "probe:do_sys_openat2" { s += $2 } END { print s + 0 }' out
}

# Counting starts after the kprobe is registered (it appears in kprobes/list
# when the event is opened, before it is enabled), so the opens are made only
# once the first interval line shows the counter running.
test_expect_success KPROBES 'SIGINT of stat -a: the kprobe is registered, then gone' '
	"$KPROF" stat -x, -I 100 -a -k do_sys_openat2 2>out &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	i=0 && while ! grep -q ",probe:do_sys_openat2$" out && test $i -lt 600
	do sleep 0.1; i=$((i + 1)); done &&
	grep -q do_sys_openat2 /sys/kernel/debug/kprobes/list &&
	"$TARGETS/vm-opens" 10 &&
	i=0 && while test $(interval_hits) -lt 10 && test $i -lt 600
	do sleep 0.1; i=$((i + 1)); done &&
	n=$(interval_hits) && say "hits in the intervals: $n" &&
	kill -INT $kp &&
	wait $kp &&
	test "$n" -ge 10 &&
	no_kprobe_left
'

test_done
