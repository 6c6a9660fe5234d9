#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof top -g: callers and callees trees of cc-fp (main;a;b;leaf, main;c;leaf) in the browser'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-tmux.sh"

trap 'tmux_stop; [ -f "$TRASH/loop.pid" ] && kill "$(cat "$TRASH/loop.pid")" 2>/dev/null' EXIT

# node SYM: the share of the depth-0 tree line "--XX.XX%--SYM" (19 columns in) of screen
node() { sed -n "s/^ \{19\}--\([0-9.]*\)%--$1\$/\1/p" screen; }

test_expect_success 'usage: bad --call-graph, -g with probes' '
	test_expect_code 129 kprof top --call-graph lbr -- true 2>err &&
	test_grep "bad --call-graph .lbr." err &&
	test_expect_code 129 kprof top --call-graph dwarf,0 -- true 2>err &&
	test_grep "bad stack dump size" err &&
	test_expect_code 129 kprof top --max-stack 0 -- true 2>err
'

test_expect_success '--stdio -g: Children column, callers-only rows, sorted by children' '
	kprof top --stdio -g -d 5 -- "$TARGETS/cc-fp" 100000000 >out &&
	test_grep "^Children   Share    Hits   Hits/s     Total Missed" out &&
	grep "^ *[0-9.]*% " out >rows &&
	test_grep "\] main$" rows &&
	test_grep "^ *[0-9.]*%   0.00%  *0 .*\] a$" rows &&
	awk "{ sub(\"%\", \"\", \$1); if (NR > 1 && \$1 + 0 > prev + 0) bad = 1; prev = \$1 }
	     END { exit bad }" rows
'

# cc-fp over and over, both paths each time, under one shell that top -p follows (inherit)
loop_start() {
	sh -c "while :; do \"$TARGETS/cc-fp\" 20000000; done" >/dev/null 2>&1 &
	echo $! >loop.pid
}

test_expect_success TMUX 'Enter on leaf: its callers b and c, with their shares' '
	loop_start &&
	tmux_start 120 40 &&
	tmux_type "\"\$KPROF\" top -g -d 0.3 -p $(cat loop.pid); echo EXIT=\$?" Enter &&
	tmux_wait "\] leaf" 300 &&
	tmux_screen >screen &&
	test_grep "^  Children   Share    Hits   Hits/s     Total Missed" screen &&
	test_grep "trees: callers" screen &&
	tmux_type / leaf Enter && tmux_wait "filter: leaf " &&
	tmux_type Enter && tmux_wait "^- .*\] leaf" &&
	tmux_wait "^ {19}--[0-9.]+%--b$" &&
	tmux_wait "^ {19}--[0-9.]+%--c$" &&
	tmux_type P && tmux_wait "PAUSED" &&
	tmux_screen >screen &&
	cat screen &&
	b=$(node b) && c=$(node c) &&
	leaf=$(sed -n "s/^- *\([0-9.]*\)%.*\] leaf\$/\1/p" screen) &&
	echo "leaf $leaf b $b c $c" &&
	awk -v l="$leaf" -v b="$b" -v c="$c" \
		"BEGIN { exit !(b > 1 && c > 1 && b + c <= l + 0.02 && b + c >= l - 2) }" &&
	test_grep "^ \{22\}--$b%--a$" screen &&
	test_grep "^ \{25\}--$b%--main$" screen &&
	test_grep "^ \{22\}--$c%--main$" screen
'

test_expect_success TMUX 'G: the callees of main are a and c; Enter on a node shuts the tree' '
	tmux_type / C-u "[m]ain" Enter && tmux_wait "filter: \\[m\\]ain " &&
	tmux_type G && tmux_wait "trees show callees" &&
	tmux_type Home Enter && tmux_wait "^ {19}--[0-9.]+%--a$" &&
	tmux_screen >screen &&
	test -n "$(node a)" && test -n "$(node c)" &&
	test_grep "^ \{22\}--[0-9.]*%--b$" screen &&
	test_grep "^ \{25\}--[0-9.]*%--leaf$" screen &&
	tmux_type Down Enter && tmux_wait "^\+ .*\] main$" &&
	! tmux_screen | grep -q -- "--a$"
'

test_expect_success TMUX 'q quits with status 0' '
	tmux_type q && tmux_wait "^EXIT=0$"
'

kill "$(cat loop.pid 2>/dev/null)" 2>/dev/null

test_done
