#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every libFuzzer harness in build/fuzz for SECONDS each (default 60) over
# its seed corpus (made once by tests/fuzz/make-corpus.sh) and its regression
# inputs (tests/fuzz/regressions/HARNESS/, every crash or hang found so far).
# New interesting inputs go to build/fuzz/corpus/HARNESS; a crash is written to
# build/fuzz/crash-* and the script exits 1.
#
#	tests/fuzz/run.sh [SECONDS]	(or: make fuzz FUZZ_SECONDS=N)
#	tests/fuzz/run.sh --replay	(only replay the corpus and regressions)
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
fb="$src/build/fuzz"
secs=${1:-60}
status=0

# (again when a harness is new)
for bin in "$fb"/fuzz-*; do
	[ -d "$fb/corpus/${bin##*/fuzz-}" ] ||
		{ "$src/tests/fuzz/make-corpus.sh" "$fb/corpus" || exit 1; break; }
done
for bin in "$fb"/fuzz-*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz-}
	corpus="$fb/corpus/$name"
	regress="$src/tests/fuzz/regressions/$name"
	mkdir -p "$corpus" "$regress"
	if [ "$secs" = --replay ]; then
		set -- -runs=0
	else
		set -- -max_total_time="$secs"
	fi
	# -rss_limit_mb: the reader must not allocate more than the input bounds;
	# -timeout: a single input taking over 25 s is a hang (wall-clock time: an
	# input takes milliseconds, but the machine may be busy with other builds).
	log="$fb/$name.log"
	if (cd "$fb" && "$bin" "$@" -max_len=65536 -timeout=25 -rss_limit_mb=1024 \
		-print_final_stats=1 "$corpus" "$regress") >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz-$name: ok, $execs inputs executed, corpus $(ls "$corpus" | wc -l) files"
	else
		echo "fuzz-$name: FAILED; see $log:"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
		status=1
	fi
done
exit $status
