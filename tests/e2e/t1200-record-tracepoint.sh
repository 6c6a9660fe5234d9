#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record -e SYS:NAME: tracepoints with tracing data perf script decodes'
. "$(dirname "$0")/test-lib.sh"

test_expect_success ROOT,TRACEFS,PERF 'record -e sched:sched_switch -a: perf script prints the fields' '
	kprof record -e sched:sched_switch -a -o f -- sleep 0.2 2>summary &&
	perf script -i f >out 2>err &&
	test_must_be_empty err &&
	n=$(sed -n "s/^\[ kprof record: Captured and wrote [0-9.]* MB f (\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$n" -gt 0 &&
	test_line_count = "$n" out &&
	{ grep -v " sched:sched_switch: prev_comm=.* prev_pid=[0-9]* prev_prio=[0-9]* prev_state=[^ ]* ==> next_comm=.* next_pid=[0-9]* next_prio=[0-9]*$" out >bad || :; } &&
	test_must_be_empty bad &&
	test_grep "prev_comm=sleep prev_pid=[0-9]* prev_prio=120 prev_state=S ==>" out
'

test_expect_success ROOT,TRACEFS,PERF 'the attr is the tracepoint id from tracefs, named sys:name' '
	id=$(printf "0x%x" "$(cat /sys/kernel/tracing/events/sched/sched_switch/id)") &&
	perf evlist -v -i f >evlist 2>err &&
	test_must_be_empty err &&
	test_grep "^sched:sched_switch: type: 2, size: 128, config: $id, " evlist &&
	perf evlist -i f --trace-fields >fields &&
	echo "sched:sched_switch: trace_fields: prev_comm,prev_pid,prev_prio,prev_state,next_comm,next_pid,next_prio" >expect &&
	test_cmp expect fields
'

test_expect_success ROOT,TRACEFS,PERF 'three tracepoints of two systems: exactly the events of /bin/true' '
	kprof record -e sched:sched_process_exec -e sched:sched_process_exit \
		-e syscalls:sys_enter_exit_group -o t -- /bin/true 2>summary &&
	perf script -i t -F trace:comm,event,trace >out 2>err &&
	test_must_be_empty err &&
	sed -e "s/pid=[0-9]*/pid=PID/g" -e "s/  */ /g" -e "s/^ //" out >actual &&
	cat >expect <<-\EOF &&
	true sched:sched_process_exec: filename=/bin/true pid=PID old_pid=PID
	true syscalls:sys_enter_exit_group: error_code: 0x00000000
	true sched:sched_process_exit: comm=true pid=PID prio=120 group_dead=true
	EOF
	test_cmp expect actual &&
	perf evlist -i t --trace-fields >fields &&
	cat >expect <<-\EOF &&
	sched:sched_process_exec: trace_fields: filename,pid,old_pid
	sched:sched_process_exit: trace_fields: comm,pid,prio,group_dead
	syscalls:sys_enter_exit_group: trace_fields: __syscall_nr,error_code
	EOF
	test_cmp expect fields
'

test_expect_success ROOT,TRACEFS,PERF 'pipe mode: the tracing data record lets perf script decode' '
	kprof record -e sched:sched_process_exec -o - -- /bin/true 2>/dev/null >p &&
	perf script -i - -F trace:comm,event,trace <p >out 2>err &&
	test_must_be_empty err &&
	sed -e "s/pid=[0-9]*/pid=PID/g" -e "s/  */ /g" -e "s/^ //" out >actual &&
	echo "true sched:sched_process_exec: filename=/bin/true pid=PID old_pid=PID" >expect &&
	test_cmp expect actual
'

test_expect_success ROOT,TRACEFS 'a tracepoint that does not exist: one line naming it, exit 1, no file' '
	test_expect_code 1 kprof record -e sched:nosuch -o g -- true 2>err &&
	echo "kprof: tracepoint '"'"'sched:nosuch'"'"' not found" >expect &&
	test_cmp expect err &&
	test ! -e g &&
	test_expect_code 1 kprof record -e nosuchsys:sched_switch -o g -- true 2>err &&
	echo "kprof: tracepoint '"'"'nosuchsys:sched_switch'"'"' not found" >expect &&
	test_cmp expect err
'

test_expect_success SETPRIV,TRACEFS 'tracefs not readable: one line saying so, exit 1' '
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$KPROF" record -e sched:sched_switch -o /dev/null -- true 2>err &&
	echo "kprof: cannot look up tracepoint '"'"'sched:sched_switch'"'"': cannot read '"'"'/sys/kernel/tracing'"'"': Permission denied" >expect &&
	test_cmp expect err
'

# In a private mount namespace without tracefs: root mounts it, others are told.
test_expect_success SETPRIV,TRACEFS,PERF 'tracefs not mounted: root mounts it, others are told' '
	cat >ns.sh <<-EOF &&
	umount /sys/kernel/tracing 2>/dev/null
	umount -l /sys/kernel/debug 2>/dev/null
	grep -q tracefs /proc/self/mounts && exit 3
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$KPROF" record -e sched:sched_switch -o /dev/null -- true 2>err-user
	echo \$? >rc-user
	"$KPROF" record -e sched:sched_process_exec -o m -- /bin/true 2>/dev/null
	echo \$? >rc-root
	grep -c "^nodev /sys/kernel/tracing tracefs" /proc/self/mounts >mounted
	EOF
	unshare -m sh ns.sh &&
	echo 1 >expect && test_cmp expect rc-user &&
	echo "kprof: cannot look up tracepoint '"'"'sched:sched_switch'"'"': tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)" >expect &&
	test_cmp expect err-user &&
	echo 0 >expect && test_cmp expect rc-root &&
	echo 1 >expect && test_cmp expect mounted &&
	test "$(perf script -i m -F trace:event 2>/dev/null | tr -d " ")" = "sched:sched_process_exec:"
'

test_expect_success 'bad event spellings: one line naming them, exit 1' '
	test_expect_code 1 kprof record -e cpu-clok -o g -- true 2>err &&
	echo "kprof: unknown event '"'"'cpu-clok'"'"'" >expect &&
	test_cmp expect err &&
	test_expect_code 1 kprof record -e cpu-clock:uu -o g -- true 2>err &&
	echo "kprof: bad modifier '"'"'uu'"'"' in '"'"'cpu-clock:uu'"'"'" >expect &&
	test_cmp expect err
'

test_done
