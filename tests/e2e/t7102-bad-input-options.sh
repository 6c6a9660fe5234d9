#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='bad options, bad -e specs, unknown pids, unreadable inputs: one line, exit 1 or 129'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-bad-input.sh"

# fails CODE MESSAGE-ERE CMD...: CMD exits CODE within the bounds, prints
# nothing on stdout, and its stderr's first line matches MESSAGE-ERE.
fails() {
	code=$1 msg=$2
	shift 2
	bounded "$@" >out 2>err </dev/null
	ret=$?
	if [ $ret != "$code" ]; then
		echo "fails: '$*' exited $ret, wanted $code" >&2
		cat err >&2
		return 1
	fi
	test_must_be_empty out &&
	head -n 1 err >err1 &&
	test_grep -E "$msg" err1
}

# one_line CODE MESSAGE CMD...: as fails, and stderr is exactly MESSAGE.
one_line() {
	want=$2
	code=$1
	shift 2
	fails "$code" "" "$@" &&
	test_line_count = 1 err &&
	echo "$want" >expect && test_cmp expect err
}

test_expect_success 'unknown options: usage, exit 129' '
	fails 129 "^kprof: unknown option: --bogus$" "$KPROF" --bogus &&
	one_line 129 "kprof: '\''bogus'\'' is not a kprof command; see '\''kprof help'\''" "$KPROF" bogus &&
	fails 129 "unknown option .bogus" "$KPROF" report --bogus &&
	fails 129 "unknown option .bogus" "$KPROF" record --bogus &&
	fails 129 "switch .i. requires a value" "$KPROF" report -i
'

# Found by fuzz-options (tests/fuzz/regressions/options/): libsubcmd reads a few
# bytes past these arguments while printing the usage; in a process they are
# the next strings' bytes, so the usage and 129 are all that shows.
test_expect_success 'an ambiguous --n, -h with an empty argument: usage, exit 129' '
	fails 129 "Ambiguous option: n " "$KPROF" report --n &&
	fails 129 "" "$KPROF" record -F x -h "" &&
	test_grep "^ Usage: kprof record" err &&
	test_grep "^    -F, --freq" err
'

test_expect_success 'bad option values: exit 129 with the value named' '
	fails 129 "switch .c. expects a numerical value" "$KPROF" record -c abc -- true &&
	for v in 0 -5 abc; do
		fails 129 "^kprof: bad frequency '\''$v'\''$" "$KPROF" record -F $v -- true || return 1
	done &&
	for v in 0 3 abc; do
		fails 129 "^kprof: bad -m '\''$v'\'': the number of pages must be a power of 2$" \
			"$KPROF" record -m $v -o x -- true || return 1
	done &&
	one_line 129 "kprof: report: invalid --sort key list '\''no;such'\'' (keys: comm, pid, tid, dso, sym, cpu, trace, tracepoint fields)" \
		"$KPROF" report -s "no;such" -i x &&
	fails 129 "^kprof: nothing to record" "$KPROF" record
'

test_expect_success 'bad -e specs: one line, exit 1' '
	one_line 1 "kprof: unknown event '\''nosuch'\''" "$KPROF" record -e nosuch -- true &&
	one_line 1 "kprof: bad modifier '\''zz'\'' in '\''cpu-clock:zz'\''" "$KPROF" record -e cpu-clock:zz -- true &&
	one_line 1 "kprof: empty event" "$KPROF" record -e "" -- true &&
	one_line 1 "kprof: bad value '\'''\'' for term '\''period'\'' in '\''cpu-clock/period=/'\''" \
		"$KPROF" record -e cpu-clock/period=/ -- true &&
	fails 1 "^kprof: " "$KPROF" record -e "$(printf "cpu-clock\\nx")" -- true &&
	test_line_count = 1 err &&
	fails 1 "^kprof: " "$KPROF" record -e "$(perl -e "print q(x) x 100000")" -- true &&
	test_line_count = 1 err
'

test_expect_success 'bad probe specs: one line, exit 1 (a newline in one is not echoed)' '
	one_line 1 "kprof: bad probe '\''-u /bin/true:'\'': no symbol" "$KPROF" stat -u /bin/true: -- true &&
	one_line 1 "kprof: bad probe '\''-k vfs_*?x'\'': bad character '\''?'\'' in symbol '\''vfs_*?x'\''" \
		"$KPROF" stat -k "$(printf "vfs_*\\nx")" -- true
'

test_expect_success TRACEFS 'an unknown tracepoint: one line, exit 1' '
	one_line 1 "kprof: tracepoint '\''sched:nosuch'\'' not found" "$KPROF" record -e sched:nosuch -- true
'

test_expect_success 'unknown pids, tids, cpus and commands: one line, exit 1' '
	one_line 1 "kprof: cannot record pid 999999: No such process" "$KPROF" record -p 999999 -o x &&
	one_line 1 "kprof: cannot record tid 999999: No such process" "$KPROF" record -t 999999 -o x &&
	one_line 1 "kprof: bad pid list '\''abc'\''" "$KPROF" record -p abc -o x &&
	one_line 1 "kprof: bad cpu list '\''99'\'': cpu 99 is not online" "$KPROF" record -C 99 -o x -- true &&
	one_line 1 "kprof: cannot run '\''/nonexistent'\'': No such file or directory" \
		"$KPROF" record -o x -- /nonexistent &&
	test_path_is_missing x
'

test_expect_success 'unusable inputs and outputs: one line, exit 1' '
	one_line 1 "kprof: cannot open '\''nofile'\'': No such file or directory" "$KPROF" report --stdio -i nofile &&
	mkdir dir &&
	one_line 1 "kprof: dir: is a directory without a '\''data'\'' file" "$KPROF" report --stdio -i dir &&
	one_line 1 "kprof: /dev/null: file is empty" "$KPROF" report --stdio -i /dev/null &&
	one_line 1 "kprof: cannot open '\''nodir/x'\'': No such file or directory" \
		"$KPROF" record -o nodir/x -- true
'

test_expect_success 'a non-perf file and a short one' '
	printf "#!/bin/sh\\necho not a perf file\\n" >script.data &&
	one_line 1 "kprof: script.data: not a perf.data file (bad magic)" "$KPROF" report --stdio -i script.data &&
	head -c 20000 /dev/zero >zero.data &&
	one_line 1 "kprof: zero.data: not a perf.data file (bad magic)" "$KPROF" report --stdio -i zero.data
'

test_expect_success SETPRIV 'an unreadable file, as nobody: one line, exit 1' '
	kprof record -q -e cpu-clock -c 100000 -o secret.data -- "$TARGETS/spin" 20 &&
	chmod 600 secret.data &&
	fails 1 "" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$KPROF" report --stdio -i "$TRASH/secret.data" &&
	test_line_count = 1 err &&
	echo "kprof: cannot open '\''$TRASH/secret.data'\'': Permission denied" >expect &&
	test_cmp expect err
'

test_done
