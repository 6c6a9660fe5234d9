#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='scripts/check-layers.sh: the tree is clean and violations are caught'
. "$(dirname "$0")/test-lib.sh"

CHECK="$SRC_DIR/scripts/check-layers.sh"

test_expect_success 'the source tree follows the layering rules' '
	"$CHECK" >out 2>&1 &&
	test_must_be_empty out
'

test_expect_success 'a clean tree passes' '
	mkdir -p tree/lib tree/ui tree/cmd tree/arch/x86 &&
	printf "#include \"lib/ctx.h\"\n#include <perf/cpumap.h>\n" >tree/lib/a.c &&
	printf "#include \"lib/hist.h\"\n" >tree/ui/b.c &&
	printf "#include \"ui/b.h\"\n#include <perf/evlist.h>\n" >tree/cmd/c.c &&
	printf "#include <stdint.h>\n" >tree/arch/x86/d.h &&
	printf "void f(void)\n{\n\tfprintf(stderr, \"exit(1) to stdout\");\n\t_exit(1); /* not exit( */\n}\n" >tree/lib/e.c &&
	"$CHECK" tree >out 2>&1 &&
	test_must_be_empty out
'

test_expect_success 'each violation is one line naming file:line, exit 1' '
	mkdir -p bad/lib bad/ui bad/arch/x86 &&
	printf "#include <stdio.h>\n#include \"ui/x.h\"\n" >bad/lib/a.c &&
	printf "  #  include \"cmd/builtin.h\"\n" >bad/lib/b.h &&
	printf "#include <ncursesw/curses.h>\n" >bad/lib/c.c &&
	printf "#include \"cmd/y.h\"\n#include <perf/mmap.h>\n" >bad/ui/d.c &&
	printf "#include \"lib/z.h\"\n" >bad/arch/x86/e.h &&
	printf "int f(void)\n{\n\tprintf(\"x\");\n\texit(1);\n\tfputs(\"y\", stdout);\n}\n" >bad/lib/f.c &&
	test_expect_code 1 "$CHECK" bad >out 2>&1 &&
	cat >expect <<-\EOT &&
	check-layers: lib/a.c:2: lib/ must not include cmd/ or ui/ headers
	check-layers: lib/b.h:1: lib/ must not include cmd/ or ui/ headers
	check-layers: lib/c.c:1: lib/ must not include curses
	check-layers: ui/d.c:1: ui/ must not include cmd/ headers
	check-layers: ui/d.c:2: ui/ must not open perf events (perf/evlist.h, perf/evsel.h, perf/mmap.h)
	check-layers: arch/x86/e.h:1: arch/ must not include lib/, ui/ or cmd/ headers
	check-layers: lib/f.c:3: lib/ must not print to stdout or exit
	check-layers: lib/f.c:4: lib/ must not print to stdout or exit
	check-layers: lib/f.c:5: lib/ must not print to stdout or exit
	EOT
	test_cmp expect out
'

test_done
