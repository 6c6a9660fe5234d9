#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof report on a terminal opens the hist browser; --stdio forces text'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap tmux_stop EXIT

test_expect_success 'record the demo' '
	kprof record -q -o "$TRASH/demo.data" -- "$TARGETS/demo" 1
'

test_expect_success TMUX 'report on a terminal: the browser, demo_heavy first' '
	tmux_start 120 40 &&
	tmux_type "\"\$KPROF\" report -i \"$TRASH/demo.data\"; echo EXIT=\$?" Enter &&
	tmux_wait "demo_heavy" &&
	tmux_screen >screen &&
	test_grep "^Samples: .* of event .cpu-clock" screen &&
	test_grep "^Overhead   Samples  Command  *Shared Object  *Symbol" screen &&
	tmux_rows | head -n 1 >first &&
	test_grep "%  *[0-9][0-9]*  demo  *demo  *\[\.\] demo_heavy$" first
'

test_expect_success TMUX 'a says annotate is missing, Enter that there are no stacks' '
	tmux_type a && tmux_wait "annotate is not available yet" &&
	tmux_type Enter && tmux_wait "no call stacks recorded \(use -g\)"
'

test_expect_success TMUX 'sort by symbol and filter in the report browser' '
	tmux_type s && tmux_wait "sort: symbol" &&
	tmux_type / demo_m Enter && tmux_wait "filter: demo_m " &&
	tmux_rows >rows &&
	test_line_count = 1 rows &&
	test_grep "demo_medium$" rows
'

test_expect_success TMUX 'q leaves the browser with exit status 0' '
	tmux_type q && tmux_wait "^EXIT=0$" &&
	! tmux_screen | grep -q "Shared Object"
'

test_expect_success TMUX '--stdio on a terminal prints text' '
	tmux_type "clear; \"\$KPROF\" report -q --stdio -i \"$TRASH/demo.data\"; echo STDIO=\$?" Enter &&
	tmux_wait "^STDIO=0$" &&
	tmux_screen >screen &&
	test_grep "^ *[0-9.]*%  demo  *demo  *\[\.\] demo_heavy" screen &&
	! grep "^Samples:" screen
'

test_expect_success 'not a terminal: text, as before' '
	kprof report -i demo.data >out 2>err &&
	test_grep "^# Overhead" out &&
	test_grep "demo_heavy" out
'

test_expect_success '--tui without a terminal falls back to text' '
	kprof report --tui -i demo.data >out 2>err &&
	test_grep "^# Overhead" out
'

test_done
