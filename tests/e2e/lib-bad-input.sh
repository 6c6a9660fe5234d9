# SPDX-License-Identifier: GPL-2.0
# Helpers for the bad-input tests (t71xx): run kprof on a broken input with a
# time and memory bound and check that it fails or reads cleanly in one line.
#
#	put FILE OFFSET PACK-FORMAT VALUE	overwrite bytes of FILE in place (perl pack)
#	u64 FILE OFFSET				the little-endian u64 at OFFSET
#	bounded CMD...				CMD with 5 s of CPU time and a 1 GB address space
#	report_bad FILE				report FILE; sets $ret, out, err
#	one_error FILE				exit 1, no stdout, one line "kprof: …" on stderr
#	clean_read FILE				exit 0 or 1: never a signal, a hang or a second line

put() {
	perl -e 'print pack($ARGV[0], $ARGV[1])' "$3" "$4" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

u64() {
	od -An -tu8 -j"$2" -N8 "$1" | tr -d ' '
}

hex() {
	printf '%#x' "$1"
}

# AddressSanitizer reserves terabytes of shadow address space: bound memory only
# in the plain build (the sanitizers bound it themselves).
if ldd "$KPROF" 2>/dev/null | grep -q libasan; then
	BOUND_VM=unlimited
else
	BOUND_VM=1048576
fi

# Time is bounded in CPU seconds (ulimit -t: SIGXCPU, then SIGKILL), which do
# not depend on the machine's load, and ASan's slowdown is allowed for; the
# wall-clock timeout only catches a process blocked forever.
if [ "$BOUND_VM" = unlimited ]; then
	BOUND_CPU=15
else
	BOUND_CPU=5
fi

bounded() {
	timeout 120 sh -c 'ulimit -v '$BOUND_VM' && ulimit -t '$BOUND_CPU' && exec "$@"' bounded "$@"
}

report_bad() {
	bounded "$KPROF" report --stdio -i "$1" >out 2>err </dev/null
	ret=$?
}

# one_error FILE [ERE]: exit 1, nothing on stdout, one line on stderr that starts
# with "kprof: " (and matches ERE, when given).
one_error() {
	report_bad "$1"
	if [ $ret != 1 ]; then
		echo "one_error: report -i $1 exited $ret, wanted 1" >&2
		cat err >&2
		return 1
	fi
	test_must_be_empty out &&
	test_line_count = 1 err &&
	test_grep "^kprof: " err &&
	if [ -n "$2" ]; then test_grep -E "$2" err; fi
}

# truncated_read FILE: exit 0 with the truncation warning first on stderr.
truncated_read() {
	report_bad "$1"
	if [ $ret != 0 ]; then
		echo "truncated_read: report -i $1 exited $ret, wanted 0" >&2
		cat err >&2
		return 1
	fi
	head -n 1 err >err1 &&
	echo "kprof: warning: '$1' is truncated (was its recorder killed?): reporting up to its last complete record" >expect &&
	test_cmp expect err1 &&
	if [ "$(wc -l <err)" -gt 1 ]; then
		# the only other line allowed: a cut before the first sample
		sed 1d err >err2 &&
		echo "kprof: '$1' has no samples" >expect &&
		test_cmp expect err2
	fi
}

# clean_read FILE: a result, an error in one line, or a truncated read; never a
# signal, a hang (out of CPU time or blocked) or an unbounded allocation.
clean_read() {
	report_bad "$1"
	case $ret in
	0) [ ! -s err ] || grep -q "^kprof: warning: '$1' is truncated" err ||
		grep -q "^kprof: '$1' has no samples" err ||
		{ echo "clean_read: $1: exit 0 with unexpected stderr:" >&2; cat err >&2; return 1; } ;;
	1) [ "$(wc -l <err)" = 1 ] && grep -q "^kprof: $1: .*[a-z]" err ||
		{ echo "clean_read: $1: exit 1 without one error line:" >&2; cat err >&2; return 1; } ;;
	*) echo "clean_read: $1: exit $ret" >&2; cat err >&2; return 1 ;;
	esac
}
