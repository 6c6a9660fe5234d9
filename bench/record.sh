#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/record.sh: the cost of `kprof record` against `perf record` while
# sampling a busy process at a high rate, in the same run.
#
#	bench/record.sh [-n RUNS] [-s SECONDS] [-c PERIOD] [-d DIR]
#
# Each run starts the "threads" target (2 threads burning CPU, one per CPU of
# the 2-CPU reference machine), attaches the recorder with -p for SECONDS
# seconds (default 3) at cpu-clock -c PERIOD (default 10000: 100000 samples
# per second per thread, the fastest cpu-clock rate), stops it with SIGINT
# (timeout -s INT) and kills the target.  The recorder runs under
# /usr/bin/time, so its CPU time (user + sys) is the recorder's own, not the
# target's.  kprof, perf and `perf record -B` runs alternate, RUNS each
# (default 3).  perf collects build ids at the end of a recording by reading
# the whole file back; -B skips that, which is what kprof does today.
# Prints the medians of: recorder CPU time, samples in the output (counted by
# `perf report -n` for all three), CPU time per million
# samples, output size, and the ratios kprof/perf.
#
# Environment: KPROF (default build/kprof), PERF (default perf).
set -e
cd "$(dirname "$0")/.."
SRC=$(pwd)

RUNS=3
SECS=3
PERIOD=10000
DIR=$SRC/build/bench
while getopts n:s:c:d: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	s) SECS=$OPTARG ;;
	c) PERIOD=$OPTARG ;;
	d) DIR=$OPTARG ;;
	*) echo "usage: bench/record.sh [-n RUNS] [-s SECONDS] [-c PERIOD] [-d DIR]" >&2; exit 129 ;;
	esac
done
: "${KPROF:=$SRC/build/kprof}"
: "${PERF:=perf}"
TARGETS=$SRC/build/tests/targets
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME is missing (Debian package 'time'; run scripts/deps.sh)"
command -v timeout >/dev/null || die "timeout is missing (coreutils)"
command -v "$PERF" >/dev/null || die "perf is missing (Debian package 'linux-perf')"
[ -x "$KPROF" ] || die "'$KPROF' is not built (run make)"
[ -x "$TARGETS/threads" ] || die "'$TARGETS/threads' is not built (run make tests)"
mkdir -p "$DIR"

# run NAME RECORDER [EXTRA]: one run of `RECORDER record EXTRA ...`; appends
# "cpu_s samples bytes" to $DIR/rec-NAME.times.
run() {
	name=$1 rec=$2 extra=$3
	"$TARGETS/threads" 2 $(( (SECS + 5) * 1000 )) &
	wl=$!
	sleep 0.5
	rm -f "$DIR/rec.data" "$DIR/rec.data.old"
	set +e
	# shellcheck disable=SC2086 # $extra is empty or one word
	"$TIME" -o "$DIR/time.out" -f '%U %S' timeout -s INT "$SECS" \
		"$rec" record $extra -e cpu-clock -c "$PERIOD" -p "$wl" -o "$DIR/rec.data" \
		>/dev/null 2>"$DIR/rec-$name.err"
	set -e
	kill "$wl" 2>/dev/null || true
	wait "$wl" 2>/dev/null || true
	cpu=$(tail -n 1 "$DIR/time.out" | awk '{ print $1 + $2 }')
	# Samples in the file, counted the same way for all (perf -B prints no count).
	samples=$("$PERF" report -i "$DIR/rec.data" --stdio -q -n --sort pid 2>/dev/null |
		  awk '{ s += $2 } END { print s + 0 }')
	[ "$samples" -gt 0 ] || { cat "$DIR/rec-$name.err" >&2; die "$name: no samples"; }
	bytes=$(stat -c %s "$DIR/rec.data")
	echo "$cpu $samples $bytes" >>"$DIR/rec-$name.times"
}

median() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rm -f "$DIR"/rec-kprof.times "$DIR"/rec-perf.times "$DIR"/rec-perf-B.times
i=0
while [ $i -lt "$RUNS" ]; do
	run kprof "$KPROF"
	run perf "$PERF"
	run perf-B "$PERF" -B
	i=$((i + 1))
done
rm -f "$DIR/rec.data" "$DIR/rec.data.old"

echo "kprof record vs perf record: -p (2 busy threads), cpu-clock -c $PERIOD, ${SECS} s, $RUNS runs each"
echo "$(uname -r), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
printf '%-16s %12s %10s %18s %10s\n' "recorder" "CPU (s)" "samples" "CPU s / M samples" "MB"
for t in kprof perf perf-B; do
	f=$DIR/rec-$t.times
	awk '{ print $1 / $2 * 1e6 }' "$f" >"$f.per"
	printf '%-16s %12s %10s %18.2f %10.1f\n' "$t record" "$(median "$f" 1)" "$(median "$f" 2)" \
		"$(median "$f.per" 1)" "$(median "$f" 3 | awk '{ print $1 / 1048576 }')"
done
kc=$(median "$DIR/rec-kprof.times.per" 1)
pc=$(median "$DIR/rec-perf.times.per" 1)
bc=$(median "$DIR/rec-perf-B.times.per" 1)
echo "$kc $pc" | awk '{ printf "%-16s %12s %10s %17.2fx\n", "kprof / perf", "", "", ($2 > 0 ? $1 / $2 : 0) }'
echo "$kc $bc" | awk '{ printf "%-16s %12s %10s %17.2fx\n", "kprof / perf -B", "", "", ($2 > 0 ? $1 / $2 : 0) }'
