#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record with probes: hits and misses per probe at the end, in perf.data (KPROF_MISSES) and in the report header; perf reads the file cleanly'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"

# feature_bit FILE N: 1 when the header of FILE sets feature bit N (bitmap at offset 72)
feature_bit() {
	byte=$(od -An -tu1 -j $((72 + $2 / 8)) -N1 "$1" | tr -d " ")
	echo $(((byte >> ($2 % 8)) & 1))
}

test_expect_success UPROBES 'record: one line per probe, hits exact, missed n/a (no count for uprobes)' '
	kprof record -o u.data -u "$T:work_a" -U "$T:work_b" -- "$T" 777 5 2>err &&
	cat >expect <<-\EOF &&
	[ kprof record: '"'"'probe_probe_count:work_a'"'"' hit 777 times, missed n/a (the kernel gives no miss count for it) ]
	[ kprof record: '"'"'probe_probe_count:work_b__return'"'"' hit 5 times, missed n/a (the kernel gives no miss count for it) ]
	EOF
	grep "hit [0-9]* times" err >actual &&
	test_cmp expect actual &&
	! grep "missed 0" err
'

test_expect_success UPROBES 'the file holds the KPROF_MISSES feature (bit 200)' '
	test "$(feature_bit u.data 200)" = 1
'

test_expect_success UPROBES 'report: the probes in the header, after the lost samples' '
	kprof report --stdio -i u.data >report &&
	sed -n "/^# Total Lost Samples/,/^# Samples/p" report >header &&
	test_grep "^# Probe hits and misses:$" header &&
	test_grep "^# *hits *missed *source *probe$" header &&
	test_grep "^# *777 *n/a *none *probe_probe_count:work_a$" header &&
	test_grep "^# *5 *n/a *none *probe_probe_count:work_b__return$" header &&
	test_grep "^# n/a: the kernel gives no miss count" header
'

test_expect_success UPROBES 'report --header-only: the same lines after the header' '
	kprof report --header-only -i u.data >hdr &&
	sed -n "/^# ========/,\$p" hdr >tail &&
	test_grep "^# Probe hits and misses:$" tail &&
	test_grep "^# *777 *n/a *none *probe_probe_count:work_a$" tail
'

test_expect_success UPROBES,PERF 'perf reads the file without a warning' '
	perf report --stdio -i u.data >perf.out 2>perf.err &&
	test_must_be_empty perf.err &&
	test_grep "^# Samples: 777 *of event .probe_probe_count:work_a.$" perf.out &&
	perf script -i u.data >script.out 2>script.err &&
	test_must_be_empty script.err &&
	test "$(grep -c "work_a" script.out)" = 777 &&
	perf report --header-only -i u.data >hdr.out 2>hdr.err &&
	test_must_be_empty hdr.err
'

test_expect_success UPROBES 'the tracefs backend: the same hits' '
	kprof record -o t.data --backend=tracefs -u "$T:work_a" -- "$T" 300 2>err &&
	test_grep "^\[ kprof record: .probe_probe_count:work_a. hit 300 times, missed n/a" err &&
	kprof report --stdio -i t.data >report &&
	test_grep "^# *300 *n/a *none *probe_probe_count:work_a$" report
'

test_expect_success UPROBES 'past 10 probes: one total line, every probe with -v' '
	kprof record -o g.data -u "$T:*" -- "$T" 10 20 3 4 2>err &&
	! grep "^\[ kprof record: .probe.* hit [0-9]* times" err &&
	test_grep "^\[ kprof record: [0-9]* probes hit [0-9]* times, missed n/a (the kernel gives no miss count for them) \]$" err &&
	kprof report --stdio -i g.data >report &&
	test_grep "^# *10 *n/a *none *probe_probe_count:work_a$" report &&
	kprof record -v -o g.data -u "$T:*" -- "$T" 10 20 3 4 2>err &&
	test_grep "^\[ kprof record: .probe_probe_count:work_b. hit 20 times, missed n/a" err
'

test_expect_success UPROBES 'record -q: no summary; a pipe: no feature (known at the end only)' '
	kprof record -q -o q.data -u "$T:work_a" -- "$T" 3 2>err &&
	test_must_be_empty err &&
	kprof record -o - -u "$T:work_a" -- "$T" 3 2>err | kprof report --stdio -i - >report &&
	test_grep "hit 3 times" err &&
	! grep "Probe hits" report
'

test_expect_success 'no probe: no summary line, no header' '
	kprof record -o c.data -e task-clock -- "$TARGETS/loop" 1 2>err &&
	! grep "hit [0-9]* times" err &&
	test "$(feature_bit c.data 200)" = 0 &&
	kprof report --stdio -i c.data >report &&
	! grep "Probe hits" report
'

test_done
