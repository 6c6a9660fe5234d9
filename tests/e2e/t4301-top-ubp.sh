#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof top --engine=ptrace: live hit tables from the breakpoint engine, unprivileged'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap tmux_stop EXIT
chmod 777 "$TRASH"
NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
T="$TARGETS/ubp-threads"

# total SYM: the Total column of SYM's row in the last table of "out"
total() {
	awk -v sym="$1" "/^Hits:/ { v = \"\" } \$NF == sym { v = \$4 } END { print v }" out
}

test_expect_success SETPRIV,PTRACE '--stdio, unprivileged: tables while it runs, every hit in the last' '
	$NOBODY "$KPROF" top --stdio -d 0.2 -u "$T:ubp_work" -- "$T" 4 20000 </dev/null \
		>out 2>err; echo $? >status &&
	echo 3 >expect && test_cmp expect status &&
	test_grep "^kprof: engine: ptrace (kernel uprobes need root or CAP_PERFMON)$" err &&
	echo 80000 >expect && total probe_ubp_threads:ubp_work >actual && test_cmp expect actual &&
	test_grep "^Hits: .* of events .1 probes., counting, " out &&
	test_grep "ubp-threads  *\[\.\] probe_ubp_threads:ubp_work$" out &&
	test $(grep -c "^Hits:" out) -ge 2
'

test_expect_success SETPRIV,PTRACE '--no-inherit: only the parent'"'"'s hits, the children run as untraced' '
	$NOBODY "$TARGETS/ubp-forker" 10 20 30 >plain; echo $? >status.plain &&
	$NOBODY "$KPROF" top --stdio --no-inherit --engine=ptrace -d 0.2 \
		-u "$TARGETS/ubp-forker:ubp_fork_work" -- "$TARGETS/ubp-forker" 10 20 30 \
		</dev/null >out 2>err; echo $? >status &&
	test_cmp status.plain status &&
	grep -v "^Hits:\|^  Share\|ubp_fork_work\|^$" out >traced &&
	test_cmp plain traced &&
	echo 10 >expect && total probe_ubp_forker:ubp_fork_work >actual && test_cmp expect actual
'

test_expect_success PTRACE,TMUX 'the browser shows the engine'"'"'s rows; q detaches and ends it' '
	tmux_start 120 40 &&
	tmux_type "\"\$KPROF\" top --engine=ptrace -d 0.3 -u \"$TARGETS/ubp-loop:ubp_tick\" -- \"$TARGETS/ubp-loop\" \"$TRASH/ready\"; echo EXIT=\$?" Enter &&
	tmux_wait "probe_ubp_loop:ubp_tick" &&
	tmux_rows >rows &&
	test_grep "^100.00%  *[0-9]*  *[0-9.]*  *[0-9]*  *0  " rows &&
	tmux_type q && tmux_wait "^EXIT="
'

test_done
