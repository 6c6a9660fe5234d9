#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof top -u: probes counted (not sampled), exact hits per row'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap tmux_stop EXIT
T="$TARGETS/probe-count"

# total SYM: the Total column of SYM's row in the last table of "out"
total() {
	awk -v sym="$1" "/^Hits:/ { v = \"\" } \$NF == sym { v = \$4 } END { print v }" out
}

test_expect_success UPROBES '--stdio: the last table has every hit of each probe' '
	kprof top --stdio -d 0.2 -u "$T:work_a" -u "$T:work_b" -- "$T" 1000 77 </dev/null >out 2>err &&
	test_grep "^Hits: 1077 of events .2 probes., counting, [0-9]* hits/s, lost: 0, throttled: 0, kprof CPU: " out &&
	echo 1000 >expect && total probe_probe_count:work_a >actual && test_cmp expect actual &&
	echo 77 >expect && total probe_probe_count:work_b >actual && test_cmp expect actual &&
	test_grep "probe-count  *\[\.\] probe_probe_count:work_a$" out
'

test_expect_success UPROBES 'probes are gone after top' '
	! grep -q probe_count /sys/kernel/tracing/uprobe_events 2>/dev/null
'

test_expect_success UPROBES,TMUX 'the browser shows probe rows; q ends it' '
	tmux_start 120 40 &&
	tmux_type "\"\$KPROF\" top -d 0.3 -u \"$T:work_a\" -- \"$T\" -w \"$TRASH/ready\" 5; echo EXIT=\$?" Enter &&
	tmux_wait "probe_probe_count:work_a" &&
	tmux_rows >rows &&
	test_grep "^100.00%  *[0-9]*  *[0-9.]*  *5  " rows &&
	tmux_type q && tmux_wait "^EXIT=0$"
'

test_done
