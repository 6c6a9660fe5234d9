#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='fuzz harnesses: regressions replay clean, a short run finds nothing'
. "$(dirname "$0")/test-lib.sh"

FUZZ="$SRC_DIR/build/fuzz"

test_expect_success 'the harnesses are built' '
	test -x "$FUZZ/fuzz-session-file" &&
	test -x "$FUZZ/fuzz-session-pipe" &&
	test -x "$FUZZ/fuzz-parse-event" &&
	test -x "$FUZZ/fuzz-probe-spec" &&
	test -x "$FUZZ/fuzz-options"
'

# Every crash or hang found so far is kept as a regression input.
for name in session-file session-pipe parse-event probe-spec options; do
	test_expect_success "fuzz-$name replays its regressions and seeds" '
		cd "$FUZZ" &&
		mkdir -p empty &&
		"./fuzz-'$name'" -runs=0 -timeout=25 -rss_limit_mb=1024 -max_len=65536 \
			empty "$SRC_DIR/tests/fuzz/regressions/'$name'" >log 2>&1 ||
		{ cat log; false; }
	'
done

test_expect_success 'a smoke run of every harness finds no crash, hang or leak' '
	"$SRC_DIR/tests/fuzz/run.sh" ${KPROF_FUZZ_SMOKE_SECONDS:-5} >out 2>&1 ||
	{ cat out; false; }
	cat out &&
	test "$(grep -c ": ok, " out)" = 5
'

test_done
