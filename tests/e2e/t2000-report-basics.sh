#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='kprof report: input selection, options, errors, --stdio layout, --json, --header'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-report.sh"

test_expect_success 'a missing input: one line naming the file, exit 1' '
	test_expect_code 1 kprof report -i nosuch.data >out 2>err &&
	test_must_be_empty out &&
	echo "kprof: cannot open '"'"'nosuch.data'"'"': No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success 'no -i, stdin not a pipe or file: ./perf.data' '
	test_expect_code 1 kprof report </dev/null >out 2>err &&
	test_grep "'"'"'perf.data'"'"'" err &&
	test_line_count = 1 err
'

test_expect_success 'an empty pipe is an error naming stdin' '
	: | test_expect_code 1 kprof report >out 2>err &&
	test_must_be_empty out &&
	test_grep "^kprof: stdin: " err &&
	test_line_count = 1 err
'

test_expect_success 'garbage input: one line, exit 1' '
	printf "this is not a perf.data file, not at all......................" >junk.data &&
	test_expect_code 1 kprof report -i junk.data >out 2>err &&
	test_grep "^kprof: .*junk.data" err &&
	test_line_count = 1 err
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 kprof report --no-such-option 2>err &&
	test_expect_code 129 kprof report -s "comm,no;such" 2>err &&
	test_grep "invalid --sort key list" err &&
	test_expect_code 129 kprof report -s "" 2>err &&
	test_expect_code 129 kprof report extra-argument 2>err &&
	test_grep "unexpected argument" err
'

test_expect_success '-h lists the options in perf'"'"'s spelling' '
	test_expect_code 129 kprof report -h >out 2>err &&
	for o in -i,\ --input -n,\ --show-nr-samples -s,\ --sort -q,\ --quiet --stdio --tui \
		 --json --kallsyms --header --header-only; do
		test_grep -e "$o" err || return 1
	done
'

test_expect_success PERF 'record a known workload with perf' '
	perf record -q -o perf.data -e cpu-clock -F 2000 -- "$TARGETS/rep-comm" "rep \"x\\y" 300 &&
	perf report --stdio -n -i perf.data >perf.out 2>/dev/null &&
	report_rows <perf.out >perf.rows &&
	test_grep "rep_comm_work" perf.rows
'

test_expect_success PERF 'input: -i, ./perf.data, stdin file, stdin pipe, -i -' '
	kprof report --stdio -n -i perf.data >by-i &&
	kprof report --stdio -n </dev/null >by-default &&
	: >empty &&
	kprof report --stdio -n <empty >by-empty-stdin &&
	test_cmp by-i by-empty-stdin &&
	kprof report --stdio -n <perf.data >by-stdin &&
	cat perf.data | kprof report --stdio -n >by-pipe &&
	cat perf.data | kprof report --stdio -n -i - >by-dash &&
	test_cmp by-i by-default &&
	test_cmp by-i by-stdin &&
	test_cmp by-i by-pipe &&
	test_cmp by-i by-dash
'

test_expect_success PERF 'a --sort key that is no field of the file'"'"'s events: usage error' '
	test_expect_code 129 kprof report --stdio -s comm,nosuch -i perf.data >out 2>err &&
	test_grep "^kprof: report: unknown --sort key .nosuch. " err
'

test_expect_success PERF 'the table: perf'"'"'s header lines, columns and counts' '
	grep -v "^# (Tip:" perf.out >expect &&
	grep -v "^# (Tip:" by-i >actual &&
	test_cmp expect actual &&
	test_grep "^# Samples: [0-9]*K* *of event '"'"'cpu-clock'"'"'$" actual &&
	test_grep "^# Total Lost Samples: 0$" actual &&
	test_grep "^# Overhead       Samples  Command  *Shared Object  *Symbol *$" actual &&
	test_grep "^    [ 0-9][0-9]\.[0-9][0-9]%  *[0-9]*  rep \"x\\\\y  *rep-comm  *\[\.\] rep_comm_work$" actual
'

test_expect_success PERF 'samples add up: rows sum to the event'"'"'s count, -n only adds a column' '
	n=$(sed -n "s/^# Samples: \([0-9]*\) *of event.*/\1/p" by-i) &&
	sum=$(report_rows <by-i | awk -F"|" "{ s += \$3 } END { print s }") &&
	test "$n" = "$sum" &&
	kprof report --stdio -i perf.data >plain &&
	test_grep "^# Overhead  Command " plain &&
	! test_grep "Samples  Command" plain
'

test_expect_success PERF '-q prints only the rows' '
	kprof report --stdio -q -n -i perf.data >q &&
	! grep "^#" q &&
	report_rows <by-i | wc -l >rows &&
	grep -c "%" q >qrows &&
	test_cmp rows qrows
'

test_expect_success PERF '--tui falls back to stdio for now' '
	kprof report --tui -n -i perf.data >tui &&
	test_cmp by-i tui
'

test_expect_success PERF 'sort keys: pid, tid, cpu, sym, dso' '
	kprof report --stdio -n -i perf.data -s pid >pid.out &&
	test_grep "^# Overhead       Samples      Pid:Command *$" pid.out &&
	test_grep "^   100.00%  *[0-9]*  *[0-9]*:rep \"x\\\\y$" pid.out &&
	kprof report --stdio -n -i perf.data -s tid,cpu >tid.out &&
	test_grep "Tid:Command *  CPU$" tid.out &&
	test_grep ":rep \"x\\\\y  -001$" tid.out &&
	kprof report --stdio -q -i perf.data -s sym,comm >sym.out &&
	test_grep "^    [ 0-9][0-9]\.[0-9][0-9]%  \[\.\] rep_comm_work  *rep \"x\\\\y$" sym.out
'

test_expect_success PERF,JQ '--json: same rows, strings escaped, sums right' '
	kprof report --json -i perf.data >out.json &&
	jq -e . out.json >/dev/null &&
	jq -r ".events[0].name" out.json >name &&
	echo cpu-clock >expect &&
	test_cmp expect name &&
	jq -r ".events[0].rows[] | \"\(.samples)|\(.comm)|\(.dso)|\(.sym)\"" out.json >json.rows &&
	report_rows <by-i | awk -F"|" "{ sub(/^\[.\] /, \"\", \$6); print \$3 \"|\" \$4 \"|\" \$5 \"|\" \$6 }" >stdio.rows &&
	test_cmp stdio.rows json.rows &&
	test "$(jq ".events[0].samples" out.json)" = "$(jq "[.events[0].rows[].samples] | add" out.json)" &&
	test "$(jq ".events[0].period" out.json)" = "$(jq "[.events[0].rows[].period] | add" out.json)" &&
	jq -r ".events[0].rows[0].comm" out.json >comm &&
	printf "%s\n" "rep \"x\\y" >expect &&
	test_cmp expect comm
'

test_expect_success PERF,JQ '--json: control characters and bytes that are not UTF-8' '
	name=$(printf "\377\001\303\251z") &&
	perf record -q -o odd.data -e cpu-clock -F 1000 -- "$TARGETS/rep-comm" "$name" 100 &&
	kprof report --json -i odd.data >odd.json &&
	test_grep -F "\"comm\":\"\\ufffd\\u0001" odd.json &&
	jq -r ".events[0].rows[0].comm" odd.json >comm &&
	printf "\357\277\275\001\303\251z\n" >expect &&
	test_cmp expect comm
'

test_expect_success PERF 'a file without samples: perf'"'"'s two lines, a note, exit 0' '
	perf record -q -o empty.data -e cpu-clock -c 1000000000 -- true &&
	perf report --stdio -i empty.data >expect 2>/dev/null &&
	kprof report --stdio -i empty.data >actual 2>err &&
	test_cmp expect actual &&
	echo "kprof: '"'"'empty.data'"'"' has no samples" >expect &&
	test_cmp expect err &&
	kprof report --json -i empty.data >json &&
	echo "{\"events\":[]}" >expect &&
	test_cmp expect json
'

test_expect_success PERF '--header and --header-only show the run'"'"'s env like perf' '
	kprof report --header-only -i perf.data >h &&
	! test_grep "^# Overhead" h &&
	perf report --header-only -i perf.data 2>/dev/null >ph &&
	grep -v "^# build id : " h >actual &&
	test_cmp ph actual &&
	test_grep "^# build id : [0-9a-f]\{40\} .*rep-comm$" h &&
	kprof report --header -n -i perf.data >hr &&
	test_grep "^# hostname : " hr &&
	test_grep "^# Overhead" hr
'

test_done
