#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='bad perf.data files: 200 copies with random byte flips (fixed seed)'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-bad-input.sh"

# flip SEED COUNT FILE: COUNT copies of FILE named FILE.N, each with 1 to 4
# bytes xor-ed with a non-zero value at random offsets; the same every run.
flip() {
	perl -e '
		my ($seed, $count, $file) = @ARGV;
		srand($seed);
		open(my $in, "<:raw", $file) or die;
		local $/;
		my $orig = <$in>;
		for my $n (1 .. $count) {
			my $b = $orig;
			for (0 .. int(rand(4))) {
				my $off = int(rand(length($b)));
				substr($b, $off, 1) = chr(ord(substr($b, $off, 1)) ^ (1 + int(rand(255))));
			}
			open(my $out, ">:raw", "$file.$n") or die;
			print $out $b;
		}' "$@"
}

# each_flip FILE COUNT [pipe]: every flipped copy reads cleanly (from -i, or
# from a pipe on standard input).
each_flip() {
	flip 7101 "$2" "$1" &&
	k=1 &&
	while [ $k -le "$2" ]; do
		if [ "$3" = pipe ]; then
			bounded sh -c 'cat "$1" | "$KPROF" report --stdio' - "$1.$k" >out 2>err
			ret=$?
			case $ret in
			0) ;;
			1) test_line_count = 1 err && test_grep "^kprof: stdin: " err ||
				{ echo "flip $k"; return 1; } ;;
			*) echo "$1.$k: exit $ret"; cat err; return 1 ;;
			esac
		else
			clean_read "$1.$k" || { echo "flip $k of $1"; return 1; }
		fi
		k=$((k + 1))
	done
}

test_expect_success 'recordings to flip' '
	kprof record -q -e cpu-clock -c 100000 -o kprof.data -- "$TARGETS/spin" 60 &&
	kprof record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 60 >pipe.data &&
	kprof report --stdio -i kprof.data >out && test_grep spin_work out
'

test_expect_success PERF 'a perf recording to flip' '
	perf record -q -e cpu-clock -e task-clock -c 200000 -o perf.data -- "$TARGETS/spin" 60 &&
	kprof report --stdio -i perf.data >out && test_grep spin_work out
'

test_expect_success 'kprof file: 100 flipped copies' 'each_flip kprof.data 100'
test_expect_success PERF 'perf file: 50 flipped copies' 'each_flip perf.data 50'
test_expect_success 'pipe stream from a pipe: 50 flipped copies' 'each_flip pipe.data 50 pipe'

test_expect_success 'the flips are the same every run' '
	flip 7101 3 kprof.data && cp kprof.data.3 first &&
	flip 7101 3 kprof.data && cmp first kprof.data.3 &&
	! cmp -s kprof.data kprof.data.3
'

test_done
