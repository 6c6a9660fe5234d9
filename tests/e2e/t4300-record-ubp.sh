#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record --engine=ptrace: every hit a sample in an ordinary perf.data, unprivileged'
. "$(dirname "$0")/test-lib.sh"

chmod 777 "$TRASH"
T="$TARGETS/probe-count"
NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
nobody() { $NOBODY "$@"; }

# rows FILE [SORT]: "SAMPLES SYMBOL" of kprof report, one per row, sorted
rows() {
	kprof report -q -i "$1" --stdio -n --sort "${2:-sym}" |
	tr -s " " | sed -n "s/^ *[0-9.]*% \([0-9]*\) \(.*[^ ]\) *$/\1 \2/p" | sort
}

# perf_rows FILE [SORT]: the same from perf 6.1 (no warning on stderr allowed)
perf_rows() {
	perf report -f -q -i "$1" --stdio -n --sort "${2:-sym}" 2>perf.err |
	tr -s " " | sed -n "s/^ *[0-9.]*% \([0-9]*\) \(.*[^ ]\) *$/\1 \2/p" | sort &&
	test_must_be_empty perf.err
}

# events FILE: "COUNT EVENT" of every sample perf script reads
events() {
	perf script -f -i "$1" -F event 2>script.err | sort | uniq -c |
	sed "s/^ *\([0-9]*\) *\(.*[^ :]\):* *$/\1 \2/" &&
	test_must_be_empty script.err
}

test_expect_success SETPRIV,PTRACE 'unprivileged, PIE: exact hits per probe; auto says ptrace' '
	nobody "$KPROF" record -o pie.data -u "$T:work_a" -u "$T:work_b" -u "$T:work_never" \
		-- "$T" 1000 3 >stdout 2>err &&
	test_grep "^kprof: engine: ptrace (kernel uprobes need root or CAP_PERFMON)$" err &&
	test_grep "(1003 samples)" err &&
	printf "%s\n" "1000 [.] work_a" "3 [.] work_b" >expect &&
	rows pie.data >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE,PERF 'perf report and perf script read the same counts, without a warning' '
	printf "%s\n" "1000 [.] work_a" "3 [.] work_b" >expect &&
	perf_rows pie.data >actual && test_cmp expect actual &&
	printf "%s\n" "1000 ubp:work_a" "3 ubp:work_b" >expect &&
	events pie.data >actual && test_cmp expect actual &&
	perf script -f -i pie.data -F comm,ip,sym,dso 2>/dev/null | sort | uniq -c |
		awk "{ print \$1, \$2, \$4, \$5 }" >actual &&
	printf "%s\n" "1000 probe-count work_a ($T)" "3 probe-count work_b ($T)" >expect &&
	test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE,PERF 'the events: ubp:SYM, execute breakpoints at the ELF address' '
	perf report -f -i pie.data --header-only >header 2>/dev/null &&
	test_grep "event : name = ubp:work_a, .*type = 5, .*sample_type = IP|TID|TIME|CPU|PERIOD|IDENTIFIER" header &&
	test_grep "event : name = ubp:work_b, .*bp_type = 4" header &&
	addr=$(nm "$T" | sed -n "s/^0*\([0-9a-f]*\) T work_a$/\1/p") &&
	test_grep "name = ubp:work_a, .*bp_addr, config1 } = 0x$addr," header
'

test_expect_success SETPRIV,PTRACE,PERF '8 threads: exact hits in total and per thread' '
	nobody "$KPROF" record -q -o thr.data -u "$TARGETS/ubp-threads:ubp_work" \
		-- "$TARGETS/ubp-threads" 8 20000 >/dev/null 2>&1; echo $? >status &&
	echo 3 >expect && test_cmp expect status &&
	echo "160000 [.] ubp_work" >expect &&
	rows thr.data >actual && test_cmp expect actual &&
	perf_rows thr.data >actual && test_cmp expect actual &&
	perf script -f -i thr.data -F tid 2>/dev/null | sort | uniq -c | awk "{ print \$1 }" >per &&
	test_line_count = 9 per &&
	grep -c "^20000$" per >n && echo 8 >expect && test_cmp expect n &&
	grep -c "^0$" per >/dev/null || :
'

test_expect_success SETPRIV,PTRACE,PERF 'a non-PIE binary and a shared library' '
	nobody "$KPROF" record -q -o nopie.data -u "$TARGETS/probe-count-nopie:work_b" \
		-- "$TARGETS/probe-count-nopie" 5 777 &&
	echo "777 [.] work_b" >expect &&
	rows nopie.data >actual && test_cmp expect actual &&
	perf_rows nopie.data >actual && test_cmp expect actual &&
	nobody "$KPROF" record -q -o lib.data -u "$TARGETS/libprobe-lib.so:plib_work" \
		-u "$TARGETS/libprobe-lib.so:plib_other" -- "$TARGETS/probe-uselib" 1234 56 &&
	printf "%s\n" "1234 libprobe-lib.so [.] plib_work" "56 libprobe-lib.so [.] plib_other" |
		sort >expect &&
	rows lib.data dso,sym >actual && test_cmp expect actual &&
	perf_rows lib.data dso,sym >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE,PERF 'dlopen, a library constructor, fork+exec: every hit in its process and DSO' '
	L=$TARGETS/libprobe-lib.so &&
	nobody "$KPROF" record -q -o dl.data -u "$L:plib_work" -u "$L:plib_other" \
		-- "$TARGETS/ubp-dlopen" 100 10 >stdout &&
	echo "opened twice" >expect && test_cmp expect stdout &&
	printf "%s\n" "110 libprobe-lib.so [.] plib_work" "1 libprobe-lib.so [.] plib_other" |
		sort >expect &&
	rows dl.data dso,sym >actual && test_cmp expect actual &&
	perf_rows dl.data dso,sym >actual && test_cmp expect actual &&
	C=$TARGETS/libubp-ctor.so &&
	nobody "$KPROF" record -q -o ct.data -u "$C:ubp_ctor_work" -- "$TARGETS/ubp-ctor" 10 \
		>stdout &&
	echo "calls 13" >expect && test_cmp expect stdout &&
	echo "13 ubp-ctor libubp-ctor.so [.] ubp_ctor_work" >expect &&
	rows ct.data comm,dso,sym >actual && test_cmp expect actual &&
	perf_rows ct.data comm,dso,sym >actual && test_cmp expect actual &&
	F=$TARGETS/ubp-fork &&
	nobody "$KPROF" record -q -o fk.data -u "$F:ubp_work" -- "$F" 10 >stdout; echo $? >status &&
	echo 3 >expect && test_cmp expect status &&
	printf "%s\n" "10 ubp-fork [.] ubp_work" "10 ubp-fork [.] ubp_work" \
		"20 exe [.] ubp_work" "30 exe [.] ubp_work" | sort >expect &&
	rows fk.data comm,pid,sym | sed "s/ [0-9]*:[a-z-]* / /" | sort >actual &&
	test_cmp expect actual &&
	perf_rows fk.data comm,pid,sym | sed "s/ [0-9]*:[a-z-]* / /" | sort >actual &&
	test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'the traced program: stdout, stderr and exit status as untraced' '
	nobody "$TARGETS/ubp-threads" 4 5000 >stdout.plain 2>stderr.plain; echo $? >status.plain &&
	nobody "$KPROF" record -q -o io.data --engine=ptrace -u "$TARGETS/ubp-threads:ubp_work" \
		-- "$TARGETS/ubp-threads" 4 5000 >stdout.traced 2>stderr.traced; echo $? >status.traced &&
	test_cmp stdout.plain stdout.traced &&
	test_cmp stderr.plain stderr.traced &&
	test_cmp status.plain status.traced &&
	echo "20000 [.] ubp_work" >expect && rows io.data >actual && test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE,PERF 'fork and vfork children are followed; --no-inherit counts only the parent' '
	nobody "$TARGETS/ubp-forker" 10 20 30 >plain; echo $? >status.plain &&
	nobody "$KPROF" record -q -o inh.data -u "$TARGETS/ubp-forker:ubp_fork_work" \
		-- "$TARGETS/ubp-forker" 10 20 30 >traced; echo $? >status &&
	test_cmp plain traced && test_cmp status.plain status &&
	echo "60 [.] ubp_fork_work" >expect && rows inh.data >actual && test_cmp expect actual &&
	perf script -f -i inh.data -F pid 2>/dev/null | uniq -c | awk "{ print \$1 }" >per &&
	printf "%s\n" 10 20 30 >expect && test_cmp expect per &&
	nobody "$KPROF" record -q --no-inherit -o noinh.data \
		-u "$TARGETS/ubp-forker:ubp_fork_work" -- "$TARGETS/ubp-forker" 10 20 30 >traced
	echo $? >status &&
	test_cmp plain traced && test_cmp status.plain status &&
	echo "10 [.] ubp_fork_work" >expect && rows noinh.data >actual && test_cmp expect actual &&
	perf_rows noinh.data >actual && test_cmp expect actual &&
	nobody "$KPROF" stat -x, --no-inherit -u "$TARGETS/ubp-forker:ubp_fork_work" \
		-- "$TARGETS/ubp-forker" 10 20 30 >traced 2>out
	echo $? >status &&
	test_cmp plain traced && test_cmp status.plain status &&
	test_grep "^10,0,probe_ubp_forker:ubp_fork_work$" out
'

test_expect_success SETPRIV,PTRACE 'call stacks: -g walks frame pointers, dwarf unwinds the copied stack' '
	nobody "$KPROF" record -q -g -o fp.data -u "$TARGETS/cc-fp:leaf" -- "$TARGETS/cc-fp" 1000 &&
	kprof report --folded -i fp.data >folded &&
	sed -e "s/^cc-fp;.*main;/main;/" folded | sort >actual &&
	printf "%s\n" "main;a;leaf 1" "main;leaf 1" >expect &&
	test_cmp expect actual &&
	nobody "$KPROF" record -q --call-graph dwarf -o dw.data -u "$TARGETS/cc-nofp:leaf" -- \
		"$TARGETS/cc-nofp" 1000 &&
	kprof report --folded -i dw.data >folded &&
	sed -e "s/^cc-nofp;.*main;/main;/" folded | sort >actual &&
	printf "%s\n" "main;a;b;leaf 1" "main;c;leaf 1" >expect &&
	test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE 'stacks through frames hijacked by a return probe show the real callers' '
	nobody "$KPROF" record -q -g -o hfp.data -u "$TARGETS/cc-fp:leaf" -U "$TARGETS/cc-fp:a" \
		-- "$TARGETS/cc-fp" 1000 &&
	kprof report --folded -i hfp.data | grep ";leaf " |
		sed -e "s/^cc-fp;.*main;/main;/" | sort >actual &&
	printf "%s\n" "main;a;leaf 1" "main;leaf 1" >expect &&
	test_cmp expect actual &&
	nobody "$KPROF" record -q --call-graph dwarf -o hdw.data -u "$TARGETS/cc-nofp:leaf" \
		-U "$TARGETS/cc-nofp:a" -- "$TARGETS/cc-nofp" 1000 &&
	kprof report --folded -i hdw.data | grep ";leaf " |
		sed -e "s/^cc-nofp;.*main;/main;/" | sort >actual &&
	printf "%s\n" "main;a;b;leaf 1" "main;c;leaf 1" >expect &&
	test_cmp expect actual
'

test_expect_success SETPRIV,PTRACE,PERF 'perf unwinds the same stacks' '
	perf report -f -i dw.data --stdio --no-children -n -g caller --percent-limit 0 \
		>perf.out 2>err &&
	test_grep "\[\.\] leaf" perf.out && test_grep "b$" perf.out && test_grep "c$" perf.out &&
	perf script -f -i fp.data -F ip,sym 2>/dev/null >fp.script &&
	test_grep "main" fp.script && test_grep "leaf" fp.script
'

# text_of PID: the bytes of the executable's code mapping of PID, from /proc/PID/mem.
text_of() {
	range=$(grep " r-xp .*ubp-loop$" /proc/$1/maps | head -n 1 | cut -d" " -f1) &&
	perl -e 'open(F, "<", "/proc/$ARGV[0]/mem") or die; my ($s, $e) = map { hex } split /-/, $ARGV[1];
		sysseek(F, $s, 0) or die; sysread(F, my $b, $e - $s) == $e - $s or die; print $b' $1 "$range"
}

test_expect_success SETPRIV,PTRACE,PERF 'record -p, SIGINT: the process runs on, its text unchanged, hits in the file' '
	$NOBODY "$TARGETS/ubp-loop" ready >loop.out 2>&1 &
	loop=$! &&
	test_when_finished "kill $loop 2>/dev/null || :" &&
	while ! test -e ready; do sleep 0.05; done &&
	text_of $loop >text.before &&
	{ $NOBODY "$KPROF" record -o p.data -u "$TARGETS/ubp-loop:ubp_tick" -p $loop 2>out & } &&
	kp=$! &&
	n=0 && while ! grep -q "^TracerPid:	[1-9]" /proc/$loop/status && test $n -lt 200; do
		n=$((n + 1)); sleep 0.05; done &&
	n=0 && while ! test -s p.data && test $n -lt 100; do n=$((n + 1)); sleep 0.05; done &&
	sleep 0.3 &&
	kill -INT $kp && wait $kp &&
	grep "^TracerPid:	0$" /proc/$loop/status &&
	text_of $loop >text.after &&
	test_cmp text.before text.after &&
	rows p.data >actual &&
	test_grep "^[1-9][0-9]* \[\.\] ubp_tick$" actual &&
	perf_rows p.data >perf.actual && test_cmp actual perf.actual &&
	n=$(sed -n "s/.*(\([0-9]*\) samples).*/\1/p" out) &&
	echo "$n [.] ubp_tick" >expect && test_cmp expect actual &&
	kill -USR1 $loop && wait $loop &&
	{ "$TARGETS/ubp-loop" ready2 >plain.out 2>&1 & } && plain=$! &&
	while ! test -e ready2; do sleep 0.05; done &&
	kill -USR1 $plain && wait $plain &&
	test_cmp plain.out loop.out
'

test_expect_success SETPRIV,PTRACE 'another user'"'"'s process: one line naming the reason, exit 1, no file' '
	"$TARGETS/ubp-loop" ready3 >/dev/null 2>&1 &
	loop=$! &&
	test_when_finished "kill $loop 2>/dev/null || :" &&
	while ! test -e ready3; do sleep 0.05; done &&
	test_expect_code 1 nobody "$KPROF" record -o other.data --engine=ptrace \
		-u "$TARGETS/ubp-loop:ubp_tick" -p $loop 2>err &&
	echo "kprof: cannot attach to process $loop: it belongs to another user (uid 0)" >expect &&
	test_cmp expect err &&
	test_path_is_missing other.data
'

test_expect_success SETPRIV,PTRACE,PERF 'return probes: each return a sample; returns lost to longjmp are misses' '
	L=$TARGETS/ubp-longjmp &&
	nobody "$KPROF" record -o lj.data -u "$L:ubp_inner" -U "$L:ubp_inner" -- "$L" 100 \
		>stdout 2>err &&
	echo "jumps 50 returns 51" >expect && test_cmp expect stdout &&
	test_grep "^\[ kprof record: .ubp:ubp_inner__return. hit 51 times, missed 50 (ptrace) \]$" err &&
	test_grep "^\[ kprof record: .ubp:ubp_inner. hit 101 times, missed 0 (ptrace) \]$" err &&
	kprof report -i lj.data --stdio >report &&
	test_grep "^# *51 *50  ptrace  *ubp:ubp_inner__return$" report &&
	printf "%s\n" "101 ubp:ubp_inner" "51 ubp:ubp_inner__return" >expect &&
	events lj.data >actual && test_cmp expect actual &&
	perf report -f -i lj.data --stdio >perf.out 2>perf.err &&
	test_must_be_empty perf.err
'

test_expect_success PTRACE,PERF 'pipe mode (-o -): kprof and perf read the same hits' '
	kprof record -q --engine=ptrace -o - -u "$T:work_b" -- "$T" 1 33 >pipe.data &&
	echo "33 [.] work_b" >expect &&
	kprof report -q -i - --stdio -n --sort sym <pipe.data | tr -s " " |
		sed -n "s/^ *[0-9.]*% \([0-9]*\) \(.*[^ ]\) *$/\1 \2/p" >actual &&
	test_cmp expect actual &&
	perf report -q -i - --stdio -n --sort sym <pipe.data 2>perf.err | tr -s " " |
		sed -n "s/^ *[0-9.]*% \([0-9]*\) \(.*[^ ]\) *$/\1 \2/p" >actual &&
	test_cmp expect actual && test_must_be_empty perf.err
'

test_expect_success PTRACE 'what the engine does not record: -e, -a, kernel probes' '
	test_expect_code 1 kprof record -q --engine=ptrace -e cpu-clock -u "$T:work_a" \
		-o x.data -- "$T" 1 2>err &&
	echo "kprof: the ptrace engine records -u probes only (no -e, -a, -C or -t)" >expect &&
	test_cmp expect err &&
	test_path_is_missing x.data
'

test_done
