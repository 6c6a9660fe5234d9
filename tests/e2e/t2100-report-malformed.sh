#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report on malformed perf.data: one line naming the offset, exit 1, no crash'
. "$(dirname "$0")/test-lib.sh"

# put FILE OFFSET PERL-PACK-FORMAT VALUE: overwrite bytes of FILE in place.
put() {
	perl -e 'print pack($ARGV[0], $ARGV[1])' "$3" "$4" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# u64 FILE OFFSET: the little-endian u64 at OFFSET.
u64() {
	od -An -tu8 -j"$2" -N8 "$1" | tr -d ' '
}

hex() {
	printf '%#x' "$1"
}

# bad NAME EXPECTED-MESSAGE: report on NAME fails with exactly "kprof: NAME: MESSAGE".
bad() {
	test_expect_code 1 kprof report --stdio -i "$1" >out 2>err &&
	test_must_be_empty out &&
	echo "kprof: $1: $2" >expect &&
	test_cmp expect err
}

test_expect_success 'a good file to break' '
	kprof record -q -e cpu-clock -c 100000 -o good.data -- "$TARGETS/spin" 100 &&
	kprof report --stdio -i good.data >out &&
	test_grep spin_work out
'

data=$(u64 good.data 40 2>/dev/null)
dsize=$(u64 good.data 48 2>/dev/null)
size=$(wc -c <good.data 2>/dev/null)

test_expect_success 'empty file' '
	: >empty.data &&
	bad empty.data "file is empty"
'

test_expect_success 'not a perf.data file' '
	printf "ELF\\0garbage and more garbage" >elf.data &&
	bad elf.data "not a perf.data file (bad magic)"
'

test_expect_success 'header size 0 and 2^32-1' '
	cp good.data h0.data && put h0.data 8 Q\< 0 &&
	bad h0.data "header size at offset 0x8 is 0, expected 104" &&
	cp good.data hmax.data && put hmax.data 8 Q\< 4294967295 &&
	bad hmax.data "header size at offset 0x8 is 4294967295, expected 104"
'

test_expect_success 'attr size 0 and 2^32-1' '
	cp good.data a0.data && put a0.data 16 Q\< 0 &&
	bad a0.data "attr size at offset 0x10 is 0" &&
	cp good.data amax.data && put amax.data 16 Q\< 4294967295 &&
	bad amax.data "attr size at offset 0x10 is 4294967295"
'

test_expect_success 'attrs section past the end of the file' '
	cp good.data ap.data && put ap.data 24 Q\< 1099511627776 &&
	asize=$(u64 good.data 32) &&
	bad ap.data "attrs section at offset 0x10000000000 (size $(hex $asize)) is past the end of the file (size $(hex $size))"
'

test_expect_success 'data section starting past the end of the file' '
	cp good.data dp.data && put dp.data 40 Q\< 4294967296 &&
	bad dp.data "data section at offset 0x100000000 is outside the file (size $(hex $size))"
'

test_expect_success 'a record of size 0' '
	cp good.data r0.data && put r0.data $((data + 6)) S\< 0 &&
	bad r0.data "record at offset $(hex $data) has size 0"
'

test_expect_success 'a record larger than the data section' '
	cp good.data rbig.data && put rbig.data $((data + 6)) S\< 65528 &&
	bad rbig.data "record at offset $(hex $data) has size 65528, past the end of the data section at $(hex $((data + dsize)))"
'

test_expect_success 'a feature section past the end of the file' '
	cp good.data f.data && put f.data $((data + dsize)) Q\< 2147418112 &&
	test_expect_code 1 kprof report --stdio -i f.data >out 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: f.data: feature .* at offset 0x7fff0000 (size 0x[0-9a-f]*) is past the end of the file (size $(hex $size))$" err
'

test_expect_success 'a feature table cut by the end of the file' '
	head -c $((data + dsize + 4)) good.data >ft.data &&
	test_expect_code 1 kprof report --stdio -i ft.data >out 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: ft.data: feature table entry of .* at offset $(hex $((data + dsize))) is past the end of the file (size $(hex $((data + dsize + 4))))$" err
'

test_expect_success 'unknown record types are skipped' '
	cp good.data unk.data && put unk.data $data L\< 4000 &&
	kprof report --stdio -i unk.data >out 2>err &&
	test_grep spin_work out
'

test_expect_success 'a file cut mid-record (recorder killed) is read up to its last record' '
	head -c $((data + dsize / 2 + 3)) good.data >cut.data &&
	kprof report --stdio -i cut.data >out 2>err &&
	test_grep spin_work out &&
	echo "kprof: warning: '\''cut.data'\'' is truncated (was its recorder killed?): reporting up to its last complete record" >expect &&
	test_cmp expect err &&
	kprof report --stdio -i good.data >out 2>err &&
	test_must_be_empty err
'

test_expect_success 'a file whose data size was never written is read to its end' '
	cp good.data nosize.data && put nosize.data 48 Q\< 0 && put nosize.data 72 Q\< 0 &&
	head -c $((data + dsize)) nosize.data >nosize2.data &&
	kprof report --stdio -i nosize2.data >out 2>err &&
	test_grep spin_work out &&
	test_grep "^kprof: warning: .nosize2.data. is truncated" err
'

test_expect_success 'a pipe stream cut mid-record' '
	kprof record -q -e cpu-clock -c 100000 -o - -- "$TARGETS/spin" 50 >pipe.data &&
	n=$(wc -c <pipe.data) &&
	head -c $((n - 3)) pipe.data >pipecut.data &&
	test_expect_code 1 sh -c "cat pipecut.data | \"\$KPROF\" report --stdio" >out 2>err &&
	test_line_count = 1 err &&
	test_grep "^kprof: stdin: stream ends inside the record\( header\)\? at offset 0x[0-9a-f]*$" err
'

test_expect_success 'the same bytes as a file are read up to the last record' '
	kprof report --stdio <pipecut.data >out &&
	test_grep spin_work out
'

test_expect_success 'random byte flips never crash or hang the reader' '
	i=0 &&
	while [ $i -lt 40 ]; do
		cp good.data fz.data &&
		off=$(( (i * 7919 + 13) % size )) &&
		put fz.data $off C $(( (i * 37 + 255) % 256 )) &&
		put fz.data $(( (off * 3 + 101) % size )) C 255 &&
		timeout 10 "$KPROF" report --stdio -i fz.data >out 2>err
		ret=$?
		if [ $ret -gt 1 ]; then echo "exit $ret at flip $i"; return 1; fi
		if [ $ret = 1 ] && [ "$(wc -l <err)" != 1 ]; then cat err; return 1; fi
		i=$((i + 1))
	done
'

test_done
