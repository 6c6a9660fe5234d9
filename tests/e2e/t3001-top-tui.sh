#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof top browser in tmux: rows, sort, filter, resize, help, quit'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap tmux_stop EXIT

# Start top on demo (SCALE $4: about $4 s of work) in a 120x40 pane and wait for the three rows.
start_top() {
	tmux_start "${1:-120}" "${2:-40}" "$3" &&
	tmux_type "\"\$KPROF\" top -d 0.3 -- \"\$TARGETS/demo\" ${4:-6}; echo EXIT=\$?" Enter &&
	tmux_wait "demo_light" && tmux_wait "demo_medium" && tmux_wait "demo_heavy"
}

# first_row: the shared object, level and symbol of the first row.
first_row() { head -n 1 | awk '{ print $(NF - 2), $(NF - 1), $NF }'; }

test_expect_success TMUX 'the hottest function of the workload is on the first row' '
	start_top 120 40 "" 30 &&
	echo "demo [.] demo_heavy" >expect &&
	tmux_rows_become expect first_row &&
	tmux_screen >screen &&
	test_grep "^Samples: .* of event .cpu-clock., 4000 Hz, .*samples/s, lost: 0, throttled: " screen &&
	test_grep "^  Share    Hits   Hits/s     Total Missed  Shared Object  *Symbol" screen
'

test_expect_success TMUX 's cycles the sort column: recent, then symbol names in order' '
	tmux_type s && tmux_wait "sort: recent" &&
	tmux_type s && tmux_wait "sort: symbol" &&
	tmux_rows | awk "{ print \$NF }" >syms &&
	test_line_count -ge 3 syms &&
	LC_ALL=C sort syms >sorted &&
	test_cmp sorted syms &&
	tmux_type s s && tmux_wait "sort: total"
'

test_expect_success TMUX '/ filters rows by glob and by substring' '
	tmux_type / "demo_[hm]*" Enter && tmux_wait "filter: demo_\[hm\]\*" &&
	printf "demo_heavy\ndemo_medium\n" >expect &&
	tmux_rows_become expect awk "{ print \$NF }" &&
	tmux_type / C-u ligh Enter &&
	tmux_wait "filter: ligh " &&
	echo demo_light >expect &&
	tmux_rows_become expect awk "{ print \$NF }" &&
	tmux_type / C-u Enter
'

test_expect_success TMUX 'u shows user symbols only, k kernel ones only' '
	tmux_wait "sort: total  rows: " &&
	: >none &&
	tmux_type u && tmux_wait "\[user only\]" &&
	tmux_rows_become none grep "\[k\]" &&
	tmux_type k && tmux_wait "\[kernel only\]" &&
	tmux_rows_become none grep "\[\.\]" &&
	tmux_type k && tmux_wait "sort: total  rows:"
'

test_expect_success TMUX 'resize redraws at the new width' '
	tmux_ resize-window -x 80 -y 24 &&
	tmux_wait "Missed  Shared Object   Symbol" &&
	tmux_screen >screen &&
	awk "length > 80 { bad++ } END { exit bad ? 1 : 0 }" screen &&
	tmux_ resize-window -x 160 -y 40 &&
	tmux_wait "Missed  Shared Object             Symbol"
'

test_expect_success TMUX 'h shows the help, Enter says there are no stacks, P pauses' '
	tmux_type h && tmux_wait "kprof browser keys" &&
	tmux_type x && tmux_wait "h/\? help" &&
	tmux_type Enter && tmux_wait "no call stacks recorded \(use -g\)" &&
	tmux_type P && tmux_wait "PAUSED" &&
	tmux_type P && tmux_wait "display resumed"
'

test_expect_success TMUX 'q quits: the terminal is back and the exit status is 0' '
	tmux_type q && tmux_wait "^EXIT=0$" &&
	tmux_screen >screen &&
	! grep "Shared Object" screen &&
	! grep NDELAY screen
'

test_expect_success TMUX 'the target exiting ends top with its status' '
	start_top 100 30 "" 1 &&
	tmux_wait "^EXIT=0$" 150
'

test_expect_success TMUX 'TERM=vt100 (no colour) at 80x24 works' '
	start_top 80 24 vt100 30 &&
	tmux_rows >rows &&
	test_grep "demo_heavy" rows &&
	tmux_type q && tmux_wait "^EXIT=0$"
'

test_expect_success TMUX 'SIGTERM restores the terminal' '
	start_top 100 30 "" 30 &&
	pid=$(pgrep -n -f "kprof top -d 0.3") &&
	kill -TERM "$pid" &&
	tmux_wait "^EXIT=" &&
	tmux_screen >screen &&
	! grep "Shared Object" screen
'

test_done
