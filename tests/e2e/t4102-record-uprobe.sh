#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record with uprobes: one sample per hit, per-probe tables in kprof report and perf report'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"

# samples EVENT FILE: the "# Samples: N of event 'EVENT'" count of a report
samples() {
	sed -n "s/^# Samples: \([0-9]*\) *of event '$1'\$/\1/p" "$2"
}

test_expect_success UPROBES 'record -u: one sample per call, period 1' '
	kprof record -q -o u.data -u "$T:work_a" -- "$T" 777 5 2>err &&
	kprof report -n --stdio -i u.data >report &&
	echo 777 >expect && samples probe_probe_count:work_a report >actual &&
	test_cmp expect actual &&
	test_grep "^ *100.00% *777 *probe-count *probe-count *\[\.\] work_a$" report
'

test_expect_success UPROBES,PERF 'perf report reads the same samples, event names and symbols' '
	perf report -n --stdio -i u.data >perf.out 2>perf.err &&
	echo 777 >expect && samples probe_probe_count:work_a perf.out >actual &&
	test_cmp expect actual &&
	test_grep "777 *probe-count *probe-count *\[\.\] work_a$" perf.out &&
	perf script -i u.data -F period 2>/dev/null | sort -u | tr -d " " >periods &&
	echo 1 >expect && test_cmp expect periods &&
	perf evlist -i u.data >evlist 2>/dev/null &&
	echo probe_probe_count:work_a >expect && test_cmp expect evlist
'

test_expect_success UPROBES,PERF 'a glob set and a uretprobe: a table per probe, exact in both reports' '
	kprof record -q -o g.data -u "$T:work_*" -U "$T:probe_recurse" -- "$T" 100 20 3 40 2>err &&
	kprof report -n --stdio -i g.data >report &&
	perf report -n --stdio -i g.data >perf.out 2>/dev/null &&
	for f in report perf.out; do
		echo 100 >expect && samples probe_probe_count:work_a $f >actual && test_cmp expect actual &&
		echo 20 >expect && samples probe_probe_count:work_b $f >actual && test_cmp expect actual &&
		echo 3 >expect && samples probe_probe_count:work_c $f >actual && test_cmp expect actual &&
		echo 40 >expect && samples probe_probe_count:probe_recurse__return $f >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success UPROBES,PERF 'a shared library probe: exact in both reports' '
	kprof record -q -o l.data -u "$TARGETS/libprobe-lib.so:plib_work" -- "$TARGETS/probe-uselib" 250 9 &&
	kprof report -n --stdio -i l.data >report &&
	perf report -n --stdio -i l.data >perf.out 2>/dev/null &&
	echo 250 >expect &&
	samples probe_libprobe_lib:plib_work report >actual && test_cmp expect actual &&
	samples probe_libprobe_lib:plib_work perf.out >actual && test_cmp expect actual &&
	test_grep "libprobe-lib.so *\[\.\] plib_work$" perf.out
'

test_expect_success UPROBES 'probes with -e: both recorded, the exit code is the target'"'"'s' '
	test_expect_code 0 kprof record -q -o e.data -e cpu-clock -u "$T:work_b" -- "$T" 1 66 &&
	kprof report -n --stdio -i e.data >report &&
	echo 66 >expect && samples probe_probe_count:work_b report >actual && test_cmp expect actual
'

test_expect_success UPROBES 'SIGINT of record: the file is complete and no probe is left' '
	rm -f ready
	"$KPROF" record -q -o i.data -a -u "$T:work_a" -- "$T" -w ready 12 2>err &
	kp=$!
	test_when_finished "kill -9 $kp 2>/dev/null || :" &&
	while ! test -s ready; do sleep 0.05; done &&
	kill -INT $kp &&
	{ wait $kp; ret=$?; } &&
	test $ret = 143 &&
	kprof report -n --stdio -i i.data >report &&
	echo 12 >expect && samples probe_probe_count:work_a report >actual && test_cmp expect actual &&
	"$T" --first-byte >byte && ! grep -qx cc byte
'

test_expect_success UPROBES 'record: an unknown symbol is one line with the nearest names, no file' '
	test_expect_code 1 kprof record -o x.data -u "$T:work_z" -- "$T" 1 2>err &&
	test_grep "^kprof: no symbol .work_z. in .*; did you mean .work_a., .work_b. or .work_c.?$" err &&
	! test -e x.data
'

test_done
