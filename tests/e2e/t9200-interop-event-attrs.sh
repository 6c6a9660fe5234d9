#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='-e EVENT: kprof opens and names every spelling as perf 6.1 does'
. "$(dirname "$0")/test-lib.sh"

EVENTS="cpu-clock:u cpu-clock:k task-clock:h cs:uk faults:ppp cpu-clock:G migrations:Gu
	cpu-clock// 1:2 software/config=3,name=x/"
if test_have_prereq ROOT,TRACEFS; then
	EVENTS="$EVENTS sched:sched_switch sched:sched_process_exec:u"
fi

# The `perf evlist -v` line of FILE, without what only perf records (BPF events).
evlist() {
	perf evlist -v -i "$1" 2>/dev/null | grep -v "^#" | sed -e "s/, ksymbol: 1//" -e "s/, bpf_event: 1//"
}

# perf record takes a second even for `true`: run them all at once.
test_expect_success PERF 'perf and kprof record each event' '
	i=0 &&
	for ev in $EVENTS; do
		i=$((i + 1)) &&
		{ perf record -q -e "$ev" -o p$i.data -- true 2>/dev/null & } &&
		kprof record -q -e "$ev" -o k$i.data -- true || return 1
	done &&
	wait
'

i=0
for ev in $EVENTS; do
	i=$((i + 1))
	test_expect_success PERF "-e $ev: the attr and name perf gives it" "
		evlist p$i.data >expect &&
		evlist k$i.data >actual &&
		test_line_count = 1 expect &&
		test_cmp expect actual
	"
done

test_done
