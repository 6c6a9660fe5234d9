#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='probe errors: one line naming the bad spec, the nearest names, exit 1'
. "$(dirname "$0")/test-lib.sh"

T="$TARGETS/probe-count"

test_expect_success UPROBES 'an unknown symbol: the nearest names are suggested' '
	test_expect_code 1 kprof stat -u "$T:wrok_a" -- "$T" 1 2>err &&
	echo "kprof: no symbol '"'"'wrok_a'"'"' in '"'"'$T'"'"'; did you mean '"'"'work_a'"'"'?" >expect &&
	test_cmp expect err
'

test_expect_success UPROBES 'a glob that matches nothing' '
	test_expect_code 1 kprof stat -u "$T:nomatch_*" -- "$T" 1 2>err &&
	test_grep "^kprof: .nomatch_\*. matches no function in .*probe-count.$" err
'

test_expect_success 'an unknown binary' '
	test_expect_code 1 kprof stat -u nosuchbinary:main -- true 2>err &&
	echo "kprof: cannot find '"'"'nosuchbinary'"'"': not a file, not in \$PATH, not a library ldconfig knows" >expect &&
	test_cmp expect err &&
	test_expect_code 1 kprof stat -u ./nosuch/file:main -- true 2>err &&
	echo "kprof: cannot probe '"'"'./nosuch/file'"'"': no such file" >expect &&
	test_cmp expect err
'

test_expect_success 'not an ELF file' '
	echo hello >notelf &&
	test_expect_code 1 kprof stat -u ./notelf:main -- true 2>err &&
	test_grep "^kprof: cannot read the symbols of .*/notelf.: not an ELF file$" err
'

test_expect_success 'bad specs: one line each, naming the spec' '
	test_expect_code 1 kprof stat -u nocolon -- true 2>err &&
	echo "kprof: bad probe '"'"'-u nocolon'"'"': expected BIN:SYM" >expect && test_cmp expect err &&
	test_expect_code 1 kprof stat -U "$T:work_a+4" -- true 2>err &&
	test_grep "^kprof: bad probe .-U .*work_a+4.: a return probe takes no offset$" err &&
	test_expect_code 1 kprof stat -k "vfs_read+zz" -- true 2>err &&
	echo "kprof: bad probe '"'"'-k vfs_read+zz'"'"': bad offset '"'"'zz'"'"'" >expect && test_cmp expect err
'

test_expect_success '-k on a kernel without kprobes: says so, exit 1' '
	if test -e /sys/bus/event_source/devices/kprobe; then
		say "this kernel has kprobes"; return 0
	fi &&
	test_expect_code 1 kprof stat -k vfs_read -- true 2>err &&
	test_grep "^kprof: cannot register kprobe .vfs_read.: this kernel has no kprobes .*CONFIG_KPROBES" err &&
	test_expect_code 1 kprof stat -r vfs_read -- true 2>err &&
	test_grep "this kernel has no kprobes" err
'

test_expect_success ROOT 'an unknown kernel symbol: the nearest names' '
	test_expect_code 1 kprof stat -k vfs_rea -- true 2>err &&
	test_grep "^kprof: no symbol .vfs_rea. in the kernel; did you mean .*.vfs_read." err
'

test_expect_success 'probe arguments need the tracefs backend' '
	if ! test -e /sys/kernel/tracing/kprobe_events; then
		test_expect_code 1 kprof stat -k "do_sys_openat2 dfd=%di" -- true 2>err &&
		test_grep "^kprof: cannot register kprobe .do_sys_openat2 dfd=%di.: this kernel has no kprobes (no kprobe_events" err
	fi &&
	test_expect_code 1 kprof stat --backend=pmu -k "do_sys_openat2 dfd=%di" -- true 2>err &&
	test_grep "need --backend=tracefs" err &&
	test_expect_code 1 kprof stat --backend=nosuch -u "$T:work_a" -- true 2>err &&
	test_grep "^kprof: bad --backend .nosuch.: auto, pmu or tracefs$" err
'

test_expect_success UPROBES 'an unprivileged user gets advice naming CAP_PERFMON and --engine=ptrace' '
	if ! command -v setpriv >/dev/null; then return 0; fi &&
	cp "$T" ./pc && chmod 755 . ./pc &&
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$KPROF" stat --engine=kernel -u ./pc:work_a -- ./pc 1 2>err &&
	test_grep "no permission to register uprobe .probe_pc:work_a.: .*CAP_PERFMON.*--engine=ptrace" err
'

test_done
