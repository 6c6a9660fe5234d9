#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='global options, help and exit codes of kprof itself'
. "$(dirname "$0")/test-lib.sh"

test_expect_success '--version prints the version on stdout' '
	kprof --version >out 2>err &&
	test_must_be_empty err &&
	test_grep -x "kprof version [0-9][0-9.]*" out &&
	test_line_count = 1 out
'

test_expect_success '"version" command and --version agree' '
	kprof version >a &&
	kprof --version >b &&
	test_cmp a b
'

test_expect_success 'help lists the commands on stdout and exits 0' '
	kprof help >out 2>err &&
	test_must_be_empty err &&
	test_grep "^usage: kprof " out &&
	test_grep "^   record  " out &&
	test_grep "^   report  " out
'

test_expect_success '--help and -h are the same as help' '
	kprof help >expect &&
	kprof --help >out1 &&
	kprof -h >out2 &&
	test_cmp expect out1 &&
	test_cmp expect out2
'

test_expect_success 'help record prints record'"'"'s options on stdout, exit 0' '
	kprof help record >out 2>err &&
	test_must_be_empty err &&
	test_grep "kprof record" out &&
	test_grep -e "--output" out
'

test_expect_success 'help report prints report'"'"'s options on stdout, exit 0' '
	kprof help report >out 2>err &&
	test_must_be_empty err &&
	test_grep "kprof report" out &&
	test_grep -e "--input" out
'

test_expect_success 'record -h and report -h: usage on stderr, exit 129' '
	test_expect_code 129 kprof record -h >out 2>err &&
	test_must_be_empty out &&
	test_grep -e "--output" err &&
	test_expect_code 129 kprof report -h >out 2>err &&
	test_must_be_empty out &&
	test_grep -e "--input" err
'

test_expect_success 'help CMD prints what CMD -h prints' '
	test_expect_code 129 kprof report -h 2>expect &&
	kprof help report >out &&
	test_cmp expect out
'

test_expect_success 'global -q reaches the command (no record summary)' '
	kprof -q record -o q.data -- "$TARGETS/loop" 10 2>err &&
	test_must_be_empty err &&
	kprof record -o v.data -- "$TARGETS/loop" 10 2>err &&
	test_grep "Captured and wrote" err
'

test_expect_success 'help of an unknown command: one line on stderr, exit 1' '
	test_expect_code 1 kprof help nosuch >out 2>err &&
	test_must_be_empty out &&
	echo "kprof: '"'"'nosuch'"'"' is not a kprof command; see '"'"'kprof help'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'unknown command exits 129 with one line on stderr' '
	test_expect_code 129 kprof nosuch >out 2>err &&
	test_must_be_empty out &&
	test_grep "'"'"'nosuch'"'"' is not a kprof command" err &&
	test_line_count = 1 err
'

test_expect_success 'no arguments: usage on stderr, exit 129' '
	test_expect_code 129 kprof >out 2>err &&
	test_must_be_empty out &&
	test_grep "^usage: kprof " err &&
	test_grep "^   record  " err
'

test_expect_success 'unknown global option: usage on stderr, exit 129' '
	test_expect_code 129 kprof --no-such-option >out 2>err &&
	test_must_be_empty out &&
	test_grep "^kprof: unknown option: --no-such-option" err &&
	test_grep "^usage: kprof " err
'

test_expect_success 'global options without a command are a usage error' '
	test_expect_code 129 kprof -v >out 2>err &&
	test_must_be_empty out &&
	test_expect_code 129 kprof -q 2>err &&
	test_grep "^usage: kprof " err
'

test_expect_success 'stdout write errors are reported (help into /dev/full)' '
	test_expect_code 1 kprof help >/dev/full 2>err &&
	test_grep "write error" err
'

test_done
