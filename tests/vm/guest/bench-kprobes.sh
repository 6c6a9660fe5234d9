#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `bench/probes.sh vm`: kprof's kprobes against perf's, in the guest
# (with perf: tests/vm/run.sh --perf). Prints its tables as TAP comments.
#
# 1. per hit: vm-timeit -O 0 and -O BENCH_N (default 20000) opens, so
#    do_sys_openat2 is hit BENCH_N times; untraced, perf stat -e kpbench:open (a
#    kprobe_events probe), kprof stat -k do_sys_openat2, perf record -e
#    kpbench:open, kprof record -k do_sys_openat2, BENCH_RUNS (default 3) times
#    each, alternating; the best (least) of the runs. Per hit "in task": the workload's own CPU time (it
#    prints it), less the untraced one's, / BENCH_N: what the probe costs the
#    task it hits, free of the tools' start and end (which vary by seconds
#    under TCG); "whole": all processes' CPU time at BENCH_N less at 0 opens.
# 2. a glob set of ~300 kernel functions (the candidate prefix whose count in
#    /proc/kallsyms is nearest 300): kprof stat -k 'PREFIX*' against perf stat on
#    the same functions made kprobe_events probes by writing kprobe_events
#    (perf probe takes ~5 s a probe under TCG, which would not compare the
#    registration at all). "to counting": from the tool's start (the first write
#    to kprobe_events, for perf) until the workload runs; "total": teardown
#    included.
test_description='bench: kprof kprobes against perf (per hit, registration of ~300)'
. "$SRC_DIR/tests/e2e/test-lib.sh"

N=${BENCH_N:-20000}
RUNS=${BENCH_RUNS:-3}
KE=/sys/kernel/tracing/kprobe_events
TIMEIT=$TARGETS/vm-timeit
TABLE=$PWD/bench.txt

# note LINE: a line of the tables, printed as TAP comments at the end (test
# bodies' output is hidden unless -v)
note() {
	echo "$*" >>"$TABLE"
}

# timed NAME CMD...: CMD under vm-timeit (line appended to NAME.t), stdout in out, stderr in err
timed() {
	name=$1
	shift
	"$TIMEIT" -o "$name.t" "$@" >out 2>err || { cat err >&2; return 1; }
}

# hits EVENT: EVENT's count in stat -x, output (err)
hits() {
	awk -F, -v e="$1" '$3 == e { print $1 }' err
}

# started NAME: seconds from NAME's last start to the workload's "start NS" line (out)
started() {
	awk -v t0="$(tail -n 1 "$1.t" | cut -d' ' -f1)" \
		'/^start / { printf "%.3f\n", ($2 - t0) / 1e9 }' out
}

# tool NAME CALLS: tool NAME on CALLS opens (vm-timeit -O: it prints its own CPU
# time), timed into NAME-CALLS.t, the workload's own CPU time into NAME-CALLS.self;
# stat counts checked
tool() {
	case $1 in
	untraced) timed "$1-$2" "$TIMEIT" -O $2 ;;
	perf_stat) timed "$1-$2" perf stat -x, -e kpbench:open -- "$TIMEIT" -O $2 &&
		test "$(hits kpbench:open)" = $2 ;;
	kprof_stat) timed "$1-$2" kprof stat -x, -k do_sys_openat2 -- "$TIMEIT" -O $2 &&
		test "$(hits probe:do_sys_openat2)" = $2 ;;
	perf_record) timed "$1-$2" perf record -q -o perf.data -e kpbench:open -- "$TIMEIT" -O $2 ;;
	kprof_record) timed "$1-$2" kprof record -q -o kprof.data -k do_sys_openat2 -- \
			"$TIMEIT" -O $2 ;;
	esac &&
	sed -n "s/^self //p" out >>"$1-$2.self"
}

# best NAME [FIELD]: the least of NAME.self, or of NAME.t's FIELD (cpu: user + sys).
# Under TCG on a busy host the guest's CPU times of one and the same run vary
# up to fourfold (steal is charged to whatever runs); the best of several
# runs is the steady estimate.
best() {
	if [ $# = 1 ]; then
		sort -n "$1.self" | head -n 1
	else
		awk '{ print $3 + $4 }' "$1.t" | sort -n | head -n 1
	fi
}

test_expect_success KPROBES,PERF "per hit: 0 and $N opens, $RUNS runs" '
	echo "p:kpbench/open do_sys_openat2" >>"$KE" &&
	for r in $(seq $RUNS); do
		for t in untraced perf_stat kprof_stat perf_record kprof_record; do
			tool $t 0 && tool $t $N || return 1
		done &&
		rm -f perf.data* kprof.data* || return 1
	done &&
	echo "-:kpbench/open" >>"$KE" &&
	us=$(best untraced-$N) &&
	note "per-hit cost of a kprobe on do_sys_openat2: runs of 0 and $N opens, best of $RUNS, $(uname -r)" &&
	note "$(printf "%-14s %12s %12s %14s %14s" "" "cpu 0 (s)" "cpu N (s)" "in task (us)" "whole (us)")" &&
	for t in untraced perf_stat kprof_stat perf_record kprof_record; do
		c0=$(best $t-0 cpu) && c=$(best $t-$N cpu) && self=$(best $t-$N) &&
		pc=$(awk -v a=$c -v b=$c0 -v n=$N "BEGIN { print (a - b) * 1e6 / n }") &&
		ps=$(awk -v a=$self -v b=$us -v n=$N "BEGIN { print (a - b) * 1e6 / n }") &&
		eval "${t}_c=$pc ${t}_s=$ps" &&
		note "$(printf "%-14s %12.3f %12.3f %14.2f %14.2f" $t $c0 $c $ps $pc)" || return 1
	done &&
	note "(in task: the workload'"'"'s own CPU time per hit, less the untraced workload'"'"'s; whole: every" &&
	note " process'"'"'s CPU time per hit, from the runs at 0 and N opens, less the untraced call)" &&
	note "$(awk -v ks=$kprof_stat_s -v ps=$perf_stat_s -v kr=$kprof_record_s -v pr=$perf_record_s \
		-v kc=$kprof_stat_c -v pc=$perf_stat_c -v krc=$kprof_record_c -v prc=$perf_record_c \
		-v u=$untraced_c "BEGIN {
		printf \"kprof / perf per hit: stat %.2fx in task, %.2fx whole;\", ks / ps, (kc - u) / (pc - u)
		printf \" record %.2fx in task, %.2fx whole\", kr / pr, (krc - u) / (prc - u)
	}")"
'

test_expect_success KPROBES,PERF 'registration of a glob set of ~300 kernel functions' '
	best= && bestd=100000 &&
	for p in vfs_ ext4_ tcp_ security_ blk_ proc_ do_ sock_ inet_; do
		n=$(awk -v p=$p "(\$2 == \"t\" || \$2 == \"T\") && index(\$3, p) == 1 && !(\$3 in s) { s[\$3]; n++ } END { print n + 0 }" /proc/kallsyms) &&
		d=$((n > 300 ? n - 300 : 300 - n)) &&
		if [ $d -lt $bestd ]; then best=$p && bestd=$d && bestn=$n; fi || return 1
	done &&
	glob="$best*" &&
	timed kprof kprof stat -v -x, -k "$glob" -- "$TIMEIT" -s &&
	k_start=$(started kprof) && k_total=$(tail -n 1 kprof.t | cut -d" " -f2) &&
	summary=$(grep "^kprof: .$best\*. matched" err) &&
	sed -n "s/^kprof:   probe:\([^ ]*\)  *\([^ +]*\)+0\$/p:kpbenchg\/\1 \2/p" err >add &&
	probing=$(wc -l <add) &&
	test "$(grep -c ",probe:$best" err)" = $probing &&
	sed "s/^p:\([^ ]*\) .*/-:\1/" add >del &&
	timed perf_add sh -c "while read l; do echo \"\$l\" >>$KE || exit 1; done <add" &&
	p_add=$(tail -n 1 perf_add.t | cut -d" " -f2) &&
	timed perf_stat perf stat -x, -e "kpbenchg:*" -- "$TIMEIT" -s &&
	p_start=$(started perf_stat) && p_stat=$(tail -n 1 perf_stat.t | cut -d" " -f2) &&
	test "$(grep -c ",kpbenchg:" err)" = $probing &&
	timed perf_del sh -c "while read l; do echo \"\$l\" >>$KE || exit 1; done <del" &&
	p_del=$(tail -n 1 perf_del.t | cut -d" " -f2) &&
	ps=$(awk "BEGIN { print $p_add + $p_start }") &&
	pt=$(awk "BEGIN { print $p_add + $p_stat + $p_del }") &&
	note "registration of '\''$glob'\'' ($bestn in kallsyms; $summary), $(uname -r)" &&
	note "$(printf "%-6s %16s %12s" "" "to counting (s)" "total (s)")" &&
	note "$(printf "%-6s %16.3f %12.3f   (kprobe_events writes %.3f, perf stat %.3f, removal %.3f)" perf $ps $pt $p_add $p_stat $p_del)" &&
	note "$(printf "%-6s %16.3f %12.3f" kprof $k_start $k_total)" &&
	note "kprof / perf: to counting $(awk "BEGIN { printf \"%.2fx\", $k_start / $ps }"), total $(awk "BEGIN { printf \"%.2fx\", $k_total / $pt }")"
'

[ -f "$TABLE" ] && sed "s/^/# /" "$TABLE"
test_done
