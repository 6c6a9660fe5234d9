#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof list: events, PMUs, tracepoints and probe-able functions with their engine'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'software events: the known set, aliases on one line' '
	kprof list sw >out 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOT &&

	List of pre-defined events (to be used in -e):

	  alignment-faults                                   [Software event]
	  bpf-output                                         [Software event]
	  cgroup-switches                                    [Software event]
	  context-switches OR cs                             [Software event]
	  cpu-clock                                          [Software event]
	  cpu-migrations OR migrations                       [Software event]
	  dummy                                              [Software event]
	  emulation-faults                                   [Software event]
	  major-faults                                       [Software event]
	  minor-faults                                       [Software event]
	  page-faults OR faults                              [Software event]
	  task-clock                                         [Software event]
	EOT
	test_cmp expect out
'

test_expect_success '--raw-dump: the names alone, aliases too' '
	kprof list --raw-dump sw >out &&
	cat >expect <<-\EOT &&
	alignment-faults
	bpf-output
	cgroup-switches
	context-switches
	cpu-clock
	cpu-migrations
	cs
	dummy
	emulation-faults
	faults
	major-faults
	migrations
	minor-faults
	page-faults
	task-clock
	EOT
	test_cmp expect out
'

test_expect_success 'a glob filters the events' '
	kprof list "*-clock" >out &&
	grep "^  " out >rows &&
	cat >expect <<-\EOT &&
	  cpu-clock                                          [Software event]
	  task-clock                                         [Software event]
	EOT
	test_cmp expect rows
'

test_expect_success 'every event listed opens: kprof stat counts it' '
	kprof list --raw-dump sw >names &&
	for e in $(cat names); do
		kprof stat -q -e $e -- true || return 1
	done
'

test_expect_success 'PMU events: one per file of /sys/bus/event_source/devices/*/events' '
	kprof list --raw-dump pmu >out &&
	(cd /sys/bus/event_source/devices && for f in */events/*; do
		case $f in *"*"* | *.*) continue ;; esac
		echo "${f%%/*}/${f##*/}/"
	done) | sort >expect &&
	test_cmp expect out
'

# Dynamic events come and go as other probe tests run: compare the static ones.
static_tp() { grep -v -E "(^|  )(probe[a-z0-9_]*|kprof_[0-9]+|[ku]probes):"; }

test_expect_success TRACEFS 'tracepoints: one per events/SYS/NAME of tracefs' '
	kprof list --raw-dump tracepoint | static_tp >out &&
	(cd /sys/kernel/tracing/events && for f in */*/id; do
		f=${f%/id} && echo "${f%%/*}:${f#*/}"
	done) | sort | static_tp >expect &&
	test_cmp expect out &&
	kprof list "sched:sched_switch" >out &&
	test_grep -x "  sched:sched_switch  *\[Tracepoint event\]" out &&
	test_line_count = 4 out
'

test_expect_success PERF,TRACEFS 'the software, PMU and tracepoint lines are perf list'"'"'s' '
	for s in sw pmu tracepoint; do
		perf list $s 2>/dev/null | grep "^  .*\[" | grep -v "\[Tool event\]" |
			static_tp >expect &&
		kprof list $s | grep "^  .*\[" | static_tp >out &&
		test_cmp expect out || return 1
	done
'

# engine KIND: what kprof list should say registers probes of KIND here.
kernel_engine() {
	if [ -e /sys/bus/event_source/devices/kprobe/type ]; then echo "kprobe PMU"
	elif [ -e /sys/kernel/tracing/kprobe_events ]; then echo "tracefs kprobe_events"
	else echo "unavailable: no kprobes in this kernel"
	fi
}

test_expect_success 'the probes section names the engine of each kind' '
	kprof list probe >out &&
	test_grep -x "  -k, -r: kernel functions  *\[$(kernel_engine)\]" out
'

test_expect_success UPROBES '-u BIN:GLOB lists exactly the matching functions, with the uprobe PMU' '
	kprof list -u "$TARGETS/probe-count:work_*" >out 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOT &&
	  work_a                                             [uprobe PMU]
	  work_b                                             [uprobe PMU]
	  work_c                                             [uprobe PMU]
	  work_never                                         [uprobe PMU]
	EOT
	test_cmp expect out &&
	kprof list probe >out &&
	test_grep -x "  -u, -U: user functions  *\[uprobe PMU\]" out
'

test_expect_success UPROBES '-u finds every alias of a symbol' '
	kprof list --raw-dump -u "$TARGETS/sym-funcs:sym_*" >out &&
	printf "%s\n" sym_alias sym_hot sym_static_work sym_weak >expect &&
	test_cmp expect out
'

test_expect_success SETPRIV 'without privileges -u would use the ptrace engine' '
	cp "$TARGETS/probe-count" pc && chmod 755 . pc &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$KPROF" list -u "./pc:work_[ab]" >out &&
	cat >expect <<-\EOT &&
	  work_a                                             [ptrace engine]
	  work_b                                             [ptrace engine]
	EOT
	test_cmp expect out
'

test_expect_success '-u: an unknown symbol is an error naming the nearest' '
	test_expect_code 1 kprof list -u "$TARGETS/probe-count:wrok_a" >out 2>err &&
	test_must_be_empty out &&
	test_grep "no symbol .wrok_a. in .*probe-count.; did you mean .work_a.?" err
'

test_lazy_prereq KALLSYMS 'grep -q " [tT] do_sys_openat2\$" /proc/kallsyms'

test_expect_success KALLSYMS '-k lists kernel functions with the engine -k would use' '
	kprof list -k do_sys_openat2 >out &&
	printf "  %-50s [%s]\n" do_sys_openat2 "$(kernel_engine)" >expect &&
	test_cmp expect out &&
	kprof list --raw-dump -k "vfs_read*" >out &&
	awk "\$2 ~ /^[tT]\$/ && \$3 ~ /^vfs_read/ { print \$3 }" /proc/kallsyms | sort -u >all &&
	test -s out &&
	comm -13 all out >extra &&
	test_must_be_empty extra
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 kprof list -k a -u b:c 2>err &&
	test_expect_code 129 kprof list -k a sw 2>err &&
	test_expect_code 129 kprof list --no-such-option 2>err
'

test_done
