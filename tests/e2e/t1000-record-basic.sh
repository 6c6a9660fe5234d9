#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record -- CMD: a file perf reads, the summary, exit status, output handling'
. "$(dirname "$0")/test-lib.sh"

# samples_in FILE: the number of PERF_RECORD_SAMPLE records perf finds in FILE.
samples_in() {
	perf report -D -i "$1" 2>/dev/null | grep -c "PERF_RECORD_SAMPLE("
}

test_expect_success PERF 'record spin: perf reads the file without warnings' '
	kprof record -o spin.data -- "$TARGETS/spin" 300 2>summary &&
	perf report -i spin.data --stdio --sort sym >report 2>err &&
	test_must_be_empty err &&
	test_grep "spin_work" report
'

test_expect_success PERF 'the hot function of spin leads the report' '
	perf report -i spin.data --stdio --sort sym -q >report 2>err &&
	head -n 1 report >top &&
	test_grep "\[\.\] spin_work" top &&
	pct=$(sed -n "s/^ *\([0-9]*\)\.[0-9]*%.*/\1/p" top) &&
	test "$pct" -ge 80
'

test_expect_success PERF 'the summary counts exactly the samples in the file' '
	test_grep "^\[ kprof record: Woken up [0-9]* times to write data \]$" summary &&
	n=$(sed -n "s/^\[ kprof record: Captured and wrote [0-9.]* MB spin.data (\([0-9]*\) samples) \]$/\1/p" summary) &&
	test -n "$n" &&
	test "$n" -gt 100 &&
	test "$(samples_in spin.data)" = "$n" &&
	test "$(perf script -i spin.data 2>/dev/null | wc -l)" = "$n"
'

test_expect_success PERF 'the event is cpu-clock at 4000 Hz with perf'"'"'s attr bits' '
	perf evlist -v -i spin.data >evlist &&
	test_grep "^cpu-clock: type: 1, size: 128, { sample_period, sample_freq }: 4000, sample_type: IP|TID|TIME|PERIOD, read_format: ID|LOST, disabled: 1, inherit: 1, mmap: 1, comm: 1, freq: 1, enable_on_exec: 1, task: 1, sample_id_all: 1, exclude_guest: 1, mmap2: 1, comm_exec: 1$" evlist
'

test_expect_success PERF 'the build ids of the DSOs with samples are recorded' '
	perf buildid-list -i spin.data >bids 2>err &&
	test_must_be_empty err &&
	id=$(readelf -n "$TARGETS/spin" | sed -n "s/^ *Build ID: \([0-9a-f]*\)$/\1/p") &&
	test -n "$id" &&
	test_grep "^$id .*/spin$" bids &&
	kid=$(perf buildid-list -k) &&
	test_grep "^$kid \[kernel.kallsyms\]$" bids
'

test_expect_success 'the exit status of the command is passed through' '
	test_expect_code 7 kprof record -q -o st.data -- "$TARGETS/loop" 10 7 &&
	test -s st.data &&
	test_expect_code 0 kprof record -q -o st.data -- "$TARGETS/loop" 10 0
'

test_expect_success '-q prints nothing' '
	kprof record -q -o q.data -- "$TARGETS/loop" 10 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'an existing output is kept as FILE.old' '
	kprof record -q -o keep.data -- "$TARGETS/loop" 10 &&
	cp keep.data first.data &&
	kprof record -q -o keep.data -- "$TARGETS/loop" 10 &&
	cmp first.data keep.data.old &&
	test -s keep.data
'

test_expect_success PERF '-o - writes a pipe perf report reads' '
	kprof record -o - -- "$TARGETS/spin" 200 2>summary | perf report -i - --stdio --sort sym >report 2>err &&
	test_grep "spin_work" report &&
	n=$(sed -n "s/^\[ kprof record: Captured and wrote [0-9.]* MB standard output (\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$n" -gt 50
'

test_expect_success PERF 'a pipe recording holds exactly the samples counted' '
	kprof record -o - -- "$TARGETS/spin" 100 >pipe.data 2>summary &&
	n=$(sed -n "s/.*(\([0-9]*\) samples) \]$/\1/p" summary) &&
	test "$(perf report -D -i - <pipe.data 2>/dev/null | grep -c "PERF_RECORD_SAMPLE(")" = "$n"
'

test_expect_success 'the command'"'"'s stdout stays off the pipe' '
	kprof record -q -o - -- printf "%s%s\\n" hel lo >pipe.data 2>err &&
	test_grep "^hello$" err &&
	! grep -q hello pipe.data
'

test_expect_success 'a reader of -o - that goes away: one line, exit 1, the command stopped' '
	{ kprof record -o - -- "$TARGETS/spin" 20000 2>err; echo $? >rc; } | head -c 100 >/dev/null &&
	echo 1 >expect &&
	test_cmp expect rc &&
	echo "kprof: cannot write standard output: Broken pipe" >expect &&
	test_cmp expect err
'

test_expect_success 'command not found: one line, exit 1, no file' '
	test_expect_code 1 kprof record -o nf.data -- nosuch-command-kprof >out 2>err &&
	echo "kprof: cannot run '"'"'nosuch-command-kprof'"'"': No such file or directory" >expect &&
	test_cmp expect err &&
	test_must_be_empty out &&
	! test -e nf.data
'

test_expect_success 'a command that is not executable: exit 1, no file' '
	echo "true" >notexec && chmod 644 notexec &&
	test_expect_code 1 kprof record -o ne.data -- ./notexec 2>err &&
	test_grep "cannot run '"'"'./notexec'"'"': Permission denied" err &&
	! test -e ne.data
'

test_expect_success 'unwritable output: one line, exit 1, the command does not run' '
	test_expect_code 1 kprof record -o /nonexistent/dir/x.data -- sh -c "touch ran" 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: cannot open '"'"'/nonexistent/dir/x.data'"'"': No such file or directory$" err &&
	! test -e ran
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 kprof record 2>err &&
	test_grep "nothing to record" err &&
	test_expect_code 129 kprof record --no-such-option -- true 2>err &&
	test_expect_code 129 kprof record -F abc -- true 2>err &&
	test_grep "bad frequency" err &&
	test_expect_code 129 kprof record -m 3 -- true 2>err &&
	test_grep "power of 2" err &&
	test_expect_code 129 kprof record -p 1 -t 1 2>err &&
	test_expect_code 129 kprof record -F 100 -c 1000 -- true 2>err
'

test_expect_success 'an unknown event: one line, exit 1, no file' '
	test_expect_code 1 kprof record -e cpu-clok -o ue.data -- true >out 2>err &&
	test_line_count = 1 err &&
	test_grep "cpu-clok" err &&
	! test -e ue.data
'

test_done
