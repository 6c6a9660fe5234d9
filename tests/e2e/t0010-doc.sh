#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='make doc: a man page per command, built without warnings, options as --help lists them'
. "$(dirname "$0")/test-lib.sh"

command -v asciidoctor >/dev/null 2>&1 || test_skip_all 'no asciidoctor (scripts/deps.sh installs it)'
command -v man >/dev/null 2>&1 || test_skip_all 'no man (man-db)'

# The commands, from kprof itself (help and version have no page of their own).
cmds=$(kprof --list-cmds | tr ' ' '\n' | grep -v -x -e help -e version -e '')

# A make of the source tree, outside of `make check`'s own make.
src_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$SRC_DIR" "$@"; }

# help_opts CMD: the options `kprof CMD -h` lists, one per line (-x, --long).
help_opts() {
	kprof "$1" -h 2>&1 | grep -E '^    (-|    --)' |
		grep -oE '(^|[ ,])(-[A-Za-z0-9]|--[a-z][a-z0-9-]*)' | tr -d ' ,' | sort -u
}

# man_opts PAGE: the options the OPTIONS section of a built page describes
# (the terms, indented 7 columns, of its definition list); --no-X counts as --X.
man_opts() {
	MANWIDTH=250 man -l "$1" 2>/dev/null |
		awk '/^[A-Z]/ { s = $0 } s == "OPTIONS" && /^       -/' |
		grep -oE '(^|[ ,])(-[A-Za-z0-9]|--[a-z][a-z0-9-]*)' | tr -d ' ,' |
		sed 's/^--no-/--/' | sort -u
}

test_expect_success 'make doc builds every page without a warning' '
	src_make doc DOC_B="$TRASH/doc" >out 2>err &&
	test_must_be_empty err &&
	test_path_is_file doc/kprof.1 &&
	for c in $cmds; do
		test_path_is_file doc/kprof-$c.1 || return 1
	done &&
	ls doc >pages &&
	test_line_count = $(($(echo "$cmds" | wc -l) + 1)) pages
'

test_expect_success 'a second make doc has nothing to do' '
	src_make doc DOC_B="$TRASH/doc" >out 2>&1 &&
	test_must_be_empty out
'

test_expect_success 'every page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLES and SEE ALSO' '
	for c in $cmds; do
		MANWIDTH=100 man -l doc/kprof-$c.1 >page-$c 2>err &&
		test_must_be_empty err &&
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLES "SEE ALSO"; do
			test_grep -x "$s" page-$c || return 1
		done
	done
'

test_expect_success 'man -l renders kprof-record: its name line and synopsis' '
	MANWIDTH=100 man -l doc/kprof-record.1 >page 2>err &&
	test_must_be_empty err &&
	test_grep "^KPROF-RECORD(1) " page &&
	sed -n "/^NAME/,/^SYNOPSIS/p" page >name &&
	test_grep -x "       kprof-record - Run a command and record its profile into perf.data" name &&
	sed -n "/^SYNOPSIS/,/^DESCRIPTION/p" page >synopsis &&
	test_grep "^       kprof record \[-e EVENT\]" synopsis &&
	test_grep " -- CMD \[ARGS\]" synopsis
'

test_expect_success 'no page keeps AsciiDoc markup or an em dash for --' '
	for p in doc/*.1; do
		MANWIDTH=100 man -l "$p" >text 2>/dev/null &&
		! grep -n -e "linkkprof:" -e "—" -e "::$" text || return 1
	done
'

for c in $cmds; do
	test_expect_success "kprof $c: the options of --help and of the man page are the same" "
		help_opts $c >help &&
		man_opts doc/kprof-$c.1 >man &&
		test -s help &&
		test_cmp help man
	"
done

test_expect_success 'kprof.1 lists every command' '
	MANWIDTH=100 man -l doc/kprof.1 >page &&
	for c in $cmds; do
		test_grep "^       kprof-$c(1)\$" page || return 1
	done
'

test_expect_success 'a page whose options drift is caught' '
	mkdir -p drift/Documentation &&
	sed "/^--header-only::/,/^\$/d" "$SRC_DIR/Documentation/kprof-report.txt" \
		>drift/Documentation/kprof-report.txt &&
	asciidoctor -b manpage -o drift/kprof-report.1 drift/Documentation/kprof-report.txt &&
	help_opts report >help &&
	man_opts drift/kprof-report.1 >man &&
	test_must_fail test_cmp help man >out &&
	test_grep "^-.*--header-only" out
'

test_done
