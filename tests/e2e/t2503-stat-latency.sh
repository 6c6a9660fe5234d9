#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat --latency: entry and return probes sampled live, paired in time order'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIR/lib-latency.sh"

test_expect_success UPROBES 'stat --latency -u/-U: exact counts, misses and buckets' '
	kprof stat --latency -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x -l log 2>err &&
	cat >expect <<-\EOF &&
	4 0
	2 0
	1 0
	4 0
	0 1
	EOF
	for f in lat_a lat_b lat_c lat_recurse lat_exit; do
		row probe_lat_sleep:$f err || return 1
	done >actual &&
	test_cmp expect actual &&
	for f in lat_a lat_b lat_c lat_recurse; do
		expected $f log >expect &&
		buckets probe_lat_sleep:$f err >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success UPROBES 'the same numbers as record and report --latency' '
	kprof record -q -o lat.data -u "$T:lat_b" -U "$T:lat_b" -- "$T" -l rlog &&
	kprof report --latency -i lat.data >report &&
	kprof stat --latency -u "$T:lat_b" -U "$T:lat_b" -- "$T" -l slog 2>stat &&
	row probe_lat_sleep:lat_b report >expect && row probe_lat_sleep:lat_b stat >actual &&
	test_cmp expect actual &&
	expected lat_b rlog >expect && buckets probe_lat_sleep:lat_b report >actual &&
	test_cmp expect actual &&
	expected lat_b slog >expect && buckets probe_lat_sleep:lat_b stat >actual &&
	test_cmp expect actual
'

test_expect_success PTRACE 'the ptrace engine: the same pairs, through a temporary file' '
	TMPDIR=$PWD kprof stat --latency --engine=ptrace -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x 2>err &&
	cat >expect <<-\EOF &&
	4 0
	2 0
	1 0
	4 0
	0 1
	EOF
	for f in lat_a lat_b lat_c lat_recurse lat_exit; do
		row ubp:$f err || return 1
	done >actual &&
	test_cmp expect actual &&
	! ls kprof-latency-* 2>/dev/null
'

test_expect_success UPROBES 'the workload'"'"'s exit code passes through' '
	test_expect_code 129 kprof stat --latency -u "$T:lat_a" -U "$T:lat_a" -- "$T" bad 2>err
'

test_expect_success 'without probes, or with -e, --latency is a usage error' '
	test_expect_code 129 kprof stat --latency -- true 2>err &&
	test_grep "needs entry and return probes" err &&
	test_expect_code 129 kprof stat --latency -e task-clock -u "$T:lat_a" -- true 2>err
'

test_done
