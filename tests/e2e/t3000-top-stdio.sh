#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof top --stdio (and not a terminal): tables every interval'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'not a terminal: tables of the workload, hottest first, exit status of the target' '
	kprof top -d 0.3 -n 3 -- "$TARGETS/demo" 2 </dev/null >out 2>err &&
	test_must_be_empty err &&
	test_grep "^Samples: .* of event '"'"'cpu-clock'"'"', 4000 Hz, .* samples/s, lost: 0, throttled: [0-9]*, kprof CPU: .*, elapsed: " out &&
	test_grep "^  Share    Hits   Hits/s     Total Missed  Shared Object   Symbol$" out &&
	# the last table: its first row is demo_heavy, three rows at most
	awk "/^Samples:/ { n = 0; first = \"\" } /^ *[0-9]+\.[0-9]+% / { n++; if (n == 1) first = \$0 } END { print first; print n }" out >last &&
	test_grep "demo  *\[\.\] demo_heavy$" last &&
	test "$(sed -n 2p last)" -le 3 &&
	test "$(grep -c "^Samples:" out)" -ge 3
'

test_expect_success 'missed is "-" for sampling; in every row' '
	awk "/^ *[0-9]+\.[0-9]+% / && \$5 != \"-\" { bad++ } END { exit bad ? 1 : 0 }" out
'

test_expect_success '-s symbol sorts rows by name' '
	kprof top --stdio -d 0.3 -s symbol -n 100 -- "$TARGETS/demo" 1 </dev/null >out 2>err &&
	awk "/^Samples:/ { t++ } t == 1 && /^ *[0-9]+\.[0-9]+% / { print \$NF }" out >syms &&
	test -s syms &&
	LC_ALL=C sort syms >sorted &&
	test_cmp sorted syms
'

test_expect_success 'the target exit status is passed through' '
	test_expect_code 129 kprof top --stdio -d 0.2 -- "$TARGETS/demo" bad </dev/null >out 2>err
'

test_expect_success 'bad options are usage errors' '
	test_expect_code 129 kprof top -d 0 -- true </dev/null 2>err &&
	test_grep "bad delay" err &&
	test_expect_code 129 kprof top -s nope -- true </dev/null 2>err &&
	test_grep "bad sort" err &&
	test_expect_code 129 kprof top -F 10 -c 10 -- true </dev/null 2>err
'

test_expect_success 'an event that cannot be opened: one line, exit 1' '
	test_expect_code 1 kprof top --stdio -e nosuchevent -- true </dev/null >out 2>err &&
	test_grep "^kprof: " err
'

test_done
