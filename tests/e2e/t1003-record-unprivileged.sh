#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record without privileges: own program in user space only, clear refusals'
. "$(dirname "$0")/test-lib.sh"

# as_nobody CMD...: run CMD as nobody:nogroup without supplementary groups.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)

test_expect_success SETPRIV 'setup: a directory only nobody can write' '
	mkdir out &&
	chown nobody:nogroup out &&
	chmod 700 out
'

if [ "$paranoid" -ge 2 ]; then
test_expect_success SETPRIV,PERF 'record -- CMD samples user space only and says so once' '
	as_nobody env KPROF_DEBUG_ATTR=$PWD/out/attr "$KPROF" record -o out/u.data -- "$TARGETS/spin" 200 2>err &&
	grep -v "^\[ kprof record: " err >warning &&
	echo "kprof: kernel.perf_event_paranoid=$paranoid: sampling user space only ('"'"'cpu-clock:u'"'"')" >expect &&
	test_cmp expect warning &&
	as_nobody perf evlist -v -i out/u.data >evlist &&
	test_grep "^cpu-clock:u: .*exclude_kernel: 1, exclude_hv: 1," evlist
'

test_expect_success SETPRIV,PERF 'the samples are the program'"'"'s user-space ones' '
	as_nobody perf script -i out/u.data -F ip,sym >script 2>err &&
	test "$(wc -l <script)" -gt 50 &&
	! grep -v "^ *[0-7][0-9a-f]\{0,15\} " script &&
	as_nobody perf report -i out/u.data --stdio -q --sort sym >report 2>err &&
	head -n 1 report >top &&
	test_grep "\[\.\] spin_work" top
'

test_expect_success SETPRIV 'the refused attr and the user-only one were both opened' '
	grep -c "^event cpu-clock" out/attr >n &&
	echo 1 >expect && grep -c "^event cpu-clock:u$" out/attr >n2 && test_cmp expect n2 &&
	echo 2 >expect && test_cmp expect n &&
	test_grep "^  exclude_kernel  *1$" out/attr
'

test_expect_success SETPRIV,PERF '-p of one'"'"'s own process works, user space only' '
	as_nobody sh -c "\"\$TARGETS/spin\" 400 & exec \"\$KPROF\" record -q -o out/own.data -p \$!" &&
	as_nobody perf report -i out/own.data --stdio -q --sort comm,sym >report 2>err &&
	head -n 1 report >top &&
	test_grep "spin  *\[\.\] spin_work" top &&
	as_nobody perf evlist -i out/own.data >evlist &&
	echo cpu-clock:u >expect &&
	test_cmp expect evlist
'

test_expect_success SETPRIV '-a needs privileges: one line naming the sysctl, exit 1, no file' '
	test_expect_code 1 as_nobody "$KPROF" record -o out/a.data -a -- true >stdout 2>err &&
	test_must_be_empty stdout &&
	test_line_count = 1 err &&
	test_grep "^kprof: no permission to record all tasks of a cpu .*kernel.perf_event_paranoid.*CAP_PERFMON" err &&
	! test -e out/a.data
'

test_expect_success SETPRIV 'another user'"'"'s process: one line naming the capability, exit 1' '
	sleep 10 &
	pid=$! &&
	test_when_finished "kill $pid || :" &&
	test_expect_code 1 as_nobody "$KPROF" record -o out/p.data -p $pid 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: no permission to record pid $pid .*CAP_SYS_PTRACE" err &&
	! test -e out/p.data
'

test_expect_success SETPRIV 'an explicit kernel event: one line naming the sysctl, exit 1' '
	test_expect_code 1 as_nobody "$KPROF" record -e cpu-clock:k -o out/k.data -- true 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: no permission to sample the kernel with '"'"'cpu-clock:k'"'"' (kernel.perf_event_paranoid=$paranoid).*CAP_PERFMON.*'"'"'cpu-clock:u'"'"'" err &&
	! test -e out/k.data
'

test_expect_success SETPRIV 'an unwritable output directory: one line, exit 1' '
	test_expect_code 1 as_nobody "$KPROF" record -o nowrite.data -- true 2>err &&
	echo "kprof: cannot open '"'"'nowrite.data'"'"': Permission denied" >expect &&
	test_cmp expect err
'
fi

test_done
