#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='call stacks of probe hits: uprobes with -g and --call-graph dwarf'
. "$(dirname "$0")/test-lib.sh"

# cc-fp/cc-nofp call leaf() exactly twice: main;a;b;leaf and main;c;leaf.

test_expect_success UPROBES 'dwarf stacks of a uprobe at function entry are the two known paths' '
	kprof record -q --call-graph dwarf -u "$TARGETS/cc-nofp:leaf" -o d.data -- \
		"$TARGETS/cc-nofp" 1000 &&
	kprof report --folded -i d.data >folded &&
	sed -e "s/^cc-nofp;.*main;/main;/" folded | sort >actual &&
	printf "%s\n" "main;a;b;leaf 1" "main;c;leaf 1" >expect &&
	test_cmp expect actual
'

test_expect_success UPROBES,PERF 'perf reads the same probe stacks from kprof'"'"'s file' '
	perf report -i d.data --stdio --no-children -n -g caller --percent-limit 0 \
		>perf.out 2>err &&
	test_grep "\[\.\] leaf" perf.out &&
	test_grep "b$" perf.out &&
	test_grep "c$" perf.out
'

# With frame pointers a hit at entry sees leaf before its frame is pushed,
# so the frame walk skips leaf'"'"'s caller: the same stacks perf gives.
test_expect_success UPROBES 'fp stacks of a uprobe at entry: one sample per call, caller skipped as by perf' '
	kprof record -q -g -u "$TARGETS/cc-fp:leaf" -o f.data -- "$TARGETS/cc-fp" 1000 &&
	kprof report --folded -i f.data >folded &&
	sed -e "s/^cc-fp;.*main;/main;/" folded | sort >actual &&
	printf "%s\n" "main;a;leaf 1" "main;leaf 1" >expect &&
	test_cmp expect actual
'

test_done
