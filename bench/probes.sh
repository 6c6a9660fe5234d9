#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/probes.sh: kprof's probes against perf's, same probes, same workload,
# same run.
#
#	bench/probes.sh [-n CALLS] [-r RUNS] [-g RUNS] [hits] [register] [vm]
#
# hits (host, uprobes): tests/targets/probe-count CALLS (default 1000000) calls
# work_a() CALLS times. Each tool runs it RUNS times (default 3), the tools
# alternating, each on 0 calls and on CALLS calls:
#   untraced      the workload alone
#   perf stat     perf stat -e G:work_a    (G made by perf probe -x BIN work_a)
#   kprof stat    kprof stat -u BIN:work_a (the uprobe PMU)
#   perf record   perf record -e G:work_a  (one sample per hit)
#   kprof record  kprof record -u BIN:work_a
# A tool's per-hit cost is (median(CALLS calls) - median(0 calls)) / CALLS:
# its fixed costs (start, probe resolution and registration, teardown) cancel
# out; in wall time and in CPU time (user + sys of the tool and the workload,
# steadier on a loaded machine). The ratio kprof / perf is taken on the
# probe's part: the per-hit cost less the untraced call's. Every run's count is
# checked (CALLS hits; CALLS samples in the first run's files).
#
# register (host, uprobes): tests/targets/probe-many has 300 functions
# many_000..many_299; the glob 'many_*' matches all of them.
#   kprof         kprof stat -u 'BIN:many_*' -- BIN -t
#   perf          perf probe -x BIN -a 'many_0*' -a 'many_1*' -a 'many_2*'
#                 (perf probe takes at most 128 probes per glob), then
#                 perf stat -e 'G:*' -- BIN -t, then perf probe -d 'G:*'
# "to counting" is the time from the tool's start (perf probe's, for perf) to
# the moment the workload starts running with every probe enabled (BIN -t
# prints its start time); "total" is the whole run, teardown included. Each
# member must count exactly 1. RUNS (-g, default 1) runs each.
#
# vm: the same for kprobes in tests/vm's QEMU guests (kernels 6.1 and 6.12,
# with perf): tests/vm/guest/bench-kprobes.sh prints its tables; VM_N opens
# (default 20000, TCG is slow) for the per-hit part, RUNS runs.
#
# Default: hits and register. Environment: KPROF (default build/kprof).
set -e
cd "$(dirname "$0")/.."
N=1000000
RUNS=3
GRUNS=1
while getopts n:r:g: opt; do
	case $opt in
	n) N=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	g) GRUNS=$OPTARG ;;
	*) echo "usage: bench/probes.sh [-n CALLS] [-r RUNS] [-g RUNS] [hits] [register] [vm]" >&2
	   exit 129 ;;
	esac
done
shift $((OPTIND - 1))
WHAT=${*:-hits register}
KPROF=${KPROF:-build/kprof}
TG=build/tests/targets
TIMEIT=$TG/vm-timeit
for f in "$KPROF" "$TG/probe-count" "$TG/probe-many" "$TIMEIT"; do
	[ -x "$f" ] || { echo "bench/probes.sh: no $f: run 'make tests' first" >&2; exit 1; }
done
KPROF=$(cd "$(dirname "$KPROF")" && pwd)/$(basename "$KPROF")

# Private copies of the targets: perf probe names its group after the binary
# (probe_kpb<pid>count), so nothing else on the machine shares it.
D=$(mktemp -d "${TMPDIR:-/tmp}/kprof-bench.XXXXXX")
COUNT=$D/kpb$$count
MANY=$D/kpb$$many
GCOUNT=probe_kpb$$count
GMANY=probe_kpb$$many
cp "$TG/probe-count" "$COUNT"
cp "$TG/probe-many" "$MANY"
cleanup() {
	perf probe -q -d "$GCOUNT:*" 2>/dev/null || true
	perf probe -q -d "$GMANY:*" 2>/dev/null || true
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench/probes.sh: $*" >&2
	exit 1
}

# timed NAME CMD...: run CMD under vm-timeit; its line goes to $D/NAME.t, its
# stdout to $D/out, its stderr to $D/err.
timed() {
	name=$1
	shift
	"$TIMEIT" -o "$D/$name.t" "$@" >"$D/out" 2>"$D/err" ||
		{ cat "$D/err" >&2; die "$name failed: $*"; }
}

# median NAME FIELD: the median of field FIELD (2 wall, 3+4 cpu) of $D/NAME.t
median() {
	awk -v f="$2" '{ print (f == "cpu" ? $3 + $4 : $f) }' "$D/$1.t" | sort -n |
		awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stat_hits EVENT: the count of EVENT in a -x, stat output ($D/err)
stat_hits() {
	awk -F, -v e="$1" '$3 == e { print $1 }' "$D/err"
}

machine() {
	echo "($(nproc) cpus, $(uname -r), $(perf version 2>/dev/null), load average" \
		"$(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'))"
}

# perf_probe_count: perf's probe on work_a (tried again: other users of the machine's
# uprobe_events may hold it busy for a moment)
perf_probe_count() {
	for try in 1 2 3 4 5; do
		perf probe -q -x "$COUNT" work_a 2>"$D/err" && return 0
		sleep 1
	done
	cat "$D/err" >&2
	die "perf probe -x $COUNT work_a failed"
}

# tool NAME CALLS: run tool NAME (untraced, perf_stat, ...) on CALLS calls, timed
# into $D/NAME-CALLS.t; checks the stat counts
tool() {
	ev=$GCOUNT:work_a
	# perf's probe again if something on the machine removed it meanwhile
	case $1 in
	perf_*) [ -d "/sys/kernel/tracing/events/$GCOUNT/work_a" ] || perf_probe_count ;;
	esac
	case $1 in
	untraced) timed "$1-$2" "$COUNT" "$2" ;;
	perf_stat) timed "$1-$2" perf stat -x, -e "$ev" -- "$COUNT" "$2" ;;
	kprof_stat) timed "$1-$2" "$KPROF" stat -x, -u "$COUNT:work_a" -- "$COUNT" "$2" ;;
	perf_record) timed "$1-$2" perf record -q -o "$D/perf.data" -e "$ev" -- "$COUNT" "$2" ;;
	kprof_record) timed "$1-$2" "$KPROF" record -q -o "$D/kprof.data" -u "$COUNT:work_a" -- \
			"$COUNT" "$2" ;;
	esac
	case $1 in
	*_stat) [ "$(stat_hits "$ev")" = "$2" ] || die "$1 counted '$(stat_hits "$ev")', not $2" ;;
	esac
}

# report_hits TITLE: the table of the runs made by tool (shared with the VM's guest script)
report_hits() {
	echo "$1"
	printf "%-14s %10s %10s %10s %10s %13s %13s\n" "" "wall 0 (s)" "cpu 0 (s)" "wall N (s)" \
		"cpu N (s)" "wall/hit (us)" "cpu/hit (us)"
	for t in untraced perf_stat kprof_stat perf_record kprof_record; do
		w0=$(median "$t-0" 2) c0=$(median "$t-0" cpu)
		w=$(median "$t-$N" 2) c=$(median "$t-$N" cpu)
		pw=$(awk -v a="$w" -v b="$w0" -v n="$N" 'BEGIN { print (a - b) * 1e6 / n }')
		pc=$(awk -v a="$c" -v b="$c0" -v n="$N" 'BEGIN { print (a - b) * 1e6 / n }')
		eval "${t}_w=$pw ${t}_c=$pc"
		printf "%-14s %10.3f %10.3f %10.3f %10.3f %13.2f %13.2f\n" "$t" "$w0" "$c0" "$w" "$c" \
			"$pw" "$pc"
	done
	# the probe's own cost: the tool's per-hit cost less the workload's
	awk -v ks="$kprof_stat_c" -v ps="$perf_stat_c" -v kr="$kprof_record_c" \
		-v pr="$perf_record_c" -v u="$untraced_c" -v ksw="$kprof_stat_w" \
		-v psw="$perf_stat_w" -v krw="$kprof_record_w" -v prw="$perf_record_w" \
		-v uw="$untraced_w" 'BEGIN {
		printf "kprof / perf per hit (less the untraced call): stat %.2fx cpu, %.2fx wall;", \
			(ks - u) / (ps - u), (ksw - uw) / (psw - uw)
		printf " record %.2fx cpu, %.2fx wall\n", (kr - u) / (pr - u), (krw - uw) / (prw - uw)
	}'
}

bench_hits() {
	perf_probe_count
	for r in $(seq "$RUNS"); do
		for t in untraced perf_stat kprof_stat perf_record kprof_record; do
			tool $t 0
			tool $t "$N"
		done
		if [ "$r" = 1 ]; then
			for f in perf kprof; do
				s=$(perf script -F ip -i "$D/$f.data" 2>/dev/null | grep -c '^ *[0-9a-f][0-9a-f]*$')
				[ "$s" = "$N" ] || die "$f record wrote $s samples, not $N"
			done
		fi
		rm -f "$D"/*.data*
	done
	perf probe -q -d "$GCOUNT:*"
	report_hits "per-hit cost of a uprobe on work_a: runs of 0 and $N calls, median of $RUNS"
	machine
}

# started NAME: seconds from the start of run NAME to the workload's "start NS" line
started() {
	awk -v t0="$(cut -d' ' -f1 "$D/$1.t" | tail -n 1)" \
		'/^start / { printf "%.3f\n", ($2 - t0) / 1e9 }' "$D/out"
}

bench_register() {
	for r in $(seq "$GRUNS"); do
		timed kprof "$KPROF" stat -x, -u "$MANY:many_*" -- "$MANY" -t 1
		k_start=$(started kprof)
		k_total=$(tail -n 1 "$D/kprof.t" | cut -d' ' -f2)
		n=$(grep -c "^1,.*,$GMANY:many_[0-9]*\$" "$D/err") || true
		[ "$n" = 300 ] || die "kprof stat: $n of 300 probes counted 1"
		probing=$(sed -n "s/^kprof: 'many_\*' matched .*probing \([0-9]*\).*/\1/p" "$D/err")

		timed perf_probe perf probe -q -x "$MANY" -a 'many_0*' -a 'many_1*' -a 'many_2*'
		p_probe=$(tail -n 1 "$D/perf_probe.t" | cut -d' ' -f2)
		timed perf_stat perf stat -x, -e "$GMANY:*" -- "$MANY" -t 1
		p_start=$(started perf_stat)
		p_stat=$(tail -n 1 "$D/perf_stat.t" | cut -d' ' -f2)
		n=$(grep -c "^1,,$GMANY:many_[0-9]*," "$D/err") || true
		[ "$n" = 300 ] || die "perf stat: $n of 300 probes counted 1"
		timed perf_del perf probe -q -d "$GMANY:*"
		p_del=$(tail -n 1 "$D/perf_del.t" | cut -d' ' -f2)
		echo "$k_start $k_total $(awk -v a="$p_probe" -v b="$p_start" -v c="$p_stat" \
			-v d="$p_del" 'BEGIN { print a + b, a + c + d }')" >>"$D/register"
	done
	echo "registration of 300 uprobes ('many_*', $probing probed by kprof), median of $GRUNS"
	med() { cut -d' ' -f"$1" "$D/register" | sort -n | awk '{ v[NR] = $1 }
		END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
	printf "%-6s %16s %12s\n" "" "to counting (s)" "total (s)"
	printf "%-6s %16.3f %12.3f\n" perf "$(med 3)" "$(med 4)"
	printf "%-6s %16.3f %12.3f\n" kprof "$(med 1)" "$(med 2)"
	awk -v ks="$(med 1)" -v kt="$(med 2)" -v ps="$(med 3)" -v pt="$(med 4)" \
		'BEGIN { printf "kprof / perf: to counting %.2fx, total %.2fx\n", ks / ps, kt / pt }'
	machine
}

bench_vm() {
	{
		echo "BENCH_N=${VM_N:-20000} BENCH_RUNS=$RUNS"
		cat tests/vm/guest/bench-kprobes.sh
	} >"$D/bench-kprobes.sh"
	for k in 6.1 6.12; do
		echo "kprobes in the VM, kernel $k:"
		# no_timer_check: under heavy host load TCG can miss the kernel's IO-APIC timer check
		VM_TIMEOUT=${VM_TIMEOUT:-1800} VM_APPEND=${VM_APPEND:-no_timer_check} \
			tests/vm/run.sh --kernel "$k" --perf \
			"$D/bench-kprobes.sh" | sed -n 's/^# //p; /^not ok/p'
	done
}

if [ "$(id -u)" != 0 ]; then
	echo "bench/probes.sh: skipped: needs root (perf probe, uprobes)" >&2
	exit 0
fi
for w in $WHAT; do
	case $w in
	hits) bench_hits ;;
	register) bench_register ;;
	vm) bench_vm ;;
	*) die "unknown part '$w' (hits, register, vm)" ;;
	esac
	echo
done
