#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='test-lib.sh itself: TAP output, prerequisites, cleanup, failures'
. "$(dirname "$0")/test-lib.sh"

# run_sub NAME BODY: a test script made of BODY on test-lib.sh, run; its TAP in NAME.out.
run_sub() {
	mkdir -p "$TRASH/sub" &&
	{
		echo ". '$TEST_DIR/test-lib.sh'"
		echo "$2"
	} >"$TRASH/sub/t9999-$1.sh" &&
	(cd / && KPROF_TEST_VERBOSE= sh "$TRASH/sub/t9999-$1.sh" >"$TRASH/$1.out" 2>"$TRASH/$1.err")
}

test_expect_success 'passing and failing tests give ok / not ok and the exit status' '
	test_expect_code 1 run_sub mixed "
		test_expect_success \"good\" \"true\"
		test_expect_success \"bad\" \"false\"
		test_done" &&
	sed -n "/^\\(not \\)*ok\\|^1\\.\\./p" mixed.out >actual &&
	printf "ok 1 - good\\nnot ok 2 - bad\\n1..2\\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'prerequisites: lazy, negated, combined, cached' '
	run_sub prereq "
		test_lazy_prereq YES \"true\"
		test_lazy_prereq NO \"false\"
		test_lazy_prereq ONCE \"echo x >>$TRASH/once.count\"
		test_expect_success YES \"yes\" \"true\"
		test_expect_success NO \"no\" \"false\"
		test_expect_success !NO \"not no\" \"true\"
		test_expect_success YES,NO \"yes and no\" \"false\"
		test_expect_success ONCE \"once 1\" \"true\"
		test_expect_success ONCE \"once 2\" \"true\"
		test_done" &&
	grep -v "^#" prereq.out >actual &&
	cat >expect <<-\EOT &&
	ok 1 - yes
	ok 2 # SKIP no (missing NO)
	ok 3 - not no
	ok 4 # SKIP yes and no (missing YES,NO)
	ok 5 - once 1
	ok 6 - once 2
	1..6
	EOT
	test_cmp expect actual &&
	test_line_count = 1 once.count
'

test_expect_success 'test_when_finished runs after success and failure; a failing cleanup fails' '
	test_expect_code 1 run_sub cleanup "
		test_expect_success \"a\" \"test_when_finished \\\"echo a >>$TRASH/c\\\" && true\"
		test_expect_success \"b\" \"test_when_finished \\\"echo b >>$TRASH/c\\\" && false\"
		test_expect_success \"c\" \"test_when_finished false && true\"
		test_done" &&
	printf "a\\nb\\n" >expect &&
	test_cmp expect c &&
	test_grep "^not ok 3 - c" cleanup.out
'

test_expect_success 'test_skip_all prints a skip plan and exits 0' '
	run_sub skip "test_skip_all \"no perf here\"" &&
	echo "1..0 # SKIP no perf here" >expect &&
	test_cmp expect skip.out
'

test_expect_success 'test_must_fail: failure passes, success and signals fail' '
	test_must_fail false &&
	! test_must_fail true 2>err &&
	test_grep succeeded err &&
	! test_must_fail sh -c "kill -SEGV \$\$" 2>err &&
	test_grep "signal 11" err
'

test_expect_success 'test_expect_code wants the exact status' '
	test_expect_code 3 sh -c "exit 3" &&
	! test_expect_code 3 sh -c "exit 4" 2>err &&
	test_grep "exited 4, wanted 3" err
'

test_expect_success 'each script runs in its own trash directory, removed at the end' '
	run_sub trash "
		test_expect_success \"where\" \"pwd >$TRASH/where\"
		test_done" &&
	dir=$(cat where) &&
	case "$dir" in */kprof-trash.t9999-trash.*) ;; *) false ;; esac &&
	test_path_is_missing "$dir"
'

test_done
