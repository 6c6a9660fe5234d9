#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat --engine=ptrace: dlopen, fork, exec, vfork and the target'"'"'s own signal handlers'
. "$(dirname "$0")/test-lib.sh"

chmod 777 "$TRASH"
NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
nobody() { $NOBODY "$@"; }

hits() {
	sed -n "s/^\([0-9]*\),[^,]*,$1\$/\1/p" out
}
missed() {
	sed -n "s/^[0-9]*,\([^,]*\),$1\$/\1/p" out
}
# expect_hits EVENT N...: each EVENT=N pair
expect_hits() {
	for pair in "$@"; do
		echo "${pair#*=}" >expect &&
		hits "${pair%=*}" >actual && test_cmp expect actual || return 1
	done
}

# same PROG ARGS: PROG plain and under "kprof stat $KOPTS" as nobody: the same stdout, stderr
# (kprof's own lines aside) and exit status.
same() {
	nobody "$@" >stdout.plain 2>stderr.plain; echo $? >status.plain
	nobody "$KPROF" stat -x, --engine=ptrace $KOPTS -- "$@" >stdout.traced 2>out
	echo $? >status.traced
	grep -v "^kprof: \|^[0-9]*,[0-9]*,probe_" out >stderr.traced
	test_cmp stdout.plain stdout.traced &&
	test_cmp stderr.plain stderr.traced &&
	test_cmp status.plain status.traced
}

test_expect_success SETPRIV,PTRACE 'a dlopen'"'"'d library gets its probes, again after dlclose' '
	L=$TARGETS/libprobe-lib.so &&
	KOPTS="-u $L:plib_work -U $L:plib_work -u $L:plib_other" same "$TARGETS/ubp-dlopen" 100 10 &&
	echo "opened twice" >expect && test_cmp expect stdout.traced &&
	expect_hits probe_libprobe_lib:plib_work=110 probe_libprobe_lib:plib_work__return=110 \
		probe_libprobe_lib:plib_other=1 &&
	! grep "not placed" out
'

test_expect_success SETPRIV,PTRACE 'calls from a library constructor (before the entry point) count' '
	L=$TARGETS/libubp-ctor.so &&
	KOPTS="-u $L:ubp_ctor_work -U $L:ubp_ctor_work" same "$TARGETS/ubp-ctor" 10 &&
	echo "calls 13" >expect && test_cmp expect stdout.traced &&
	expect_hits probe_libubp_ctor:ubp_ctor_work=13 probe_libubp_ctor:ubp_ctor_work__return=13
'

test_expect_success SETPRIV,PTRACE 'a probe whose file is never mapped: a warning at the end, not an error' '
	nobody "$KPROF" stat -x, --engine=ptrace -u "$TARGETS/libprobe-lib.so:plib_work" \
		-u "$TARGETS/probe-count:work_a" -- "$TARGETS/probe-count" 7 >/dev/null 2>out &&
	expect_hits probe_libprobe_lib:plib_work=0 probe_probe_count:work_a=7 &&
	echo "kprof: probe '"'"'plib_work'"'"' not placed: '"'"'$TARGETS/libprobe-lib.so'"'"' was never mapped" \
		>expect &&
	grep "never mapped" out >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'fork, exec and vfork: children counted, probes re-placed after exec' '
	T=$TARGETS/ubp-fork &&
	KOPTS="-u $T:ubp_work -U $T:ubp_work -u $T:ubp_forker -U $T:ubp_forker" same "$T" 10 &&
	printf "exec 20\nexec 30\nfork child 6 vfork child 2\n" >expect &&
	test_cmp expect stdout.traced && echo 3 >expect && test_cmp expect status.traced &&
	expect_hits probe_ubp_fork:ubp_work=70 probe_ubp_fork:ubp_work__return=70 \
		probe_ubp_fork:ubp_forker=1 probe_ubp_fork:ubp_forker__return=2
'

test_expect_success SETPRIV,PTRACE 'a target that catches its own SIGSEGV' '
	T=$TARGETS/ubp-segv &&
	KOPTS="-u $T:ubp_touch -U $T:ubp_touch -u $T:ubp_on_segv -U $T:ubp_on_segv" same "$T" 100 &&
	echo "touches 100 faults 50 sum 5050" >expect && test_cmp expect stdout.traced &&
	expect_hits probe_ubp_segv:ubp_touch=100 probe_ubp_segv:ubp_touch__return=100 \
		probe_ubp_segv:ubp_on_segv=50 probe_ubp_segv:ubp_on_segv__return=50
'

test_expect_success SETPRIV,PTRACE 'a target with its own SIGTRAP handler, return probes too' '
	T=$TARGETS/ubp-sigtrap &&
	KOPTS="-u $T:ubp_probed -U $T:ubp_probed" same "$T" 100 &&
	echo "calls 100 traps 14" >expect && test_cmp expect stdout.traced &&
	expect_hits probe_ubp_sigtrap:ubp_probed=100 probe_ubp_sigtrap:ubp_probed__return=100
'

test_expect_success SETPRIV,PTRACE '8 threads: return probes per thread, exact' '
	T=$TARGETS/ubp-threads &&
	KOPTS="-U $T:ubp_work" same "$T" 8 2000 &&
	expect_hits probe_ubp_threads:ubp_work__return=16000 &&
	echo 0 >expect && missed probe_ubp_threads:ubp_work__return >actual && test_cmp expect actual
'

test_done
