#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='progress lines of record and report: on a terminal only; -q silences, -v explains'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq SCRIPT 'script -qec true /dev/null </dev/null'

# on_tty CMD: run CMD (a shell command line) with stdin, stdout and stderr on a
# pseudo-terminal (util-linux script); what the terminal got is on stdout.
on_tty() { script -qec "$1" /dev/null </dev/null; }

# A perf.data of several MB (8 KiB of user stack per sample), for the report tests too.
test_expect_success 'record on a pipe: the summary and not a byte of progress' '
	kprof record --call-graph dwarf -F 2000 -o big.data -- "$TARGETS/demo" 0.25 2>err &&
	test $(wc -c <big.data) -gt 2000000 &&
	! grep -q "MB, [0-9]* samples \]" err &&
	tr -d "\r\033" <err | cmp - err &&
	sed "/^\[ kprof record: /d" err >other &&
	test_must_be_empty other &&
	test_line_count = 2 err
'

test_expect_success 'report on a pipe: no progress bytes on stderr' '
	kprof report --stdio -i big.data >out 2>err &&
	test_must_be_empty err &&
	test_grep "demo_heavy" out
'

test_expect_success SCRIPT 'record on a terminal: a progress line redrawn in place, then the summary' '
	on_tty "\"$KPROF\" record --call-graph dwarf -F 2000 -o tty.data -- \"$TARGETS/demo\" 0.25" >tty &&
	tr "\r" "\n" <tty >lines &&
	test_grep "^\[ kprof record: [0-9.]* MB, [0-9]* samples \]" lines &&
	test_grep "Captured and wrote" lines &&
	printf "\r\033[K[ kprof record: Woken up" >erased &&
	grep -q -F "$(cat erased)" tty
'

test_expect_success SCRIPT 'report on a terminal: bytes of the file read and samples' '
	on_tty "\"$KPROF\" report --stdio -i big.data >/dev/null" >tty &&
	tr "\r" "\n" <tty >lines &&
	test_grep "^\[ kprof report: [0-9.]* of [0-9.]* MB ([0-9]*%), [0-9]* samples \]" lines
'

test_expect_success SCRIPT '-q: no progress on a terminal either' '
	on_tty "\"$KPROF\" record -q --call-graph dwarf -F 2000 -o q.data -- \"$TARGETS/demo\" 0.2" >tty &&
	test_must_be_empty tty &&
	on_tty "\"$KPROF\" -q report --stdio -i big.data >/dev/null" >tty &&
	test_must_be_empty tty
'

test_expect_success SCRIPT 'a small file: no progress line' '
	kprof record -q -o small.data -- "$TARGETS/loop" 10 &&
	on_tty "\"$KPROF\" report --stdio -i small.data >/dev/null" >tty &&
	test_must_be_empty tty
'

test_expect_success '-q leaves stderr empty on a successful record, report and list' '
	kprof record -q -o q2.data -- "$TARGETS/loop" 10 2>err &&
	test_must_be_empty err &&
	kprof -q record -o q3.data -- "$TARGETS/loop" 10 2>err &&
	test_must_be_empty err &&
	kprof report -q --stdio -i q2.data >/dev/null 2>err &&
	test_must_be_empty err &&
	kprof list -q sw >/dev/null 2>err &&
	test_must_be_empty err
'

test_expect_success UPROBES '-q and -v on the probe summary: record, stat and top agree' '
	for c in "record -o p.data" stat "top --stdio -d 5"; do
		kprof $c -u "$TARGETS/probe-count:work_*" -- "$TARGETS/probe-count" 2 >/dev/null 2>err &&
		test_grep -x "kprof: .*work_\*. matched 4 symbols, probing 4" err &&
		kprof $c -q -u "$TARGETS/probe-count:work_*" -- "$TARGETS/probe-count" 2 >/dev/null 2>err &&
		! grep "matched" err &&
		kprof $c -v -u "$TARGETS/probe-count:work_*" -- "$TARGETS/probe-count" 2 >/dev/null 2>err &&
		test_grep "^kprof:   probe_probe_count:work_never " err || return 1
	done
'

test_done
