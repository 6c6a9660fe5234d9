#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report --json: call stacks of files with callchains, and --latency'
. "$(dirname "$0")/test-lib.sh"

test_expect_success JQ 'stacks: the stacks and counts of --folded, summing to the samples' '
	kprof record -q -g -o g.data -- "$TARGETS/cc-fp" 50000000 &&
	kprof report --json -i g.data >g.json &&
	jq -r ".stacks[] | \"\(.comm);\([.frames[] | .sym + (if .level == \"k\" then \"_[k]\" else \"\" end)] |
		join(\";\")) \(.samples)\"" g.json |
		awk "{ c = \$NF; \$NF = \"\"; sub(/ \$/, \"\"); a[\$0] += c } END { for (k in a) print k, a[k] }" |
		sort >actual &&
	kprof report --folded -i g.data | sort >expect &&
	test_cmp expect actual &&
	test_grep "cc-fp;__libc_start_call_main;main;a;b;leaf " actual &&
	jq "[.stacks[].samples] | add" g.json >actual &&
	jq ".events[0].samples" g.json >expect &&
	test_cmp expect actual
'

test_expect_success JQ 'no callchains: no stacks member, rows as before' '
	kprof record -q -o flat.data -- "$TARGETS/demo" &&
	kprof report --json -i flat.data >flat.json &&
	echo "[\"events\"]" >expect && jq -c keys flat.json >actual && test_cmp expect actual
'

test_expect_success JQ,UPROBES '--json --latency: the table and histograms of --latency' '
	T="$TARGETS/lat-sleep" &&
	kprof record -q -o lat.data -u "$T:lat_*" -U "$T:lat_*" -- "$T" -x -l log &&
	kprof report --json --latency -i lat.data >lat.json &&
	jq -r ".latency[] | \"\(.count) \(.missed_entries + .missed_returns) \(.min) \(.p50) \(.p90) \(.p99) \(.max) \(.function)\"" \
		lat.json >actual &&
	kprof report --latency -i lat.data |
		awk "NF == 9 && \$2 != \"->\" { print \$1, \$2, \$3, \$5, \$6, \$7, \$8, \$9 }" >expect &&
	test_cmp expect actual &&
	jq -r ".latency[] | select(.function == \"probe_lat_sleep:lat_recurse\") | .histogram[] |
		\"\(.low) \(.count)\"" lat.json >actual &&
	awk "\$1 == \"lat_recurse\" { l = 1; while (l * 2 <= \$2) l *= 2; c[l]++ }
		END { for (k in c) print k, c[k] }" log | sort -n >expect &&
	test_line_count = 4 expect &&
	test_cmp expect actual
'

test_done
