#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat --engine=ptrace: return probes (recursion, longjmp) count exactly, unprivileged'
. "$(dirname "$0")/test-lib.sh"

chmod 777 "$TRASH"
NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
nobody() { $NOBODY "$@"; }

# hits EVENT: the count of EVENT in stat -x, output (file "out"); missed EVENT: its misses
hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}
missed() {
	sed -n "s/^[0-9]*,\([^,]*\),$1\$/\1/p" out
}

# same PROG ARGS: run PROG plain and under "kprof stat" (options in $KOPTS) as nobody; stdout,
# stderr and exit status must be the same (kprof's own lines filtered from stderr).
same() {
	nobody "$@" >stdout.plain 2>stderr.plain; echo $? >status.plain
	nobody "$KPROF" stat -x, --engine=ptrace $KOPTS -- "$@" >stdout.traced 2>out
	echo $? >status.traced
	grep -v "^kprof: \|^[0-9]*,[0-9]*,probe_" out >stderr.traced
	test_cmp stdout.plain stdout.traced &&
	test_cmp stderr.plain stderr.traced &&
	test_cmp status.plain status.traced
}

test_expect_success SETPRIV,PTRACE 'return counts equal entry counts: a leaf, fib recursion, 201 deep' '
	T=$TARGETS/ubp-ret &&
	KOPTS="-u $T:ubp_* -U $T:ubp_*" same "$T" 1000 15 200 &&
	echo "leaf 1000 fib(15) 610 deep 200" >expect && test_cmp expect stdout.traced &&
	for f in leaf:1000 fib:1973 deep:201; do
		echo ${f#*:} >expect &&
		hits probe_ubp_ret:ubp_${f%:*} >actual && test_cmp expect actual &&
		hits probe_ubp_ret:ubp_${f%:*}__return >actual && test_cmp expect actual &&
		echo 0 >expect && missed probe_ubp_ret:ubp_${f%:*}__return >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success SETPRIV,PTRACE '%return spelling, and entry and return probes on one function' '
	T=$TARGETS/ubp-ret &&
	nobody "$KPROF" stat -x, --engine=ptrace -u "$T:ubp_fib%return" -- "$T" 10 20 5 \
		>/dev/null 2>out &&
	echo 21891 >expect && hits probe_ubp_ret:ubp_fib__return >actual && test_cmp expect actual &&
	nobody "$KPROF" stat -x, --engine=ptrace -U "$T:ubp_deep" -u "$T:ubp_deep" -- "$T" 1 1 3000 \
		>/dev/null 2>out &&
	echo 3001 >expect && hits probe_ubp_ret:ubp_deep >actual && test_cmp expect actual &&
	hits probe_ubp_ret:ubp_deep__return >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'a tail call (jmp) between two return-probed functions: one return each' '
	T=$TARGETS/ubp-ret &&
	KOPTS="-U $T:ubp_tail -U $T:ubp_tail_callee -u $T:ubp_tail_callee" same "$T" 1 1 1 500 &&
	echo 500 >expect &&
	hits probe_ubp_ret:ubp_tail__return >actual && test_cmp expect actual &&
	hits probe_ubp_ret:ubp_tail_callee__return >actual && test_cmp expect actual &&
	hits probe_ubp_ret:ubp_tail_callee >actual && test_cmp expect actual &&
	echo 0 >expect && missed probe_ubp_ret:ubp_tail__return >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'longjmp out of probed frames: missed, not corrupted' '
	T=$TARGETS/ubp-longjmp &&
	KOPTS="-u $T:ubp_* -U $T:ubp_*" same "$T" 100 &&
	echo "jumps 50 returns 51" >expect && test_cmp expect stdout.traced &&
	for f in inner jumper; do
		echo 101 >expect && hits probe_ubp_longjmp:ubp_$f >actual && test_cmp expect actual &&
		echo 51 >expect && hits probe_ubp_longjmp:ubp_${f}__return >actual &&
		test_cmp expect actual &&
		echo 50 >expect && missed probe_ubp_longjmp:ubp_${f}__return >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success SETPRIV,PTRACE 'a library function: malloc returns as often as it is called' '
	nobody "$KPROF" stat -x, --engine=ptrace -u libc:malloc -U libc:malloc \
		-- "$TARGETS/ubp-ret" 10 >/dev/null 2>out &&
	a=$(hits probe_libc:malloc) && r=$(hits probe_libc:malloc__return) &&
	test "$a" -gt 0 && test "$a" = "$r"
'

test_expect_success SETPRIV,PTRACE 'detach (SIGINT) inside probed frames: the hijacked returns are put back' '
	$NOBODY "$TARGETS/ubp-loop" ready >loop.out 2>&1 &
	loop=$! &&
	test_when_finished "kill $loop 2>/dev/null || :" &&
	while ! test -e ready; do sleep 0.05; done &&
	{ $NOBODY "$KPROF" stat -x, -U libc:nanosleep -U "$TARGETS/ubp-loop:ubp_tick" -p $loop \
		2>out & } &&
	kp=$! &&
	n=0 && while ! grep -q "^TracerPid:	[1-9]" /proc/$loop/status && test $n -lt 200; do
		n=$((n + 1)); sleep 0.05; done &&
	sleep 0.3 &&
	kill -INT $kp && wait $kp &&
	grep "^TracerPid:	0$" /proc/$loop/status &&
	n=$(hits probe_libc:nanosleep__return) && test "$n" -gt 0 &&
	sleep 0.1 && kill -0 $loop &&
	kill -USR1 $loop && wait $loop &&
	grep "^ticks>0 1 first-byte " loop.out
'

test_done
