# SPDX-License-Identifier: GPL-2.0
# Shared helper for kprof's end-to-end tests (git's test-lib.sh, much smaller).
#
#	#!/bin/sh
#	test_description='record writes a file perf reads'
#	. "$(dirname "$0")/test-lib.sh"
#	test_expect_success PERF 'perf report reads it' '
#		kprof record -o data -- "$TARGETS/loop" 1000 &&
#		perf report -i data --stdio >out 2>err &&
#		test_must_be_empty err
#	'
#	test_done
#
# Every test runs in its own trash directory ($TRASH), as the current directory.
# Prerequisites: ROOT, NOROOT, PERF, UPROBES, KPROBES, PTRACE, TRACEFS, TMUX, JQ,
# SETPRIV; "!PREREQ" negates one, "A,B" needs both; a script adds its own with
#	test_lazy_prereq NAME 'script'		(evaluated once, when first needed)
# A script that cannot run at all calls `test_skip_all 'reason'` before its tests.
# Options of a test script: -v/--verbose (show each test's output), -d/--debug
# (keep the trash directory), -i/--immediate (stop at the first failure).
# Environment: KPROF_BUILD (the build directory; defaults to ../../build),
# KPROF_TEST_VERBOSE=1 and KPROF_TEST_KEEP=1 (as -v and -d).

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
SRC_DIR=$(cd "$TEST_DIR/../.." && pwd)
: "${KPROF_BUILD:=$SRC_DIR/build}"
KPROF="$KPROF_BUILD/kprof"
TARGETS="$KPROF_BUILD/tests/targets"
export KPROF TARGETS SRC_DIR KPROF_BUILD
TEST_NAME=$(basename "$0" .sh)
test_immediate=
for arg in "$@"; do
	case "$arg" in
	-v | --verbose) KPROF_TEST_VERBOSE=1 ;;
	-d | --debug) KPROF_TEST_KEEP=1 ;;
	-i | --immediate) test_immediate=1 ;;
	*) echo "test-lib: unknown option $arg" >&2; exit 1 ;;
	esac
done
if [ ! -x "$KPROF" ]; then
	echo "Bail out! $KPROF is not built (run make)"
	exit 1
fi
TRASH="${TMPDIR:-/tmp}/kprof-trash.$TEST_NAME.$$"
rm -rf "$TRASH" && mkdir -p "$TRASH" && chmod 755 "$TRASH" && cd "$TRASH" || exit 1

test_count=0
test_failed=0
test_cleanup=:
LC_ALL=C
export LC_ALL

kprof() { "$KPROF" "$@"; }

say() { echo "# $*"; }

# --- prerequisites -------------------------------------------------------------
test_lazy_prereqs_=
# test_lazy_prereq NAME SCRIPT: NAME holds if SCRIPT succeeds (run once, in a
# subshell, in a scratch directory; its output is discarded).
test_lazy_prereq() {
	test_lazy_prereqs_="$test_lazy_prereqs_ $1"
	eval "test_lazy_script_$1=\$2"
}

# shellcheck disable=SC2154 # $script is assigned by eval
test_lazy_eval_() {
	eval "cached=\${test_lazy_result_$1-}"
	if [ -z "$cached" ]; then
		eval "script=\$test_lazy_script_$1"
		mkdir -p "$TRASH/.prereq-$1"
		if (cd "$TRASH/.prereq-$1" && eval "$script") >/dev/null 2>&1; then
			cached=yes
		else
			cached=no
		fi
		rm -rf "$TRASH/.prereq-$1"
		eval "test_lazy_result_$1=$cached"
	fi
	[ "$cached" = yes ]
}

test_have_prereq() {
	for p in $(echo "$1" | tr ',' ' '); do
		case "$p" in
		!*)
			! test_have_prereq "${p#!}" || return 1
			continue ;;
		esac
		case " $test_lazy_prereqs_ " in
		*" $p "*)
			test_lazy_eval_ "$p" || return 1
			continue ;;
		esac
		case "$p" in
		ROOT) [ "$(id -u)" = 0 ] || return 1 ;;
		NOROOT) [ "$(id -u)" != 0 ] || return 1 ;;
		PERF) perf version >/dev/null 2>&1 || return 1 ;;
		UPROBES) [ "$(id -u)" = 0 ] && [ -e /sys/bus/event_source/devices/uprobe/type ] || return 1 ;;
		KPROBES) [ -e /sys/bus/event_source/devices/kprobe/type ] || return 1 ;;
		PTRACE) [ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" -le 1 ] || return 1 ;;
		TRACEFS) test_mount_tracefs || return 1 ;;
		TMUX) command -v tmux >/dev/null 2>&1 || return 1 ;;
		JQ) command -v jq >/dev/null 2>&1 || return 1 ;;
		SETPRIV) [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 || return 1 ;;
		*) echo "test-lib: unknown prerequisite $p" >&2; return 1 ;;
		esac
	done
	return 0
}

test_mount_tracefs() {
	[ -d /sys/kernel/tracing/events ] && return 0
	[ "$(id -u)" = 0 ] || return 1
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -d /sys/kernel/tracing/events ]
}

# --- running tests -----------------------------------------------------------------
test_when_finished() {
	test_cleanup="{ $*
	} && (exit \"\$eval_ret\"); eval_ret=\$?; $test_cleanup"
}

test_run_() {
	test_cleanup=:
	if [ "$KPROF_TEST_VERBOSE" = 1 ]; then
		eval "$1"
		eval_ret=$?
	else
		eval "$1" >"$TRASH/.test-output" 2>&1
		eval_ret=$?
	fi
	eval "$test_cleanup" >/dev/null 2>&1
	return $eval_ret
}

test_expect_success() {
	prereq=
	if [ $# = 3 ]; then
		prereq=$1
		shift
	fi
	test_count=$((test_count + 1))
	if [ -n "$prereq" ] && ! test_have_prereq "$prereq"; then
		echo "ok $test_count # SKIP $1 (missing $prereq)"
		return 0
	fi
	if test_run_ "$2"; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		echo "$2" | sed 's/^/#	/'
		[ -f "$TRASH/.test-output" ] && tail -n 40 "$TRASH/.test-output" | sed 's/^/# > /'
		if [ -n "$test_immediate" ]; then
			echo "1..$test_count"
			echo "# stopped at the first failure; trash directory kept: $TRASH"
			exit 1
		fi
	fi
}

# test_skip_all REASON: the whole script is skipped (call it before any test).
test_skip_all() {
	echo "1..0 # SKIP $*"
	cd / && rm -rf "$TRASH"
	exit 0
}

test_expect_failure() {
	echo "test-lib: use test_expect_success with test_must_fail" >&2
	exit 1
}

test_done() {
	echo "1..$test_count"
	if [ "$KPROF_TEST_KEEP" = 1 ]; then
		echo "# trash directory kept: $TRASH"
	else
		cd / && rm -rf "$TRASH"
	fi
	[ "$test_failed" = 0 ]
}

# --- assertions --------------------------------------------------------------------
# test_must_fail CMD: CMD must exit non-zero (and not by a signal).
test_must_fail() {
	"$@"
	ret=$?
	if [ $ret = 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ $ret -gt 128 ] && [ $ret -le 192 ] && [ $ret != 129 ]; then
		echo "test_must_fail: '$*' died of signal $((ret - 128))" >&2
		return 1
	fi
	return 0
}

# test_expect_code N CMD: CMD must exit with exactly N.
test_expect_code() {
	want=$1
	shift
	"$@"
	ret=$?
	[ "$ret" = "$want" ] && return 0
	echo "test_expect_code: '$*' exited $ret, wanted $want" >&2
	return 1
}

test_cmp() {
	diff -u "$1" "$2"
}

test_path_is_file() {
	[ -f "$1" ] && return 0
	echo "'$1' is not a file" >&2
	return 1
}

test_path_is_missing() {
	[ ! -e "$1" ] && return 0
	echo "'$1' exists" >&2
	return 1
}

test_must_be_empty() {
	if [ -s "$1" ]; then
		echo "'$1' is not empty:" >&2
		cat "$1" >&2
		return 1
	fi
}

# shellcheck disable=SC2154 # $last is assigned by eval
test_grep() {
	if ! grep "$@"; then
		eval "last=\${$#}"
		echo "test_grep: no match for '$*'; file was:" >&2
		cat "$last" >&2
		return 1
	fi
}

# test_line_count = N FILE
test_line_count() {
	n=$(wc -l <"$3")
	if ! test "$n" "$1" "$2"; then
		echo "test_line_count: $3 has $n lines, wanted $1 $2" >&2
		cat "$3" >&2
		return 1
	fi
}

# Replace pids, addresses and times so outputs compare across runs.
normalize() {
	sed -e 's/0x[0-9a-f]\{6,\}/ADDR/g' \
	    -e 's/[0-9]\+\.[0-9]\{6\}:/TIME:/g' \
	    -e 's/\(pid\|tid\)[ =:]*[0-9]\+/\1 PID/g'
}
