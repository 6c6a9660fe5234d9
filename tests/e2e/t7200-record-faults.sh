#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='record under faults: ring buffer overflow, a full disk, SIGKILL'
. "$(dirname "$0")/test-lib.sh"

# sum_lost FILE: the sums of PERF_RECORD_LOST's and PERF_RECORD_LOST_SAMPLES'
# counts in FILE, as perf report -D decodes them: "LOST SAMPLES".
sum_lost() {
	perf report -D -i "$1" 2>/dev/null | awk '
		/PERF_RECORD_LOST: / { sub(/.*lost:/, ""); l += $1 }
		/PERF_RECORD_LOST_SAMPLES: / { sub(/.*lost samples :/, ""); s += $1 }
		END { printf "%d %d\n", l, s }'
}

test_expect_success ROOT,PERF 'an overflowing ring buffer: the exact lost count, a valid file' '
	kprof record -m 1 -e cpu-clock -c 10000 -a -o lost.data -- \
		sh -c "\"$TARGETS/spin\" 300 & \"$TARGETS/spin\" 300 & wait" 2>err &&
	lost=$(sed -n "s/^\[ kprof record: Lost \([0-9]*\) events: ring buffer full .*/\1/p" err) &&
	samples=$(sed -n "s/^\[ kprof record: Lost \([0-9]*\) samples \]$/\1/p" err) &&
	# no line when none was lost: the buffer can fill with other records only
	samples=${samples:-0} &&
	test "$lost" -gt 0 &&
	sum_lost lost.data >sums &&
	echo "$lost $samples" >expect &&
	test_cmp expect sums &&
	perf report --stdio -i lost.data >out 2>perr &&
	test_grep "^# Total Lost Samples: $samples$" out &&
	grep "^# Samples: " out >perf-samples &&
	kprof report --stdio -i lost.data >out 2>kerr &&
	test_must_be_empty kerr &&
	test_grep "^# Total Lost Samples: $samples$" out &&
	grep "^# Samples: " out >kprof-samples &&
	test_cmp perf-samples kprof-samples
'

test_expect_success ROOT 'a full disk: one clear error, exit 1, the partial file is readable' '
	mkdir full &&
	unshare -m sh -c "mount -t tmpfs -o size=64k none full &&
		\"\$KPROF\" record -e cpu-clock -c 100000 -o full/perf.data -- \"$TARGETS/spin\" 500 \
			>out 2>err; echo \$? >rc; cp full/perf.data partial.data" &&
	echo 1 >expect && test_cmp expect rc &&
	test_must_be_empty out &&
	echo "kprof: cannot write '\''full/perf.data'\'': No space left on device" >expect &&
	test_cmp expect err &&
	test $(wc -c <partial.data) -le 65536 &&
	kprof report --stdio -i partial.data >out 2>err &&
	echo "kprof: warning: '\''partial.data'\'' is truncated (was its recorder killed?): reporting up to its last complete record" >expect &&
	test_cmp expect err &&
	test_grep spin_work out
'

test_expect_success 'SIGKILL during record: report reads up to the last round, says truncated' '
	"$KPROF" record -e cpu-clock -c 100000 -o killed.data -- "$TARGETS/spin" 20000 2>/dev/null &
	pid=$! &&
	i=0 &&
	while [ "$(cat killed.data 2>/dev/null | wc -c)" -lt 20000 ] && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 $pid && { wait $pid; test $? = 137; } &&
	for p in $(pgrep -f "^$TARGETS/spin 20000$"); do kill -9 $p; done
	kprof report --stdio -i killed.data >out 2>err &&
	echo "kprof: warning: '\''killed.data'\'' is truncated (was its recorder killed?): reporting up to its last complete record" >expect &&
	test_cmp expect err &&
	test_grep spin_work out
'

test_done
