#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='make install PREFIX=... and DESTDIR: binary, man pages, bash completion; make uninstall'
. "$(dirname "$0")/test-lib.sh"

command -v asciidoctor >/dev/null 2>&1 || test_skip_all 'no asciidoctor (scripts/deps.sh installs it)'

# A make of the source tree for the build under test (build/ or build/san/),
# outside of `make check`'s own make; the man pages go to the trash directory.
san=
case "$KPROF_BUILD" in */san) san=1 ;; esac
src_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$SRC_DIR" SANITIZE=$san \
		DOC_B="$TRASH/doc" "$@"
}
cmds=$(kprof --list-cmds | tr ' ' '\n' | grep -v -x -e help -e version -e '')

test_expect_success 'make install PREFIX=DIR installs the binary, the pages and the completion' '
	src_make install PREFIX="$TRASH/usr" >out 2>err &&
	test_must_be_empty err &&
	test -x usr/bin/kprof &&
	cmp "$KPROF" usr/bin/kprof &&
	test_path_is_file usr/share/man/man1/kprof.1 &&
	for c in $cmds; do
		test_path_is_file usr/share/man/man1/kprof-$c.1 || return 1
	done &&
	test_path_is_file usr/share/bash-completion/completions/kprof &&
	cmp "$SRC_DIR/scripts/kprof-completion.bash" usr/share/bash-completion/completions/kprof
'

test_expect_success 'the installed binary runs' '
	usr/bin/kprof --version >out &&
	kprof --version >expect &&
	test_cmp expect out &&
	usr/bin/kprof list sw >out &&
	test_grep "^  cpu-clock  *\[Software event\]\$" out
'

test_expect_success 'man -M finds the installed pages' '
	MANWIDTH=100 man -M "$TRASH/usr/share/man" kprof-record >page 2>err &&
	test_grep "^KPROF-RECORD(1) " page &&
	MANWIDTH=100 man -M "$TRASH/usr/share/man" 1 kprof-list >page 2>err &&
	test_grep "^       kprof-list - List what can be sampled or probed" page &&
	man -M "$TRASH/usr/share/man" -w kprof >where &&
	echo "$TRASH/usr/share/man/man1/kprof.1" >expect &&
	test_cmp expect where
'

test_expect_success 'the installed completion completes with the installed kprof' '
	PATH="$TRASH/usr/bin:$PATH" bash --norc --noprofile -c "
		. usr/share/bash-completion/completions/kprof &&
		COMP_LINE=\"kprof rep\" && COMP_POINT=9 &&
		COMP_WORDS=(kprof rep) && COMP_CWORD=1 &&
		_kprof && echo \"\${COMPREPLY[*]}\"" >out &&
	echo report >expect &&
	test_cmp expect out
'

test_expect_success 'make uninstall removes every file it installed' '
	src_make uninstall PREFIX="$TRASH/usr" >out 2>err &&
	test_must_be_empty err &&
	find usr -type f >left &&
	test_must_be_empty left
'

test_expect_success 'DESTDIR prefixes every path' '
	src_make install DESTDIR="$TRASH/stage" PREFIX=/opt/kprof >out 2>err &&
	test_must_be_empty err &&
	test -x stage/opt/kprof/bin/kprof &&
	test_path_is_file stage/opt/kprof/share/man/man1/kprof-report.1 &&
	test_path_is_file stage/opt/kprof/share/bash-completion/completions/kprof &&
	test_path_is_missing /opt/kprof/bin/kprof &&
	src_make uninstall DESTDIR="$TRASH/stage" PREFIX=/opt/kprof &&
	find stage -type f >left &&
	test_must_be_empty left
'

test_done
