#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of t4001 (6.12) and t4002 (6.1): the miss counts of PMU kprobes.
# On 6.12 they come from BPF perf links: a kretprobe with the default maxactive
# (max(10, 2 * cpus): 10 in this one-cpu guest) on do_nanosleep, with 32 threads
# sleeping at once, misses hits, and hits + missed is every call.  On 6.1 the
# kernel has no such count: kprof says "n/a", never 0.
test_description='vm: miss counts of PMU kprobes (BPF link on >= 6.7, n/a before)'
. "$SRC_DIR/tests/e2e/test-lib.sh"

SLEEPERS=32
ROUNDS=20
CALLS=$((SLEEPERS * ROUNDS))

hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

missed() {
	sed -n "s/^[0-9]*,\([^,]*\),$1\$/\1/p" out
}

# top_row: "TOTAL MISSED" of the probe's row in the last table of top --stdio (file "out")
top_row() {
	awk "/^Hits:/ { v = \"\" } \$NF == \"probe:do_nanosleep__return\" { v = \$4 \" \" \$5 } END { print v }" out
}

# top_a T N: top --stdio -a on the kretprobe (into "out") around vm-sleepers T N, ended by
# SIGINT (top takes no command with -a).  The sleepers start once top printed its first
# table (it counts then); the wait polls without sleeping: sleep(1) calls do_nanosleep too.
top_a() {
	"$KPROF" top --stdio -d 0.5 -a -r do_nanosleep </dev/null >out 2>err &
	kp=$! &&
	n=0 && while ! grep -q "^Hits:" out && test $n -lt 20000; do n=$((n + 1)); done &&
	grep -q "^Hits:" out &&
	"$TARGETS/vm-sleepers" $1 $2 &&
	kill -INT $kp && wait $kp
}

no_kprobe_left() {
	! grep -q "do_sys_openat2\|do_nanosleep" /sys/kernel/debug/kprobes/list
}

case "$(uname -r)" in
6.1.*) new=false ;;
*) new=true ;;
esac

test_expect_success KPROBES "the guest has one cpu (default maxactive 10), kernel $(uname -r)" '
	test "$(grep -c ^processor /proc/cpuinfo)" = 1
'

if $new; then
	test_expect_success KPROBES 'stat -a -r do_nanosleep, 32 sleepers: missed > 0, hits + missed = calls' '
		kprof stat -x, -a -r do_nanosleep -- "$TARGETS/vm-sleepers" $SLEEPERS $ROUNDS 2>out &&
		h=$(hits probe:do_nanosleep__return) && m=$(missed probe:do_nanosleep__return) &&
		say "PMU kretprobe, default maxactive, $SLEEPERS sleepers: hits $h missed $m (calls $CALLS)" &&
		test "$m" -gt 0 && test $((h + m)) = $CALLS &&
		no_kprobe_left
	'

	test_expect_success KPROBES 'the table prints the count, without the n/a footnote' '
		kprof stat -a -r do_nanosleep -- "$TARGETS/vm-sleepers" $SLEEPERS $ROUNDS 2>out &&
		cat out >&2 &&
		grep "probe:do_nanosleep__return$" out >line &&
		! grep "n/a" line &&
		! grep "no miss count" out
	'

	test_expect_success KPROBES 'a kprobe that misses nothing says 0, not n/a' '
		kprof stat -x, -k do_sys_openat2 -- "$TARGETS/vm-opens" 100 2>out &&
		echo 100 >expect && hits probe:do_sys_openat2 >actual && test_cmp expect actual &&
		echo 0 >expect && missed probe:do_sys_openat2 >actual && test_cmp expect actual
	'

	test_expect_success KPROBES 'top --stdio -a: the last table has the hits and the misses' '
		top_a $SLEEPERS $ROUNDS &&
		set -- $(top_row) && h=$1 && m=$2 &&
		say "top: total $h missed $m" &&
		test "$m" -gt 0 && test $((h + m)) = $CALLS
	'

	test_expect_success KPROBES 'stat -I: each interval its misses (a count, not n/a)' '
		kprof stat -x, -I 20 -a -r do_nanosleep -- "$TARGETS/vm-sleepers" $SLEEPERS 100 2>out &&
		{ grep ",probe:do_nanosleep__return$" out >lines || { cat out >&2; false; }; } &&
		! grep ",n/a," lines &&
		m=$(awk -F, "{ s += \$3 } END { print s }" lines) &&
		say "stat -I: $(wc -l <lines) intervals, $m misses" &&
		test "$m" -gt 0 && test "$m" -le $((SLEEPERS * 100))
	'

	test_expect_success KPROBES 'record -a -r: the summary line, hits + missed = calls' '
		kprof record -a -o k.data -r do_nanosleep -- "$TARGETS/vm-sleepers" $SLEEPERS $ROUNDS 2>err &&
		cat err >&2 &&
		line=$(grep "^\[ kprof record: .probe:do_nanosleep__return. hit" err) &&
		h=$(echo "$line" | sed -n "s/.* hit \([0-9]*\) times, missed \([0-9]*\) (bpf-link) \]$/\1/p") &&
		m=$(echo "$line" | sed -n "s/.* hit \([0-9]*\) times, missed \([0-9]*\) (bpf-link) \]$/\2/p") &&
		test "$m" -gt 0 && test $((h + m)) = $CALLS &&
		echo "$h $m" >counts
	'

	test_expect_success KPROBES 'report: the same counts in its header, source bpf-link' '
		read h m <counts &&
		kprof report --stdio -i k.data >report &&
		sed -n "/^# Probe hits and misses/,/^# Samples/p" report >&2 &&
		test_grep "^# *$h *$m *bpf-link *probe:do_nanosleep__return$" report &&
		test_grep "^# Samples: $h *of event .probe:do_nanosleep__return.$" report
	'
else
	test_expect_success KPROBES 'stat -a -r do_nanosleep: missed n/a, never 0' '
		kprof stat -x, -a -r do_nanosleep -- "$TARGETS/vm-sleepers" $SLEEPERS $ROUNDS 2>out &&
		h=$(hits probe:do_nanosleep__return) && m=$(missed probe:do_nanosleep__return) &&
		say "6.1: hits $h of $CALLS calls, missed $m" &&
		test "$m" = n/a && test "$h" -gt 0 && test "$h" -le $CALLS &&
		kprof stat -a -r do_nanosleep -- "$TARGETS/vm-sleepers" 2 2 2>out &&
		test_grep "no miss count" out &&
		no_kprobe_left
	'

	test_expect_success KPROBES 'top --stdio -a: missed "-" where the kernel gives no count' '
		top_a 4 5 &&
		set -- $(top_row) && h=$1 && m=$2 &&
		test "$h" = 20 && test "$m" = -
	'

	test_expect_success KPROBES 'record: the summary and the report header say n/a' '
		kprof record -a -o k.data -r do_nanosleep -- "$TARGETS/vm-sleepers" 4 5 2>err &&
		test_grep "^\[ kprof record: .probe:do_nanosleep__return. hit 20 times, missed n/a" err &&
		kprof report --stdio -i k.data >report &&
		test_grep "^# *20 *n/a *none *probe:do_nanosleep__return$" report
	'
fi

test_expect_success KPROBES 'record -k with the tracefs backend: kprobe_profile is the source' '
	kprof record -o t.data --backend=tracefs -k do_sys_openat2 -- "$TARGETS/vm-opens" 50 2>err &&
	test_grep "^\[ kprof record: .*do_sys_openat2. hit 50 times, missed 0 (kprobe_profile) \]$" err &&
	kprof report --stdio -i t.data >report &&
	test_grep "^# *50 *0 *kprobe_profile *.*do_sys_openat2$" report
'

test_expect_success KPROBES 'no kprobe is left' '
	no_kprobe_left
'

test_done
