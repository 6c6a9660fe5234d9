#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='bash completion: commands, options, events, kernel symbols, files and functions'
. "$(dirname "$0")/test-lib.sh"

command -v bash >/dev/null 2>&1 || test_skip_all 'no bash'
COMPLETION="$SRC_DIR/scripts/kprof-completion.bash"
PATH="$KPROF_BUILD:$PATH"
export PATH COMPLETION

# complete_line LINE: what bash completes with the cursor at the end of LINE, one per
# line, sorted.  COMP_WORDS is split as bash splits it: on blanks, and with ':'
# and '=' (COMP_WORDBREAKS) as words of their own.
complete_line() {
	bash --norc --noprofile -c '
		. "$COMPLETION"
		COMP_LINE=$1
		COMP_POINT=${#COMP_LINE}
		read -r -a COMP_WORDS <<<"$(printf "%s" "$COMP_LINE" | sed "s/\([:=]\)/ \1 /g")"
		case $COMP_LINE in *[[:space:]]) COMP_WORDS+=("") ;; esac
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_kprof
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' complete "$1" | sort
}

# check LINE WORD...: the completions of LINE are exactly WORD...
check() {
	line=$1
	shift
	complete_line "$line" >actual &&
	if [ $# -gt 0 ]; then printf "%s\n" "$@"; fi | sort >expect &&
	test_cmp expect actual
}

test_expect_success 'the script passes bash -n' '
	bash -n "$COMPLETION"
'

test_expect_success 'commands' '
	check "kprof " help list probe record report stat top version &&
	check "kprof re" record report &&
	check "kprof -q st" stat &&
	check "kprof help r" record report
'

test_expect_success 'global options' '
	check "kprof --v" --verbose --version &&
	check "kprof --list-" --list-cmds --list-opts
'

test_expect_success 'options of each command, from kprof CMD --list-opts' '
	check "kprof record --ca" --call-graph &&
	check "kprof report --he" --header --header-only &&
	check "kprof stat --en" --engine &&
	check "kprof top --st" --stdio &&
	check "kprof probe --d" --del &&
	check "kprof list --raw" --raw-dump
'

test_expect_success 'option values' '
	check "kprof stat --backend " auto pmu tracefs &&
	check "kprof stat --engine=p" ptrace &&
	check "kprof report --sort d" dso &&
	check "kprof top -s r" recent &&
	check "kprof record --call-graph d" dwarf &&
	check "kprof list " hw sw pmu tracepoint probe
'

test_expect_success 'event names for -e, from kprof list' '
	check "kprof stat -e task-c" task-clock &&
	check "kprof record -e cont" context-switches &&
	check "kprof record --event=cpu-c" cpu-clock &&
	check "kprof record -e cpu-m" cpu-migrations
'

test_expect_success TRACEFS 'tracepoints for -e, after the colon' '
	check "kprof record -e sched:sched_swit" sched_switch &&
	check "kprof stat --event=sched:sched_switc" sched_switch
'

test_lazy_prereq KALLSYMS 'grep -q " [tT] do_sys_openat2\$" /proc/kallsyms'

test_expect_success KALLSYMS 'kernel functions for -k and -r, from /proc/kallsyms' '
	check "kprof stat -k do_sys_opena" do_sys_openat2 &&
	check "kprof record -r do_sys_opena" do_sys_openat2 &&
	check "kprof top --kprobe=do_sys_opena" do_sys_openat2 &&
	check "kprof stat -k no_such_function_prefix_x"
'

test_expect_success 'files for -u BIN, then the functions of BIN' '
	check "kprof stat -u $TARGETS/probe-cou" \
		"$TARGETS/probe-count" "$TARGETS/probe-count-nopie" &&
	check "kprof stat -u $TARGETS/probe-count:work_" work_a work_b work_c work_never &&
	check "kprof record -U $TARGETS/probe-count:probe_r" probe_recurse
'

test_expect_success 'files for -i and -o' '
	: >data.one && : >data.two &&
	check "kprof report -i data." data.one data.two &&
	check "kprof record -o data.o" data.one
'

test_expect_success 'after --, the command to run' '
	complete_line "kprof record -- kpro" >actual &&
	test_grep -x kprof actual
'

test_done
