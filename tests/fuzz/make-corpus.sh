#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Seed corpora for the fuzz harnesses, made from real recordings by perf and by
# kprof (small ones: libFuzzer mutates best near the size it is given).
#	tests/fuzz/make-corpus.sh OUTDIR
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
kprof="$src/build/kprof"
loop="$src/build/tests/targets/loop"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/session-file" "$out/session-pipe" "$out/parse-event" "$out/probe-spec"

rec() {	# NAME COMMAND…: a recording into both perf.data corpora
	name=$1
	shift
	if "$@" >"$tmp/$name" 2>/dev/null || [ -s "$tmp/$name" ]; then
		cp "$tmp/$name" "$out/session-file/$name"
		cp "$tmp/$name" "$out/session-pipe/$name"
	fi
}
if command -v perf >/dev/null 2>&1; then
	rec perf-file sh -c "perf record -q -e cpu-clock -c 2000000 -o $tmp/p -- $loop 200000 && cat $tmp/p"
	rec perf-pipe perf record -q -e cpu-clock -c 2000000 -o - -- "$loop" 200000
	rec perf-z sh -c "perf record -q -z -e cpu-clock -c 2000000 -o $tmp/z -- $loop 200000 && cat $tmp/z"
	rec perf-two sh -c "perf record -q -e cpu-clock -e task-clock -c 2000000 -o $tmp/t -- $loop 200000 && cat $tmp/t"
	rec perf-tp sh -c "perf record -q -e sched:sched_process_exit -o $tmp/tp -- $loop 10 && cat $tmp/tp"
fi
rec kprof-file sh -c "$kprof record -q -c 2000000 -o $tmp/k -- $loop 200000 && cat $tmp/k"
rec kprof-pipe "$kprof" record -q -c 2000000 -o - -- "$loop" 200000

for e in cpu-clock task-clock:u cycles:k faults cs sched:sched_switch software/cpu-clock/ \
	 'cpu-clock:uk' r1a8 dummy:u syscalls:sys_enter_openat; do
	printf '%s' "$e" >"$out/parse-event/$(printf '%s' "$e" | tr -c 'a-z0-9' _)"
done

# probe specs: the first byte is the kind (0 kprobe, 1 kretprobe, 2 uprobe, 3 uretprobe)
n=0
for s in '0do_sys_openat2' '0do_sys_openat2+0x10 dfd=%di name=+0(%si):string' \
	 '00xffffffff81000000' '1vfs_read' '0vfs_*' '2/bin/true:main' '2./app:work+4 x=%ax' \
	 '2libc:malloc size=%di:u64' '3./app:work' '2/bin/true:0x1139' '2app:f[ab]*'; do
	n=$((n + 1))
	k=$(printf '%s' "$s" | cut -c1)
	{ printf "\\$(printf '%03o' "$k")"; printf '%s' "$s" | cut -c2-; } >"$out/probe-spec/seed-$n"
done

# command lines: every `kprof CMD ...` of the end-to-end tests, one argv per
# file, NUL-separated (xargs splits the words as the shell would, quotes and all)
mkdir -p "$out/options"
n=0
sed 's/[0-9]*>/>/g' "$src"/tests/e2e/*.sh |
	grep -o 'kprof \(-q \)\?\(record\|report\|stat\|top\|probe\)\( [^|&;<>]*\)\?' |
	sed 's/^kprof \(-q \)\?//; s/\$TARGETS/build\/tests\/targets/g; s/[ \\]*$//' | sort -u |
	while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' "$line" | xargs printf '%s\0' >"$out/options/seed-$n" 2>/dev/null ||
			rm -f "$out/options/seed-$n"
	done
