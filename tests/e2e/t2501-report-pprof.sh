#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report --pprof: go tool pprof reads the profile and shows kprof report'"'"'s totals'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GO 'go version && go tool pprof -h'

# kprof_flat FILE: "SAMPLES NAME" per symbol name (kprof report -s sym), unresolved left out
kprof_flat() {
	kprof report --stdio -q -n --no-children -g none -s sym -i "$1" | awk "NF >= 4" |
	awk '{ n = $4; for (i = 5; i <= NF; i++) n = n " " $i; s[n] += $2 }
	     END { for (k in s) if (k !~ /^0x/) print s[k], k }' | sort
}

# kprof_total FILE: the number of samples of kprof report
kprof_total() {
	kprof report --stdio -q -n --no-children -g none -s sym -i "$1" | awk "NF >= 4" |
	awk '{ s += $2 } END { print s }'
}

# pprof_flat FILE: "FLAT NAME" of go tool pprof -top, non-zero, unresolved left out
pprof_flat() {
	go tool pprof -top -nodefraction=0 "$1" 2>/dev/null |
	awk 'on && $1 != 0 { n = $6; for (i = 7; i <= NF; i++) n = n " " $i; s[n] += $1 }
	     /flat%/ { on = 1 }
	     END { for (k in s) if (k !~ /^0x/) print s[k], k }' | sort
}

pprof_total() {
	go tool pprof -top -nodefraction=0 "$1" 2>/dev/null | awk 'on { s += $1 } /flat%/ { on = 1 } END { print s }'
}

# pprof_folded FILE: go tool pprof -traces as "root;...;leaf COUNT", stacks summed over threads
pprof_folded() {
	go tool pprof -traces "$1" 2>/dev/null | awk '
		function flush() { if (st != "") agg[st] += cnt; st = ""; cnt = "" }
		/^-+\+/ { flush(); on = 1; next }
		!on || /^ +[a-z]+: / { next }
		{
			if (cnt == "" && $1 ~ /^[0-9]+$/) { cnt = $1; f = 2 } else { f = 1 }
			n = $f; for (i = f + 1; i <= NF; i++) n = n " " $i
			st = st == "" ? n : n ";" st
		}
		END { flush(); for (k in agg) print k, agg[k] }' | sort
}

# kprof_folded FILE: kprof report --folded without the comm and the kernel marks, summed
kprof_folded() {
	kprof report --folded -i "$1" | sed -e "s/^[^;]*;//" -e "s/_\[k\]//g" |
	awk '{ c = $NF; $NF = ""; sub(/ $/, ""); agg[$0] += c } END { for (k in agg) print k, agg[k] }' |
	sort
}

test_expect_success GO 'flat profile of kprof record: the same samples per function' '
	kprof record -q -o flat.data -- "$TARGETS/demo" &&
	kprof report --pprof flat.pb.gz -i flat.data >out &&
	test_must_be_empty out &&
	test "$(head -c 2 flat.pb.gz | od -An -tx1 | tr -d " ")" = 1f8b &&
	kprof_flat flat.data >expect &&
	pprof_flat flat.pb.gz >actual &&
	test_cmp expect actual &&
	test_grep "demo_heavy" actual &&
	go tool pprof -top flat.pb.gz 2>/dev/null | head -1 >file &&
	echo "File: demo" >expect && test_cmp expect file &&
	test "$(kprof_total flat.data)" = "$(pprof_total flat.pb.gz)"
'

test_expect_success GO 'stacks of kprof record -g: the same flat totals and the same stacks' '
	kprof record -q -g -o g.data -- "$TARGETS/cc-fp" 50000000 &&
	kprof report --pprof g.pb.gz -i g.data &&
	kprof_flat g.data >expect && pprof_flat g.pb.gz >actual && test_cmp expect actual &&
	test "$(kprof_total g.data)" = "$(pprof_total g.pb.gz)" &&
	kprof_folded g.data >expect && pprof_folded g.pb.gz >actual && test_cmp expect actual &&
	test_grep "main;a;b;leaf " actual
'

test_expect_success GO 'labels and sample types' '
	go tool pprof -traces g.pb.gz >traces 2>/dev/null &&
	test_grep "^ *comm:  cc-fp$" traces &&
	test_grep "^Type: samples$" traces &&
	go tool pprof -sample_index=cpu-clock -top g.pb.gz >ns 2>/dev/null &&
	test_grep "^Type: cpu-clock$" ns
'

test_expect_success GO,PERF 'perf record -g files: the same totals and stacks' '
	perf record -q -g -o perf.data -- "$TARGETS/cc-fp" 50000000 >/dev/null 2>&1 &&
	kprof report --pprof perf.pb.gz -i perf.data &&
	kprof_flat perf.data >expect && pprof_flat perf.pb.gz >actual && test_cmp expect actual &&
	kprof_folded perf.data >expect && pprof_folded perf.pb.gz >actual && test_cmp expect actual
'

test_expect_success GO,JQ 'two events: a pair of sample types each, counted apart' '
	kprof record -q -e cpu-clock -e task-clock -o two.data -- "$TARGETS/demo" &&
	kprof report --pprof - -i two.data >two.pb.gz &&
	go tool pprof -raw two.pb.gz >raw 2>/dev/null &&
	test_grep "^cpu-clock.samples/count\[dflt\] cpu-clock/nanoseconds task-clock.samples/count task-clock/nanoseconds$" raw &&
	go tool pprof -sample_index=task-clock.samples -top two.pb.gz 2>/dev/null |
		sed -n "s/.*of \([0-9]*\) total.*/\1/p" >actual &&
	kprof report --json -i two.data | jq ".events[] | select(.name == \"task-clock\") | .samples" >expect &&
	test_cmp expect actual
'

test_expect_success 'an unwritable file is an error' '
	test_expect_code 1 kprof report --pprof /nonexistent/x.pb.gz -i flat.data 2>err &&
	test_grep "kprof: cannot write '"'"'/nonexistent/x.pb.gz'"'"'" err
'

test_done
