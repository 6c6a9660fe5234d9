#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Keep kprof's dependencies pointing one way: cmd -> ui -> lib -> arch/external.
# Checks the #include lines of the tree (run from anywhere; `make check-layers`):
#   lib/   must not include cmd/ or ui/ headers, nor curses;
#   ui/    must not include cmd/ headers, nor the libperf headers that open
#          events (perf/evlist.h, perf/evsel.h, perf/mmap.h): ui reads snapshots;
#   arch/  must not include anything from lib/, ui/ or cmd/;
#   lib/   must not print to stdout (printf, puts, stdout) nor exit (exit, abort).
# Prints one line per violation, "file:line: reason", and exits 1 if any.
# Usage: scripts/check-layers.sh [TREE]   (default: the tree the script is in)
cd "${1:-$(dirname "$0")/..}" || exit 2

bad=0
# check DIR ERE REASON: every #include in DIR's .c/.h files matching ERE is a violation.
check() {
	dir=$1 re=$2 why=$3
	[ -d "$dir" ] || return 0
	out=$(find "$dir" -name '*.[ch]' -print0 | sort -z |
	      xargs -0 -r grep -HnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)" |
	      cut -d: -f1,2)
	[ -z "$out" ] && return 0
	for loc in $out; do
		echo "check-layers: $loc: $why"
	done
	bad=1
}

check lib 'cmd/|ui/' 'lib/ must not include cmd/ or ui/ headers'
check lib '(n|nc)?curses(w)?[/.]|curses\.h|ncursesw/|term\.h|panel\.h|menu\.h|form\.h' \
	'lib/ must not include curses'
check ui 'cmd/' 'ui/ must not include cmd/ headers'
check ui 'perf/(evlist|evsel|mmap)\.h' \
	'ui/ must not open perf events (perf/evlist.h, perf/evsel.h, perf/mmap.h)'
check arch 'lib/|ui/|cmd/' 'arch/ must not include lib/, ui/ or cmd/ headers'

# lib/ never prints to stdout and never exits (a forked child may _exit()).
# Comments and string literals are ignored; a real need can be marked with
# `check-layers: ok` in a comment on the line.
for f in $(find lib -name '*.[ch]' 2>/dev/null | sort); do
	awk -v f="$f" '
	/check-layers: ok/ { next }
	{
		line = $0; out = ""
		while (line != "") {
			if (incomment) {
				i = index(line, "*/")
				if (!i) { line = ""; break }
				line = substr(line, i + 2); incomment = 0
			}
			i = index(line, "/*")
			if (!i) { out = out line; break }
			out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1
		}
		sub(/\/\/.*/, "", out)
		gsub(/"([^"\\]|\\.)*"/, "\"\"", out)
		if (out ~ /(^|[^A-Za-z0-9_.>])(printf|puts|putchar|vprintf|exit|abort)[ \t]*\(/ ||
		    out ~ /(^|[^A-Za-z0-9_])stdout([^A-Za-z0-9_]|$)/)
			printf "check-layers: %s:%d: lib/ must not print to stdout or exit\n", f, NR
	}' "$f"
done >"${TMPDIR:-/tmp}/check-layers.$$"
if [ -s "${TMPDIR:-/tmp}/check-layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/check-layers.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/check-layers.$$"

exit $bad
