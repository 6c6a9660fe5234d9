#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat with uprobes: exact hit counts (PIE, non-PIE, shared library, globs, uretprobes)'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"

# hits EVENT: the count of EVENT in stat -x, output (file "out")
hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

test_expect_success UPROBES 'a uprobe counts exactly the calls (PIE)' '
	kprof stat -x, -u "$T:work_a" -- "$T" 1000 3 2 2>out &&
	echo 1000 >expect && hits probe_probe_count:work_a >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'the default output: a table with hits, missed n/a and a footnote' '
	kprof stat -u "$T:work_a" -- "$T" 1234 2>out &&
	test_grep "Performance counter stats for .*probe-count 1234" out &&
	test_grep "^ *hits  *missed  *probe$" out &&
	test_grep "^ *1,234  *n/a \*  probe_probe_count:work_a$" out &&
	test_grep "no miss count" out &&
	test_grep "seconds time elapsed" out
'

test_expect_success UPROBES 'a non-PIE binary: exact count' '
	kprof stat -x, -u "$TARGETS/probe-count-nopie:work_b" -- "$TARGETS/probe-count-nopie" 5 777 2>out &&
	echo 777 >expect && hits probe_probe_count_nopie:work_b >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'a uretprobe counts as many returns as the uprobe counts calls, recursion included' '
	kprof stat -x, -u "$T:probe_recurse" -U "$T:probe_recurse" -- "$T" 0 0 0 60 2>out &&
	echo 60 >expect &&
	hits probe_probe_count:probe_recurse >actual && test_cmp expect actual &&
	hits probe_probe_count:probe_recurse__return >actual && test_cmp expect actual
'

# The kernel keeps at most 64 pending return probes per task (MAX_URETPROBE_DEPTH)
# and silently omits deeper ones: hits the PMU cannot report as missed.
test_expect_success UPROBES 'recursion deeper than 64: every call, but only 64 returns' '
	kprof stat -x, -u "$T:probe_recurse" -U "$T:probe_recurse" -- "$T" 0 0 0 345 2>out &&
	echo 345 >expect && hits probe_probe_count:probe_recurse >actual && test_cmp expect actual &&
	echo 64 >expect && hits probe_probe_count:probe_recurse__return >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'SYM%return is a uretprobe too' '
	kprof stat -x, -u "$T:work_c%return" -- "$T" 0 0 42 2>out &&
	echo 42 >expect && hits probe_probe_count:work_c__return >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'a glob set counts each member exactly, sorted by hits' '
	kprof stat -x, -u "$T:work_*" -- "$T" 10 300 20 2>out &&
	test_grep "^kprof: .work_\*. matched 4 symbols, probing 4$" out &&
	grep probe_probe_count: out >table &&
	cat >expect <<-\EOF &&
	300,n/a,probe_probe_count:work_b
	20,n/a,probe_probe_count:work_c
	10,n/a,probe_probe_count:work_a
	0,n/a,probe_probe_count:work_never
	EOF
	test_cmp expect table
'

test_expect_success UPROBES '-v lists every probe of a glob with its file offset' '
	kprof stat -v -x, -u "$T:work_*" -- "$T" 1 2>out &&
	test "$(grep -c "^kprof:   probe_probe_count:work_" out)" = 4 &&
	off=$(nm "$T" | sed -n "s/^0*\([0-9a-f]*\) T work_a$/\1/p") &&
	test_grep "probe_probe_count:work_a .*/probe-count+0x$off$" out
'

test_expect_success UPROBES 'a shared library function: exact count (-u LIB:SYM)' '
	kprof stat -x, -u "$TARGETS/libprobe-lib.so:plib_work" -u "$TARGETS/libprobe-lib.so:plib_other" \
		-- "$TARGETS/probe-uselib" 4321 12 2>out &&
	echo 4321 >expect && hits probe_libprobe_lib:plib_work >actual &&
	test_cmp expect actual &&
	echo 12 >expect && hits probe_libprobe_lib:plib_other >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'a library by name (ldconfig): -u libc:malloc resolves to libc.so.6' '
	kprof stat -v -x, -u libc:malloc -- "$T" 1 2>out &&
	test_grep "probe_libc:malloc .*/libc\.so\.6+0x" out
'

test_expect_success UPROBES 'a command in PATH: -u probe-count:work_a' '
	PATH="$TARGETS:$PATH" kprof stat -x, -u probe-count:work_a -- "$T" 99 2>out &&
	echo 99 >expect && hits probe_probe_count:work_a >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'several specs and -e together; the exit code is the target'"'"'s' '
	test_expect_code 3 kprof stat -x, -e task-clock -u "$T:work_a" -- sh -c "\"$T\" 5; exit 3" 2>out &&
	test_grep ",task-clock$" out
'

test_expect_success UPROBES 'a workload that forks still forks (probes are not inherited)' '
	kprof stat -x, -u "$T:work_a" -- sh -c "\"$T\" 10 && \"$T\" 20" 2>out &&
	test_grep "probe_probe_count:work_a$" out
'

test_expect_success UPROBES '-a counts every process, children of the command included' '
	kprof stat -x, -a -u "$T:work_a" -- sh -c "\"$T\" 10 && \"$T\" 20" 2>out &&
	echo 30 >expect && hits probe_probe_count:work_a >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES '-p PID counts a running process until it exits' '
	"$T" -w ready 50 >/dev/null 2>&1 &
	pid=$!
	test_when_finished "kill $pid 2>/dev/null || :" &&
	while ! test -e ready; do sleep 0.05; done
	"$KPROF" stat -x, -p $pid -u "$T:work_a" 2>out &
	kp=$!
	# the target ends once kprof holds its probe (not after a guessed delay)
	test -n "$pid" &&
	while kill -0 $kp 2>/dev/null &&
	      ! ls -l /proc/$kp/fd 2>/dev/null | grep -q perf_event; do sleep 0.05; done &&
	kill $pid &&
	wait $kp &&
	echo 0 >expect && hits probe_probe_count:work_a >actual &&
	test_cmp expect actual
'

test_done
