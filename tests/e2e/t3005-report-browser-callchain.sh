#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof report browser: callers/callees trees of a -g file, switching events'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap tmux_stop EXIT

# node SYM DEPTH: the share of the tree line "--XX.XX%--SYM" at DEPTH in screen
node() { sed -n "s/^ \{$((19 + 3 * $2))\}--\([0-9.]*\)%--$1\$/\1/p" screen; }

test_expect_success 'record cc-fp with -g, and demo with two events' '
	kprof record -q -g -o "$TRASH/cc.data" -- "$TARGETS/cc-fp" 100000000 &&
	kprof record -q -e cpu-clock -e task-clock -o "$TRASH/two.data" -- "$TARGETS/demo" 1 &&
	kprof report --stdio --children -g callee -i cc.data >stdio &&
	sed -n "/\] leaf\$/,/^\$/p" stdio >leaf.graph &&
	test_grep -- "--[0-9.]*%--b\$" leaf.graph
'

test_expect_success TMUX 'Enter on leaf: callers b and c, the shares report --stdio prints' '
	tmux_start 120 40 &&
	tmux_type "\"\$KPROF\" report -i \"$TRASH/cc.data\"; echo EXIT=\$?" Enter &&
	tmux_wait "\] leaf" &&
	tmux_screen >screen &&
	test_grep "^  Children Overhead   Samples  Command" screen &&
	test_grep "sort: children .* trees: callers" screen &&
	tmux_type / "[l]eaf" Enter && tmux_wait "filter: \\[l\\]eaf " &&
	tmux_type Enter && tmux_wait "^ {19}--[0-9.]+%--c$" &&
	tmux_screen >screen &&
	b=$(node b 0) && c=$(node c 0) &&
	test -n "$b" && test -n "$c" &&
	test_grep -- "--$b%--b\$" leaf.graph &&
	test_grep -- "--$c%--c\$" leaf.graph &&
	test "$(node a 1)" = "$b" && test "$(node main 2)" = "$b" && test "$(node main 1)" = "$c"
'

test_expect_success TMUX 'G and E: the callees of every row; C shuts them' '
	tmux_type / C-u Enter && tmux_wait "filter" 1 ; tmux_wait "rows: ([0-9]+)/\1" &&
	tmux_type G && tmux_wait "trees show callees" &&
	tmux_type E && tmux_wait "all trees open" &&
	tmux_screen >screen &&
	test_grep "^- .*\] main$" screen &&
	test -n "$(node a 0)" && test -n "$(node c 0)" &&
	test "$(node b 1)" = "$(node a 0)" &&
	tmux_type C && tmux_wait "all trees shut" &&
	! tmux_screen | grep -q -- "--a$"
'

test_expect_success TMUX 'q leaves with status 0' '
	tmux_type q && tmux_wait "^EXIT=0$"
'

test_expect_success TMUX 'a file without stacks: Enter says so' '
	tmux_type clear Enter &&
	tmux_type "\"\$KPROF\" report -i \"$TRASH/two.data\"; echo EXIT=\$?" Enter &&
	tmux_wait "demo_heavy" &&
	tmux_type Enter && tmux_wait "no call stacks recorded \(use -g\)"
'

test_expect_success TMUX 'two events: the first shown, Tab and Shift-Tab switch' '
	tmux_screen >screen &&
	test_grep "^Samples: .* of event .cpu-clock.$" screen &&
	test_grep "event 1/2 (Tab: next)" screen &&
	tmux_type Tab && tmux_wait "^Samples: .* of event .task-clock.$" &&
	tmux_wait "event 2/2 \(Tab: next\)" &&
	tmux_rows | head -n 1 >first &&
	test_grep "\] demo_heavy$" first &&
	tmux_type BTab && tmux_wait "^Samples: .* of event .cpu-clock.$" &&
	tmux_type Tab Tab && tmux_wait "^Samples: .* of event .cpu-clock.$" &&
	tmux_type q && tmux_wait "^EXIT=0$"
'

test_done
