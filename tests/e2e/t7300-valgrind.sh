#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report under valgrind memcheck: no invalid reads, no definite leaks'
. "$(dirname "$0")/test-lib.sh"

# valgrind cannot run an AddressSanitizer build (make check SANITIZE=1): skip there.
test_lazy_prereq VALGRIND 'valgrind --version && ! ldd "$KPROF" | grep -q libasan'

# memcheck ARGS...: kprof ARGS under memcheck; any error or definite leak exits 99.
# kprof must exit $want (0 unless set).
memcheck() {
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--log-file=vg.log "$KPROF" "$@"
	ret=$?
	if [ $ret != "${want:-0}" ]; then
		echo "memcheck: kprof $* exited $ret" >&2
		cat vg.log >&2
		return 1
	fi
	test_must_be_empty vg.log
}

test_expect_success VALGRIND 'a kprof recording' '
	kprof record -q -e cpu-clock -c 100000 -o kprof.data -- "$TARGETS/spin" 100 &&
	memcheck report --stdio -i kprof.data >out &&
	test_grep spin_work out
'

test_expect_success VALGRIND,PERF 'a perf recording, two events' '
	perf record -q -e cpu-clock -e task-clock -c 100000 -o perf.data -- "$TARGETS/spin" 100 &&
	memcheck report --stdio -i perf.data >out &&
	test_grep spin_work out
'

test_expect_success VALGRIND 'a pipe stream, and a file cut mid-record' '
	kprof record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 50 >pipe.data &&
	memcheck report --stdio <pipe.data >out &&
	test_grep spin_work out &&
	head -c $(( $(wc -c <kprof.data) / 2 + 3 )) kprof.data >cut.data &&
	memcheck report --stdio -i cut.data >out 2>err &&
	test_grep spin_work out
'

test_expect_success VALGRIND 'a malformed file fails cleanly' '
	head -c 200 kprof.data >short.data &&
	want=1 memcheck report --stdio -i short.data 2>err &&
	test_grep "^kprof: short.data: attrs section" err
'

test_done
