#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='callchains: record -g, report --children/-g/--folded equal to perf report'
. "$(dirname "$0")/test-lib.sh"

# The stacks of the samples in leaf, kernel frames and what runs main cut away.
leaf_stacks() {
	sed -e 's/;[^; ]*_\[k\]//g' -e 's/^[^;]*;.*;main;/main;/' "$1" |
	awk '/;leaf [0-9]+$/ { n[$1] += $2 } END { for (s in n) print s, n[s] }' | sort
}

test_expect_success 'record -g: the known call structure, exactly' '
	kprof record -q -g -o fp.data -- "$TARGETS/cc-fp" &&
	kprof report -i fp.data --folded >folded &&
	leaf_stacks folded >stacks &&
	cut -d" " -f1 stacks >actual &&
	printf "main;a;b;leaf\nmain;c;leaf\n" >expect &&
	test_cmp expect actual &&
	# both paths spin alike: each has over 40% of all samples
	total=$(awk "{ t += \$NF } END { print t }" folded) &&
	awk -v t="$total" "\$2 * 100 < t * 40 { exit 1 }" stacks
'

test_expect_success '--folded: root first, comm first, sorted, counts add up to the samples' '
	test_grep "^cc-fp;.*;main;a;b;leaf [0-9]*$" folded &&
	sort folded >sorted && test_cmp sorted folded &&
	kprof report -i fp.data --stdio -q -n --no-children -g none -s comm |
		awk "NF { print \$2 }" >nr &&
	awk "{ t += \$NF } END { print t }" folded >sum &&
	test_cmp nr sum
'

test_expect_success 'attrs: -g and --call-graph dwarf,SIZE as perf sets them' '
	test_have_prereq PERF || { say "perf missing: attrs not checked"; return 0; } &&
	perf evlist -v -i fp.data >fp.attrs 2>/dev/null &&
	test_grep "sample_type: IP|TID|TIME|CALLCHAIN|PERIOD," fp.attrs &&
	kprof record -q --call-graph dwarf,4000 -o dw.data -- "$TARGETS/cc-fp" 1000 &&
	perf evlist -v -i dw.data >dw.attrs 2>/dev/null &&
	test_grep "sample_type: IP|TID|TIME|ADDR|CALLCHAIN|PERIOD|REGS_USER|STACK_USER|DATA_SRC," dw.attrs &&
	test_grep "exclude_callchain_user: 1" dw.attrs &&
	test_grep "sample_regs_user: 0xff0fff, sample_stack_user: 4000" dw.attrs
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 kprof record --call-graph lbr -- true 2>err &&
	test_grep "bad --call-graph" err &&
	test_expect_code 129 kprof record --call-graph dwarf,0 -- true 2>err &&
	test_expect_code 129 kprof report -i fp.data -g nosuch 2>err &&
	test_grep "invalid -g" err &&
	test_expect_code 129 kprof report -i fp.data --percent-limit x 2>err
'

# compare FILE ARGS...: the whole --stdio output of both, tip line aside
# (INLINE=--no-inline: perf adds inlined frames from debug info, kprof does not)
compare() {
	f=$1 && shift &&
	# perf 6.1 adds " (inlined)" to "[...]" at random (an uninitialised flag)
	perf report --stdio $INLINE -i "$f" "$@" 2>/dev/null | grep -v "^# (Tip:" |
		sed "s/\[\.\.\.\] (inlined)\$/[...]/" >perf.out &&
	kprof report --stdio -i "$f" "$@" 2>kprof.err | grep -v "^# (Tip:" >kprof.out &&
	test_cmp perf.out kprof.out
}

compare_all() {
	compare "$1" &&
	compare "$1" --children -n --sort sym -g none &&
	compare "$1" --no-children &&
	compare "$1" -g fractal &&
	compare "$1" -g callee &&
	compare "$1" -g caller --no-children &&
	compare "$1" -g graph,2,callee --sort dso,sym &&
	compare "$1" --max-stack 3 &&
	compare "$1" --percent-limit 5
}

test_expect_success PERF 'a file kprof recorded: perf report prints the same' '
	compare_all fp.data
'

test_expect_success PERF 'a file perf recorded with -g: the same output' '
	perf record -q -g -o pfp.data -- "$TARGETS/cc-fp" 2>/dev/null &&
	compare_all pfp.data
'

test_expect_success 'record --call-graph dwarf: the stacks of a binary without frame pointers' '
	kprof record -q --call-graph dwarf -o dw.data -- "$TARGETS/cc-nofp" &&
	kprof report -i dw.data --folded >folded &&
	leaf_stacks folded >stacks &&
	cut -d" " -f1 stacks >actual &&
	printf "main;a;b;leaf\nmain;c;leaf\n" >expect &&
	test_cmp expect actual &&
	total=$(awk "{ t += \$NF } END { print t }" folded) &&
	# 80% of all samples unwind to the two stacks (a per-stack share would
	# depend on the load: a slow recorder loses dwarf samples in bursts)
	awk -v t="$total" "{ s += \$2 } END { exit s * 100 < t * 80 }" stacks &&
	# through libc and ld.so (PIE, shared libraries), up to _start
	test_grep "^cc-nofp;_start;__libc_start_main[^;]*;__libc_start_call_main;main;c;leaf [0-9]*$" folded
'

test_expect_success 'the same binary with -g (frame pointers): callers are lost' '
	kprof record -q -g -o nofp.data -- "$TARGETS/cc-nofp" &&
	kprof report -i nofp.data --folded >folded &&
	! grep -q ";main;a;b;leaf [0-9]*$" folded
'

test_expect_success PERF 'dwarf files of kprof and perf: perf report --no-inline prints the same' '
	perf record -q --call-graph dwarf -o pdw.data -- "$TARGETS/cc-nofp" 2>/dev/null &&
	INLINE=--no-inline &&
	for f in dw.data pdw.data; do
		compare $f &&
		compare $f --children -n --sort sym -g none &&
		compare $f --no-children &&
		compare $f -g callee,0.1 || return 1
	done
'

# Many processes: perf orders rows of equal Children with a comparison that is
# not transitive across threads (call depth within one thread, self across), so
# the order of such ties depends on its rb-tree; the rows themselves are equal.
# The graphs are compared on the single-process files above: system-wide, other
# programs' broken stacks tie in ways whose order is arbitrary in both tools.
# (-s sym alone is left out: perf may split one symbol of many processes in two rows.)
test_expect_success PERF 'system-wide -g with kernel stacks: the same rows, Children and Self' '
	perf record -q -g -a -o sys.data -- "$TARGETS/cc-fp" 100000000 2>/dev/null &&
	compare sys.data --no-children -g none -n &&
	for args in "-g none" "-g none -s dso,sym" "-g none -s comm,sym"; do
		perf report --stdio -q -n -i sys.data --children $args 2>/dev/null |
			grep "^ *[0-9]" | sort >perf.rows &&
		kprof report --stdio -q -n -i sys.data --children $args |
			grep "^ *[0-9]" | sort >kprof.rows &&
		test_cmp perf.rows kprof.rows || return 1
	done
'

test_done
