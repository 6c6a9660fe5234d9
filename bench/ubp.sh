#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/ubp.sh: the cost of one probe hit under kprof's ptrace breakpoint
# engine, kernel uprobes, ltrace and gdb, on the same workload in one run.
#
#	bench/ubp.sh [-n CALLS]
#
# The workload is tests/targets/probe-count CALLS (default 100000): work_a()
# called CALLS times.  Each tracer probes work_a and runs the workload once:
#   untraced   the workload alone (the baseline subtracted from the others)
#   ptrace     kprof stat --engine=ptrace -u probe-count:work_a
#   ptrace-rec kprof record --engine=ptrace (every hit a sample written to a file)
#   kernel     kprof stat --engine=kernel -u probe-count:work_a (uprobe PMU; root)
#   perf       perf stat -e on a uprobe added by perf probe (root; removed after)
#   ltrace     ltrace -x work_a -o /dev/null
#   gdb        gdb -batch: break work_a, ignore 1 CALLS, run
# Prints wall seconds, the per-hit cost ((wall - untraced) / CALLS) and each
# tool's per-hit cost as a ratio to the ptrace engine's; then the same from the
# CPU time (user + system) of the tool and its target together, which a loaded
# machine distorts less than wall time (no waiting for a cpu counted).  Every tool's hit
# count is checked where it reports one (kprof's two engines).
#
# Environment: KPROF (default build/kprof).
set -e
cd "$(dirname "$0")/.."
N=100000
while getopts n: opt; do
	case $opt in
	n) N=$OPTARG ;;
	*) echo "usage: bench/ubp.sh [-n CALLS]" >&2; exit 129 ;;
	esac
done
KPROF=${KPROF:-build/kprof}
T=build/tests/targets/probe-count
[ -x "$KPROF" ] && [ -x "$T" ] || { echo "bench/ubp.sh: run 'make tests' first" >&2; exit 1; }

now() { date +%s.%N; }
# run NAME CMD...: wall seconds of CMD into $NAME
run() {
	name=$1; shift
	t0=$(now)
	/usr/bin/time -f "%U + %S" -o build/bench-ubp.cpu "$@" >/dev/null 2>build/bench-ubp.err ||
		{ echo "bench/ubp.sh: $name failed:" >&2; cat build/bench-ubp.err >&2; exit 1; }
	t1=$(now)
	eval "$name=$(echo "$t1 - $t0" | bc -l)"
	eval "cpu_$name=$(echo "$(tail -n 1 build/bench-ubp.cpu)" | bc -l)"
}
hits_of() {
	sed -n 's/^\([0-9]*\),.*work_a$/\1/p' build/bench-ubp.err
}

run untraced "$T" "$N"
run ptrace "$KPROF" stat -x, --engine=ptrace -u "$T:work_a" -- "$T" "$N"
[ "$(hits_of)" = "$N" ] || { echo "bench/ubp.sh: ptrace counted $(hits_of)" >&2; exit 1; }
run ptrace_rec "$KPROF" record -o build/bench-ubp.data --engine=ptrace -u "$T:work_a" -- "$T" "$N"
grep -q "($N samples)" build/bench-ubp.err ||
	{ echo "bench/ubp.sh: record wrote $(cat build/bench-ubp.err)" >&2; exit 1; }
rm -f build/bench-ubp.data build/bench-ubp.data.old
kernel=
perf=
if [ "$(id -u)" = 0 ] && [ -e /sys/bus/event_source/devices/uprobe/type ]; then
	run kernel "$KPROF" stat -x, --engine=kernel -u "$T:work_a" -- "$T" "$N"
	[ "$(hits_of)" = "$N" ] || { echo "bench/ubp.sh: kernel counted $(hits_of)" >&2; exit 1; }
	# perf's own uprobe: a tracefs event in a group of this run only
	ev=kpbench$$:work_a
	if command -v perf >/dev/null && perf probe -q -x "$T" -a "$ev=work_a" 2>/dev/null; then
		run perf perf stat -x, -e "$ev" -- "$T" "$N"
		perf probe -q -d "$ev" 2>/dev/null || :
		c=$(sed -n "s/^\([0-9]*\),.*$ev.*/\1/p" build/bench-ubp.err)
		[ "$c" = "$N" ] || { echo "bench/ubp.sh: perf stat counted $c" >&2; exit 1; }
	fi
fi
ltrace=
command -v ltrace >/dev/null && run ltrace ltrace -x work_a -o /dev/null "$T" "$N"
gdb=
command -v gdb >/dev/null && run gdb gdb -nx -batch -ex "break work_a" -ex "ignore 1 $N" \
	-ex run --args "$T" "$N"

per_hit() { echo "($1 - $untraced) * 1000000 / $N" | bc -l; }
p=$(per_hit "$ptrace")
printf "%-10s %10s %12s %10s\n" tool "wall (s)" "per hit (us)" "vs ptrace"
for tool in untraced ptrace ptrace_rec kernel perf ltrace gdb; do
	eval "w=\$$tool"
	[ -n "$w" ] || { printf "%-10s %10s\n" $tool "n/a"; continue; }
	if [ $tool = untraced ]; then
		printf "%-10s %10.3f\n" $tool "$w"
		continue
	fi
	h=$(per_hit "$w")
	printf "%-10s %10.3f %12.2f %9.2fx\n" $tool "$w" "$h" "$(echo "$h / $p" | bc -l)"
done
cpu_per_hit() { echo "($1 - $cpu_untraced) * 1000000 / $N" | bc -l; }
p=$(cpu_per_hit "$cpu_ptrace")
printf "\n%-10s %10s %12s %10s\n" tool "cpu (s)" "per hit (us)" "vs ptrace"
for tool in ptrace ptrace_rec kernel perf ltrace gdb; do
	eval "w=\$$tool"
	[ -n "$w" ] || continue
	eval "c=\$cpu_$tool"
	h=$(cpu_per_hit "$c")
	printf "%-10s %10.3f %12.2f %9.2fx\n" $tool "$c" "$h" "$(echo "$h / $p" | bc -l)"
done
echo "($N calls of work_a; $(nproc) cpus; load average $(cut -d' ' -f1 /proc/loadavg))"
