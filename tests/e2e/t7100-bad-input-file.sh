#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='bad perf.data files: cut at every section boundary, sizes of 0 and 2^32-1'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/lib-bad-input.sh"

# The table of issue 7, for a kprof recording and a perf one: each input gives
# one error line naming the problem and its offset (exit 1), or reads up to
# its last complete record with the truncation warning (exit 0); all within
# 5 s of CPU time and 1 GB of address space, never a signal. t2100 holds the cases
# with fixed messages (header/attr sizes, record sizes 0 and past the end).

# layout FILE: the header's fields and the feature table, as shell variables.
layout() {
	size=$(wc -c <"$1")
	attr_size=$(u64 "$1" 16)
	attrs=$(u64 "$1" 24)
	attrs_size=$(u64 "$1" 32)
	data=$(u64 "$1" 40)
	dsize=$(u64 "$1" 48)
	dend=$((data + dsize))
	ids=$(u64 "$1" $((attrs + attr_size - 16)))
	ids_size=$(u64 "$1" $((attrs + attr_size - 8)))
	rec1=$(od -An -tu2 -j$((data + 6)) -N2 "$1" | tr -d ' ')
	nfeat=$(( (size - dend) / 16 ))
	# the feature table is followed by the payloads: count the entries up to the
	# first payload
	first=$(u64 "$1" "$dend")
	nfeat=$(( (first - dend) / 16 ))
}

# cuts FILE: truncate FILE at every section boundary and check each copy.
cuts() {
	f=$1
	layout "$f" &&
	head -c 0 "$f" >c.data && one_error c.data "file is empty$" &&
	for n in 4 7; do
		head -c $n "$f" >c.data && one_error c.data "not a perf.data file" || return 1
	done &&
	for n in 8 16 64 103; do
		head -c $n "$f" >c.data && one_error c.data "too short" || return 1
	done &&
	# ids and attrs sit between the header and the data
	for n in 104 $((ids + ids_size / 2)) $attrs $((attrs + attr_size / 2)) \
		 $((attrs + attrs_size - 1)); do
		head -c $n "$f" >c.data &&
		one_error c.data "^kprof: c.data: attrs section at offset $(hex $attrs) \(size $(hex $attrs_size)\) is past the end of the file \(size $(hex $n)\)$" ||
		return 1
	done &&
	# a cut data section is what a killed recorder leaves: read to its last record
	for n in $data $((data + 4)) $((data + rec1 / 2)) $((data + rec1)) \
		 $((data + dsize / 2 + 3)) $((dend - 1)); do
		head -c $n "$f" >c.data && truncated_read c.data || return 1
	done &&
	head -c $((data + dsize / 2)) "$f" >c.data && truncated_read c.data &&
	test_grep "%" out &&
	# the feature table, cut at its start and inside its first entry
	for n in $dend $((dend + 8)); do
		head -c $n "$f" >c.data &&
		one_error c.data "^kprof: c.data: feature table entry of '[a-z_]+' at offset $(hex $dend) is past the end of the file \(size $(hex $n)\)$" ||
		return 1
	done &&
	# inside its last entry: the first feature's payload is already missing
	n=$((dend + 16 * nfeat - 1)) &&
	head -c $n "$f" >c.data &&
	one_error c.data "^kprof: c.data: feature '[a-z_]+' at offset $(hex $first) \(size 0x[0-9a-f]+\) is past the end of the file \(size $(hex $n)\)$" &&
	# each feature's payload, cut at its start and in its middle
	i=0 &&
	while [ $i -lt $nfeat ]; do
		off=$(u64 "$f" $((dend + 16 * i))) &&
		len=$(u64 "$f" $((dend + 16 * i + 8))) &&
		if [ "$len" -gt 0 ]; then
			for n in $off $((off + len / 2)); do
				head -c $n "$f" >c.data &&
				one_error c.data "^kprof: c.data: feature '[a-z_]+' at offset $(hex $off) \(size $(hex $len)\) is past the end of the file \(size $(hex $n)\)$" ||
				return 1
			done
		fi &&
		i=$((i + 1)) || return 1
	done &&
	echo "$nfeat features cut"
}

# sizes FILE: section sizes and offsets of 0, 2^32-1 and 2^64-1.
sizes() {
	f=$1
	layout "$f" &&
	ent=$((attrs + attr_size - 16)) &&
	cp "$f" x.data && put x.data 32 Q\< 0 &&
	one_error x.data "attrs section at offset $(hex $attrs) has size 0, not a multiple of the attr size $attr_size$" &&
	cp "$f" x.data && put x.data 32 Q\< $((attr_size - 1)) &&
	one_error x.data "attrs section at offset $(hex $attrs) has size $(hex $((attr_size - 1))), not a multiple" &&
	for v in 4294967295 18446744073709551615; do
		cp "$f" x.data && put x.data 32 Q\< $v &&
		one_error x.data "attrs section at offset $(hex $attrs) \(size $(printf '%#x' $v)\) is past the end of the file" &&
		cp "$f" x.data && put x.data 24 Q\< $v &&
		one_error x.data "attrs section at offset $(printf '%#x' $v) .* is past the end of the file" &&
		cp "$f" x.data && put x.data $ent Q\< $v &&
		one_error x.data "ids of attr 0 at offset $(hex $attrs): section at offset $(printf '%#x' $v) .* is past the end of the file" &&
		cp "$f" x.data && put x.data $((ent + 8)) Q\< $v &&
		one_error x.data "ids of attr 0 at offset $(hex $attrs): section at offset $(hex $ids) \(size $(printf '%#x' $v)\) is past the end of the file" &&
		cp "$f" x.data && put x.data 40 Q\< $v &&
		one_error x.data "data section at offset $(printf '%#x' $v) is outside the file" &&
		# a data size past the end of the file runs into the feature table
		cp "$f" x.data && put x.data 48 Q\< $v &&
		one_error x.data "at offset 0x[0-9a-f]+" &&
		cp "$f" x.data && put x.data $dend Q\< $v &&
		one_error x.data "feature '[a-z_]+' at offset $(printf '%#x' $v) .* is past the end of the file \(size $(hex $size)\)$" &&
		cp "$f" x.data && put x.data $((dend + 8)) Q\< $v &&
		one_error x.data "feature '[a-z_]+' at offset 0x[0-9a-f]+ \(size $(printf '%#x' $v)\) is past the end of the file \(size $(hex $size)\)$" ||
		return 1
	done &&
	cp "$f" x.data && put x.data $((ent + 8)) Q\< 3 &&
	one_error x.data "ids of attr 0 at offset $(hex $attrs): section at offset $(hex $ids) \(size 0x3\)" &&
	# a record smaller than its header, and a sample too small for its fields
	cp "$f" x.data && put x.data $((data + 6)) S\< 4 &&
	one_error x.data "^kprof: x.data: record at offset $(hex $data) has size 4$" &&
	cp "$f" x.data && put x.data $((data + 6)) S\< 65535 &&
	one_error x.data "^kprof: x.data: record at offset $(hex $data) has size 65535, past the end of the data section at $(hex $dend)$"
}

# features FILE: every feature's size set to 0, then its payload set to 0xff
# bytes; all feature bits set with no feature table or the file's own.
features() {
	f=$1
	layout "$f" &&
	i=0 &&
	while [ $i -lt $nfeat ]; do
		off=$(u64 "$f" $((dend + 16 * i))) &&
		len=$(u64 "$f" $((dend + 16 * i + 8))) &&
		cp "$f" x.data && put x.data $((dend + 16 * i + 8)) Q\< 0 &&
		clean_read x.data &&
		if [ $ret = 1 ]; then
			test_grep -E "feature '[a-z_]+' at offset $(hex $off) \(size 0\) is malformed$" err
		fi &&
		cp "$f" x.data &&
		perl -e 'print "\xff" x $ARGV[0]' "$len" |
			dd of=x.data bs=1 seek="$off" conv=notrunc 2>/dev/null &&
		clean_read x.data &&
		if [ $ret = 1 ]; then
			test_grep -E "feature '[a-z_]+' at offset $(hex $off) " err
		fi &&
		i=$((i + 1)) || return 1
	done &&
	head -c $dend "$f" >x.data &&
	for o in 72 80 88 96; do put x.data $o Q\< 18446744073709551615; done &&
	one_error x.data "^kprof: x.data: feature table entry of '[a-z_]+' at offset $(hex $dend) is past the end of the file \(size $(hex $dend)\)$" &&
	cp "$f" x.data &&
	for o in 72 80 88 96; do put x.data $o Q\< 18446744073709551615; done &&
	one_error x.data "at offset 0x[0-9a-f]+"
}

test_expect_success 'a kprof recording and a perf one' '
	kprof record -q -e cpu-clock -c 100000 -o kprof.data -- "$TARGETS/spin" 100 &&
	kprof report --stdio -i kprof.data >out &&
	test_grep spin_work out
'

test_expect_success PERF 'the perf recording' '
	perf record -q -e cpu-clock -c 100000 -o perf.data -- "$TARGETS/spin" 100 &&
	kprof report --stdio -i perf.data >out &&
	test_grep spin_work out
'

test_expect_success 'kprof file: cut at every section boundary' 'cuts kprof.data'
test_expect_success PERF 'perf file: cut at every section boundary' 'cuts perf.data'
test_expect_success 'kprof file: section sizes and offsets of 0, 2^32-1, 2^64-1' 'sizes kprof.data'
test_expect_success PERF 'perf file: section sizes and offsets of 0, 2^32-1, 2^64-1' 'sizes perf.data'
test_expect_success 'kprof file: feature payloads empty or all ones, all feature bits' '
	features kprof.data
'
test_expect_success PERF 'perf file: feature payloads empty or all ones, all feature bits' '
	features perf.data
'

test_done
