#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/top.sh: the browser's frame time with 20,000 symbols, and kprof top's
# own CPU use against perf top's on the same sampling setup.
#
#	bench/top.sh [-s SECONDS] [-n RUNS] [-F FREQ]
#
# 1. Redraw: bench/top-redraw.c (built here against build/'s objects) fills
#    lib/top's table with 20,000 distinct symbols and times 200 frames of what
#    top does per interval (4000 new hits, snapshot, the browser's copy, sort,
#    filter, full redraw, a scroll), through ncurses to /dev/null at 120x40
#    and 250x60, and to a real tmux pane (120x40); then 50 frames with a
#    4-frame stack per hit and every tree open (`top -g`, `E`).
# 2. CPU: while the "threads" target keeps both CPUs busy, `kprof top` and
#    `perf top` (both in their TUI, in a 120x40 tmux pane, -a, cpu-clock at
#    FREQ Hz (default 4000), refresh every second) run SECONDS seconds each
#    (default 10), alternating, RUNS times (default 3); their CPU time
#    (utime + stime of the whole process, /proc/PID/stat) is read just
#    before they are stopped.  Prints the medians.
#
# Environment: KPROF (default build/kprof), PERF (default perf).
set -e
cd "$(dirname "$0")/.."
SRC=$(pwd)
SECS=10
RUNS=3
FREQ=4000
while getopts s:n:F: opt; do
	case $opt in
	s) SECS=$OPTARG ;;
	n) RUNS=$OPTARG ;;
	F) FREQ=$OPTARG ;;
	*) echo "usage: bench/top.sh [-s SECONDS] [-n RUNS] [-F FREQ]" >&2; exit 129 ;;
	esac
done
: "${KPROF:=$SRC/build/kprof}"
: "${PERF:=perf}"
TARGETS=$SRC/build/tests/targets
O=$SRC/build/obj
die() { echo "bench/top.sh: $*" >&2; exit 1; }
[ -x "$KPROF" ] || die "'$KPROF' is not built (run make)"
[ -x "$TARGETS/threads" ] || die "'$TARGETS/threads' is not built (run make tests)"
command -v tmux >/dev/null || die "tmux is needed"

${CC:-gcc} -O2 -g -std=gnu11 -D_GNU_SOURCE -I. -o build/top-redraw bench/top-redraw.c \
	$O/ui/tui/*.o $O/ui/snap-format.o build/libkprof.a -lncursesw

SOCK=kprof-bench-$$
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null || true; [ -z "$LOAD" ] || kill "$LOAD" 2>/dev/null || true' EXIT

echo "== redraw, 20000 symbols, 200 frames (snapshot + sort + filter + draw)"
for size in 120x40 250x60; do
	printf "%-22s " "/dev/null $size:"
	TERM=xterm-256color COLUMNS=${size%x*} LINES=${size#*x} build/top-redraw 20000 200
done
printf "%-22s " "/dev/null 120x40 -g:"
TERM=xterm-256color COLUMNS=120 LINES=40 build/top-redraw 20000 50 /dev/null g
tm -f /dev/null new-session -d -x 120 -y 40 "sleep 600"
tty=$(tm display -p '#{pane_tty}')
printf "%-22s " "tmux pane 120x40:"
TERM=tmux-256color build/top-redraw 20000 200 "$tty" </dev/null
tm kill-server

# cpu TOOL: CPU seconds of TOOL's top over SECS seconds.
cpu() {
	case $1 in
	kprof) cmd="$KPROF top -a -F $FREQ -d 1" ;;
	perf) cmd="$PERF top -a -e cpu-clock -F $FREQ -d 1" ;;
	esac
	tm -f /dev/null new-session -d -x 120 -y 40 "exec $cmd"
	pid=$(tm display -p '#{pane_pid}')
	sleep "$SECS"
	ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	tm kill-server || true
	sleep 1
	echo "$ticks $(getconf CLK_TCK)" | awk '{ printf "%.2f\n", $1 / $2 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== CPU of top itself: -a, cpu-clock $FREQ Hz, 2 busy threads, ${SECS} s, $RUNS runs each"
"$TARGETS/threads" 2 $(( (SECS + 2) * 2 * RUNS * 1000 + 5000 )) &
LOAD=$!
: >build/top-cpu.kprof
: >build/top-cpu.perf
for r in $(seq "$RUNS"); do
	cpu kprof >>build/top-cpu.kprof
	cpu perf >>build/top-cpu.perf
done
kill "$LOAD" 2>/dev/null || true
LOAD=
k=$(median <build/top-cpu.kprof)
p=$(median <build/top-cpu.perf)
echo "kprof top: $(tr '\n' ' ' <build/top-cpu.kprof)-> median $k s CPU"
echo "perf top:  $(tr '\n' ' ' <build/top-cpu.perf)-> median $p s CPU"
echo "$k $p" | awk '{ if ($2 > 0) printf "kprof / perf: %.2fx\n", $1 / $2 }'
