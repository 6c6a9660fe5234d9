#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat --engine=ptrace: the breakpoint engine counts exactly, unprivileged, and leaves no trace'
. "$(dirname "$0")/test-lib.sh"

chmod 777 "$TRASH"
T="$TARGETS/probe-count"
NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
nobody() { $NOBODY "$@"; }

# hits EVENT: the count of EVENT in stat -x, output (file "out")
hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}

test_expect_success PTRACE 'exact counts of two probes (PIE), none missed' '
	kprof stat -x, --engine=ptrace -u "$T:work_a" -u "$T:work_b" -- "$T" 1000 3 2>out &&
	echo 1000 >expect && hits probe_probe_count:work_a >actual && test_cmp expect actual &&
	echo 3 >expect && hits probe_probe_count:work_b >actual && test_cmp expect actual &&
	test_grep "^1000,0,probe_probe_count:work_a$" out
'

test_expect_success PTRACE 'a non-PIE binary and a shared library' '
	kprof stat -x, --engine=ptrace -u "$TARGETS/probe-count-nopie:work_b" \
		-- "$TARGETS/probe-count-nopie" 5 777 2>out &&
	echo 777 >expect && hits probe_probe_count_nopie:work_b >actual && test_cmp expect actual &&
	kprof stat -x, --engine=ptrace -u "$TARGETS/libprobe-lib.so:plib_work" \
		-u "$TARGETS/libprobe-lib.so:plib_other" -- "$TARGETS/probe-uselib" 1234 56 2>out &&
	echo 1234 >expect && hits probe_libprobe_lib:plib_work >actual && test_cmp expect actual &&
	echo 56 >expect && hits probe_libprobe_lib:plib_other >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'unprivileged: auto picks ptrace and says so; 8 threads, exact total' '
	nobody "$KPROF" stat -x, -u "$TARGETS/ubp-threads:ubp_work" \
		-- "$TARGETS/ubp-threads" 8 10000 >stdout 2>out; echo $? >status &&
	test_grep "^kprof: engine: ptrace (kernel uprobes need root or CAP_PERFMON)$" out &&
	echo 80000 >expect && hits probe_ubp_threads:ubp_work >actual && test_cmp expect actual &&
	echo 3 >expect && test_cmp expect status
'

test_expect_success SETPRIV,PTRACE 'the traced program: stdout, stderr and exit status as untraced' '
	nobody "$TARGETS/ubp-threads" 4 5000 >stdout.plain 2>stderr.plain; echo $? >status.plain &&
	nobody "$KPROF" stat -x, --engine=ptrace -u "$TARGETS/ubp-threads:ubp_work" \
		-- "$TARGETS/ubp-threads" 4 5000 >stdout.traced 2>out; echo $? >status.traced &&
	test_cmp stdout.plain stdout.traced &&
	test_cmp status.plain status.traced &&
	head -n 1 out >stderr.traced && test_cmp stderr.plain stderr.traced &&
	echo 20000 >expect && hits probe_ubp_threads:ubp_work >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'a target with its own SIGTRAP handler (raise and int3) runs as untraced' '
	nobody "$TARGETS/ubp-sigtrap" 100 >plain &&
	echo "calls 100 traps 14" >expect && test_cmp expect plain &&
	nobody "$KPROF" stat -x, --engine=ptrace -u "$TARGETS/ubp-sigtrap:ubp_probed" \
		-- "$TARGETS/ubp-sigtrap" 100 >traced 2>out &&
	test_cmp plain traced &&
	echo 100 >expect && hits probe_ubp_sigtrap:ubp_probed >actual && test_cmp expect actual
'

test_expect_success PTRACE 'two probes on one instruction (symbol aliases) both count every hit' '
	kprof stat -x, --engine=ptrace -u "libc:*malloc" -- "$TARGETS/ubp-sigtrap" 1 >/dev/null 2>out &&
	test_grep "matched 2 symbols" out &&
	a=$(hits probe_libc:malloc) && b=$(hits probe_libc:__libc_malloc) &&
	test "$a" -gt 0 && test "$a" = "$b"
'

test_expect_success PTRACE 'a probe on a function that does not run: 0 hits' '
	kprof stat -x, --engine=ptrace -u "$T:work_never" -- "$T" 10 2>out &&
	echo 0 >expect && hits probe_probe_count:work_never >actual && test_cmp expect actual
'

# text_of PID: the bytes of the executable's code mapping of PID, from /proc/PID/mem.
text_of() {
	range=$(grep " r-xp .*ubp-loop$" /proc/$1/maps | head -n 1 | cut -d" " -f1) &&
	perl -e 'open(F, "<", "/proc/$ARGV[0]/mem") or die; my ($s, $e) = map { hex } split /-/, $ARGV[1];
		sysseek(F, $s, 0) or die; sysread(F, my $b, $e - $s) == $e - $s or die; print $b' $1 "$range"
}

test_expect_success SETPRIV,PTRACE 'attach with -p, SIGINT: the process runs on, its text unchanged' '
	$NOBODY "$TARGETS/ubp-loop" ready >loop.out 2>&1 &
	loop=$! &&
	test_when_finished "kill $loop 2>/dev/null || :" &&
	while ! test -e ready; do sleep 0.05; done &&
	text_of $loop >text.before &&
	{ $NOBODY "$KPROF" stat -x, -u "$TARGETS/ubp-loop:ubp_tick" -p $loop 2>out & } &&
	kp=$! &&
	n=0 && while ! grep -q "^TracerPid:	[1-9]" /proc/$loop/status && test $n -lt 200; do
		n=$((n + 1)); sleep 0.05; done &&
	sleep 0.3 &&
	kill -INT $kp && wait $kp &&
	grep "^TracerPid:	0$" /proc/$loop/status &&
	text_of $loop >text.after &&
	test_cmp text.before text.after &&
	n=$(hits probe_ubp_loop:ubp_tick) && test "$n" -gt 0 &&
	kill -USR1 $loop && wait $loop &&
	{ "$TARGETS/ubp-loop" ready2 >plain.out 2>&1 & } && plain=$! &&
	while ! test -e ready2; do sleep 0.05; done &&
	kill -USR1 $plain && wait $plain &&
	test_cmp plain.out loop.out
'

test_expect_success SETPRIV,PTRACE 'another user'"'"'s process: one line naming the reason, exit 1' '
	"$TARGETS/ubp-loop" ready3 >/dev/null 2>&1 &
	loop=$! &&
	test_when_finished "kill $loop 2>/dev/null || :" &&
	while ! test -e ready3; do sleep 0.05; done &&
	test_expect_code 1 nobody "$KPROF" stat --engine=ptrace -u "$TARGETS/ubp-loop:ubp_tick" \
		-p $loop 2>err &&
	echo "kprof: cannot attach to process $loop: it belongs to another user (uid 0)" >expect &&
	test_cmp expect err
'

test_expect_success PTRACE 'bad --engine: one line, exit 1' '
	test_expect_code 1 kprof stat --engine=magic -u "$T:work_a" -- "$T" 1 2>err &&
	echo "kprof: bad --engine '"'"'magic'"'"': auto, kernel or ptrace" >expect &&
	test_cmp expect err
'

test_done
