#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/callchain.sh: `kprof report -g` against `perf report -g` on the same
# callchain files (frame pointers and DWARF), timed side by side in one run.
#
#	bench/callchain.sh [-n RUNS] [-r] [-d DIR]
#
# 1. Records, with perf, once (kept in DIR, default build/bench/, reused unless
#    -r): fp.data: two copies of tests/targets/cc-fp in parallel, -g,
#    cpu-clock -c 10000 (100 kHz); dwarf.data: two copies of cc-nofp,
#    --call-graph dwarf (8 KiB stacks), cpu-clock -c 20000.  Each must hold at
#    least 50,000 samples (from perf record's summary) or the script fails.
# 2. For each file runs `kprof report --stdio -g -i F` and
#    `perf report --stdio -g -i F` (perf with --no-inline for dwarf: kprof shows
#    no inlined frames) RUNS times each (default 3), alternating, output to
#    /dev/null, under /usr/bin/time (wall, user+sys CPU, peak RSS), after one
#    warm-up run of each whose outputs are compared (identical or not).
# 3. Prints medians and kprof/perf ratios (below 1: kprof faster / smaller).
#
# Environment: KPROF (default build/kprof), PERF (default perf).
set -e
cd "$(dirname "$0")/.."
SRC=$(pwd)
RUNS=3
RERECORD=
DIR=$SRC/build/bench
while getopts n:rd: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	r) RERECORD=1 ;;
	d) DIR=$OPTARG ;;
	*) echo "usage: bench/callchain.sh [-n RUNS] [-r] [-d DIR]" >&2; exit 129 ;;
	esac
done
: "${KPROF:=$SRC/build/kprof}"
: "${PERF:=perf}"
TARGETS=$SRC/build/tests/targets
TIME=/usr/bin/time
MIN=50000

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME is missing (Debian package 'time')"
command -v "$PERF" >/dev/null || die "perf is missing"
[ -x "$KPROF" ] || die "'$KPROF' is not built (run make)"
[ -x "$TARGETS/cc-fp" ] || die "'$TARGETS/cc-fp' is not built (run make tests)"
mkdir -p "$DIR"

# record NAME TARGET ITERATIONS PERF-ARGS...
record() {
	name=$1 target=$2 n=$3
	shift 3
	data=$DIR/$name.data
	if [ -n "$RERECORD" ] || [ ! -s "$data" ] || [ ! -s "$data.samples" ]; then
		echo "bench: recording $data" >&2
		"$PERF" record -o "$data" "$@" -- \
			sh -c "$TARGETS/$target $n & $TARGETS/$target $n & wait" 2>"$DIR/$name.log" ||
			{ cat "$DIR/$name.log" >&2; die "perf record failed"; }
		sed -n 's/.*(\([0-9]*\) samples).*/\1/p' "$DIR/$name.log" >"$data.samples"
	fi
	[ "$(cat "$data.samples")" -ge $MIN ] ||
		die "$data has $(cat "$data.samples") samples, fewer than $MIN (re-record with -r)"
}
record fp cc-fp 250000000 -e cpu-clock -c 10000 -g
record dwarf cc-nofp 600000000 -e cpu-clock -c 20000 --call-graph dwarf

# run NAME CMD...: one timed run, "wall rss status user sys" appended to $DIR/NAME.times
run() {
	rname=$1
	shift
	set +e
	"$TIME" -o "$DIR/time.out" -f '%e %M %x %U %S' "$@" >"$OUT" 2>"$DIR/$rname.err"
	set -e
	tail -n 1 "$DIR/time.out" >>"$DIR/$rname.times"
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# stats FILE: "wall cpu rss_mb failed"
stats() {
	echo "$(cut -d' ' -f1 "$1" | median) $(awk '{ print $4 + $5 }' "$1" | median)" \
	     "$(cut -d' ' -f2 "$1" | median | awk '{ printf "%.1f", $1 / 1024 }')" \
	     "$(awk '$3 != 0 { bad++ } END { print bad + 0 }' "$1")"
}

echo "kprof report -g vs perf report -g, $RUNS runs each, medians"
echo "$(uname -r), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
printf '\n%-8s %-9s %10s %8s %10s %10s %8s %8s %8s\n' file samples "kprof s" "perf s" \
	"kprof CPU" "perf CPU" "kprof MB" "perf MB" output
status=0
for name in fp dwarf; do
	data=$DIR/$name.data
	inline=
	[ $name = dwarf ] && inline=--no-inline
	rm -f "$DIR"/k-$name.times "$DIR"/p-$name.times
	OUT=$DIR/k-$name.out run warm "$KPROF" report --stdio -g -i "$data"
	OUT=$DIR/p-$name.out run warm "$PERF" report --stdio -g $inline -i "$data"
	OUT=/dev/null
	i=0
	while [ $i -lt "$RUNS" ]; do
		run k-$name "$KPROF" report --stdio -g -i "$data"
		run p-$name "$PERF" report --stdio -g $inline -i "$data"
		i=$((i + 1))
	done
	# shellcheck disable=SC2046
	set -- $(stats "$DIR/k-$name.times") $(stats "$DIR/p-$name.times")
	same=differs
	grep -v '^# (Tip' "$DIR/k-$name.out" >"$DIR/k-$name.cmp" || true
	grep -v '^# (Tip' "$DIR/p-$name.out" | sed 's/\[\.\.\.\] (inlined)$/[...]/' \
		>"$DIR/p-$name.cmp" || true
	cmp -s "$DIR/k-$name.cmp" "$DIR/p-$name.cmp" && same=identical
	printf '%-8s %-9s %10s %8s %10s %10s %8s %8s %8s\n' $name "$(cat "$data.samples")" \
		"$1" "$5" "$2" "$6" "$3" "$7" $same
	echo "$1 $5 $2 $6 $3 $7" | awk '{ printf "%-8s %-9s %10.2fx %7s %9.2fx %10s %7.2fx\n",
		"ratio", "kprof/perf", $1 / $2, "", $3 / $4, "", $5 / $6 }'
	[ "$4" = 0 ] && [ "$8" = 0 ] || status=1
done
exit $status
