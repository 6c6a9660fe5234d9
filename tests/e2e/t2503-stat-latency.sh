#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='stat --latency: entry and return probes sampled live, paired in time order'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/lat-sleep"

buckets() {
	awk -v f="Function = $1" '
		$0 == f { on = 1; next }
		/^Function = / { on = 0 }
		on && $2 == "->" && $5 != 0 { print $1, $5 }' "$2"
}

row() {
	awk -v f="$1" '$1 ~ /^[0-9]+$/ && $NF == f { print $1, $2 }' "$2"
}

test_expect_success UPROBES 'stat --latency -u/-U: exact counts, misses and buckets' '
	kprof stat --latency -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x 2>err &&
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
	echo "33554432 4" >expect && buckets probe_lat_sleep:lat_a err >actual && test_cmp expect actual &&
	echo "134217728 1" >expect && buckets probe_lat_sleep:lat_c err >actual && test_cmp expect actual &&
	cat >expect <<-\EOF &&
	33554432 1
	67108864 1
	134217728 1
	268435456 1
	EOF
	buckets probe_lat_sleep:lat_recurse err >actual &&
	test_cmp expect actual
'

test_expect_success UPROBES 'the same numbers as record and report --latency' '
	kprof record -q -o lat.data -u "$T:lat_b" -U "$T:lat_b" -- "$T" &&
	kprof report --latency -i lat.data >report &&
	kprof stat --latency -u "$T:lat_b" -U "$T:lat_b" -- "$T" 2>stat &&
	row probe_lat_sleep:lat_b report >expect && row probe_lat_sleep:lat_b stat >actual &&
	test_cmp expect actual &&
	buckets probe_lat_sleep:lat_b report >expect && buckets probe_lat_sleep:lat_b stat >actual &&
	test_cmp expect actual
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
