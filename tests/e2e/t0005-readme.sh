#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='what README.md promises: the demo split, the pipe and stdin examples'
. "$(dirname "$0")/test-lib.sh"

# rows FILE: "sym percent" of the report rows in FILE.
rows() {
	grep -v '^#' "$1" | awk 'NF >= 5 { sub("%", "", $1); print $NF, $1 }'
}

# check_split FILE: demo_heavy, demo_medium, demo_light are the top three rows
# of demo's own code, in this order, sharing their samples 50/30/20 (+-5; shares
# of the three).  Kernel rows are left out: on a busy machine the preemptions
# of demo add samples in irqentry_exit_to_user_mode that can outrank demo_light.
check_split() {
	rows "$1" | grep "^demo_" | head -n 3 >top &&
	cat top &&
	awk '
		{ sym[NR] = $1; pct[NR] = $2; sum += $2 }
		END {
			split("demo_heavy demo_medium demo_light", want, " ")
			split("50 30 20", share, " ")
			for (i = 1; i <= 3; i++) {
				s = sum > 0 ? pct[i] * 100 / sum : 0
				printf "%s %.1f%% of the three\n", sym[i], s
				if (sym[i] != want[i] || s < share[i] - 5 || s > share[i] + 5)
					bad = 1
			}
			exit bad
		}' top
}

test_expect_success 'make demo: kprof record + kprof report show the 50/30/20 split' '
	kprof record -F 4000 -o demo.data -- "$TARGETS/demo" 0.3 2>err &&
	test_grep "Captured and wrote" err &&
	kprof report --stdio -i demo.data >report &&
	check_split report
'

test_expect_success 'kprof report reads ./perf.data by default, and stdin when piped' '
	kprof -q record -- "$TARGETS/demo" 0.3 &&
	kprof report --stdio </dev/null >from-file 2>err &&
	cat perf.data | kprof report --stdio >from-stdin &&
	test_cmp from-file from-stdin &&
	check_split from-file
'

test_expect_success 'a second record keeps the first as perf.data.old' '
	cp perf.data first &&
	kprof -q record -- "$TARGETS/loop" 10 &&
	cmp first perf.data.old
'

test_expect_success PERF 'perf record -o - | kprof report' '
	perf record -q -e cpu-clock -F 4000 -o - -- "$TARGETS/demo" 0.3 2>/dev/null |
		kprof report >report &&
	check_split report
'

test_expect_success PERF 'kprof record -o - | perf report -i -' '
	kprof -q record -o - -- "$TARGETS/demo" 0.3 | perf report -i - --stdio >report 2>/dev/null &&
	check_split report
'

test_expect_success JQ 'kprof report --json gives the same top row' '
	kprof report --json -i demo.data | jq -r ".events[0].rows[0].sym" >sym &&
	echo demo_heavy >expect &&
	test_cmp expect sym
'

test_done
