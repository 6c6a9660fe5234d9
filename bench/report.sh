#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/report.sh: `kprof report --stdio` against `perf report --stdio` on the
# same perf.data of at least 1.5 million samples, in the same run.
#
#	bench/report.sh [-n RUNS] [-r] [-s MIN_SAMPLES] [-d DIR]    (`make bench`)
#
# 1. Records, with perf, two copies of the "spin" target in parallel (one per
#    CPU on this 2-CPU reference machine) at cpu-clock -c 10000, i.e. one
#    sample per 10 us of CPU time, the fastest cpu-clock rate the kernel
#    allows (it clamps hrtimer periods below 10 us).  The file is kept in
#    DIR/report.data (default build/bench/) and reused by later runs unless -r
#    is given; its sample count, from perf record's summary, must be at least
#    MIN_SAMPLES (default 1500000) or the script fails.
# 2. Runs `kprof report --stdio -i F` and `perf report --stdio -i F` RUNS times
#    each (default 5), alternating so both see the same machine state, with
#    output to /dev/null, each under /usr/bin/time -f '%e %M' (wall seconds and
#    peak RSS in KiB).  One warm-up run of each fills the page cache first;
#    its output is kept in DIR/kprof.out and DIR/perf.out.
# 3. Prints a table of median, min and max wall time, median CPU time (user +
#    sys, steadier than wall time on a busy machine) and median peak RSS, and
#    the kprof/perf ratios (below 1 means kprof is faster / smaller), and the
#    top entry of each report and whether all rows are identical, as a check
#    that both read the same data the same way.
#
# Environment: KPROF (default build/kprof), PERF (default perf).
# Results and the machine they were measured on go in Documentation/performance.md.
set -e
cd "$(dirname "$0")/.."
SRC=$(pwd)

RUNS=5
RERECORD=
MIN_SAMPLES=1500000
DIR=$SRC/build/bench
while getopts n:rs:d: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	r) RERECORD=1 ;;
	s) MIN_SAMPLES=$OPTARG ;;
	d) DIR=$OPTARG ;;
	*) echo "usage: bench/report.sh [-n RUNS] [-r] [-s MIN_SAMPLES] [-d DIR]" >&2; exit 129 ;;
	esac
done
: "${KPROF:=$SRC/build/kprof}"
: "${PERF:=perf}"
TARGETS=$SRC/build/tests/targets
TIME=/usr/bin/time
DATA=$DIR/report.data

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME is missing (Debian package 'time'; run scripts/deps.sh)"
command -v "$PERF" >/dev/null || die "perf is missing (Debian package 'linux-perf')"
[ -x "$KPROF" ] || die "'$KPROF' is not built (run make)"
[ -x "$TARGETS/spin" ] || die "'$TARGETS/spin' is not built (run make tests)"
mkdir -p "$DIR"

# --- 1. the data file ---------------------------------------------------------------
if [ -n "$RERECORD" ] || [ ! -s "$DATA" ] || [ ! -s "$DATA.samples" ]; then
	ncpu=$(nproc)
	# Spin time per process so that ncpu spinners give MIN_SAMPLES at 100 kHz, +35% (cpu-clock loses some).
	ms=$(( MIN_SAMPLES * 135 / 10000 / ncpu ))
	echo "bench: recording $ncpu x spin $ms ms at cpu-clock -c 10000 into $DATA" >&2
	spinners=
	i=0
	while [ $i -lt "$ncpu" ]; do
		spinners="$spinners $TARGETS/spin $ms &"
		i=$((i + 1))
	done
	"$PERF" record -e cpu-clock -c 10000 -o "$DATA" -- \
		sh -c "$spinners wait" 2>"$DIR/record.log" ||
		{ cat "$DIR/record.log" >&2; die "perf record failed"; }
	sed -n 's/.*(\([0-9]*\) samples).*/\1/p' "$DIR/record.log" >"$DATA.samples"
fi
samples=$(cat "$DATA.samples")
[ -n "$samples" ] || die "cannot find the sample count in $DIR/record.log"
[ "$samples" -ge "$MIN_SAMPLES" ] ||
	die "$DATA has $samples samples, fewer than $MIN_SAMPLES (re-record with -r)"
size=$(du -m "$DATA" | cut -f1)

# --- 2. timing ------------------------------------------------------------------------
# run NAME CMD...: one timed run, appends "wall rss status user sys" to $DIR/NAME.times;
# the output goes to $OUT (/dev/null for the timed runs).
run() {
	name=$1
	shift
	set +e
	"$TIME" -o "$DIR/time.out" -f '%e %M %x %U %S' "$@" >"$OUT" 2>"$DIR/$name.err"
	set -e
	tail -n 1 "$DIR/time.out" >>"$DIR/$name.times"
}

rm -f "$DIR"/kprof.times "$DIR"/perf.times
OUT=$DIR/kprof.out run warm-kprof "$KPROF" report --stdio -i "$DATA"
OUT=$DIR/perf.out run warm-perf "$PERF" report --stdio -i "$DATA"
rm -f "$DIR"/warm-*.times
OUT=/dev/null
i=0
while [ $i -lt "$RUNS" ]; do
	run kprof "$KPROF" report --stdio -i "$DATA"
	run perf "$PERF" report --stdio -i "$DATA"
	i=$((i + 1))
done

# --- 3. the table ---------------------------------------------------------------------
# median FILE COLUMN: the median of a column of numbers.
median() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# stats FILE: "median_wall min_wall max_wall median_rss_kb failed_runs median_cpu"
stats() {
	awk '{ print $4 + $5 }' "$1" >"$1.cpu"
	echo "$(median "$1" 1) $(cut -d' ' -f1 "$1" | sort -n | head -n 1)" \
	     "$(cut -d' ' -f1 "$1" | sort -n | tail -n 1) $(median "$1" 2)" \
	     "$(awk '$3 != 0 { bad++ } END { print bad + 0 }' "$1") $(median "$1.cpu" 1)"
}
# shellcheck disable=SC2046 # word splitting wanted
set -- $(stats "$DIR/kprof.times")
kw=$1 kmin=$2 kmax=$3 krss=$4 kbad=$5 kcpu=$6
# shellcheck disable=SC2046
set -- $(stats "$DIR/perf.times")
pw=$1 pmin=$2 pmax=$3 prss=$4 pbad=$5 pcpu=$6

echo "kprof report vs perf report: $DATA ($samples samples, $size MB), $RUNS runs each"
echo "$(uname -r), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
printf '%-22s %10s %8s %8s %12s %14s\n' "command" "wall (s)" "min" "max" "CPU (s)" \
	"peak RSS (MB)"
printf '%-22s %10s %8s %8s %12s %14.1f\n' "kprof report --stdio" "$kw" "$kmin" "$kmax" "$kcpu" \
	"$(echo "$krss" | awk '{ print $1 / 1024 }')"
printf '%-22s %10s %8s %8s %12s %14.1f\n' "perf report --stdio" "$pw" "$pmin" "$pmax" "$pcpu" \
	"$(echo "$prss" | awk '{ print $1 / 1024 }')"
echo "$kw $pw $krss $prss $kcpu $pcpu" | awk '{
	printf "%-22s %10s %8s %8s %12s %14s\n", "kprof / perf",
		($2 > 0 ? sprintf("%.2fx", $1 / $2) : "-"), "", "",
		($6 > 0 ? sprintf("%.2fx", $5 / $6) : "-"),
		($4 > 0 ? sprintf("%.2fx", $3 / $4) : "-") }'
echo
echo "top entry, kprof: $(grep -v '^#' "$DIR/kprof.out" | grep -m 1 .)"
echo "top entry, perf:  $(grep -v '^#' "$DIR/perf.out" | grep -m 1 .)"
grep -v '^#' "$DIR/kprof.out" | grep . >"$DIR/kprof.rows" || true
grep -v '^#' "$DIR/perf.out" | grep . >"$DIR/perf.rows" || true
if cmp -s "$DIR/kprof.rows" "$DIR/perf.rows"; then
	echo "rows: identical ($(wc -l <"$DIR/perf.rows") rows)"
else
	echo "rows: differ (diff $DIR/kprof.rows $DIR/perf.rows)"
fi
status=0
if [ "$kbad" != 0 ]; then
	echo "bench: kprof report failed in $kbad runs:" >&2
	head -n 5 "$DIR/kprof.err" >&2
	status=1
fi
if [ "$pbad" != 0 ]; then
	echo "bench: perf report failed in $pbad runs:" >&2
	head -n 5 "$DIR/perf.err" >&2
	status=1
fi
exit $status
