#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='the vm harness on the host, without QEMU: the TAP bridge passes the guest
TAP on and turns hangs, panics, missing plans and kernel warnings into failures'
. "$(dirname "$0")/lib.sh"
. "$VM_SRC/tests/e2e/test-lib.sh"

# fake_run DIR CONSOLE-LINE TAP-LINE...: a run directory as QEMU leaves it, with the
# guest's serial output in CRLF line ends.
fake_run() {
	dir=$1 con=$2
	shift 2
	mkdir -p "$dir" &&
	printf "[    1.000000] Run /init as init process\r\n%s\r\n" "$con" >"$dir/console.log" &&
	: >"$dir/qemu.log" &&
	printf "%s\r\n" "$@" >"$dir/tap.raw"
}

B=@@KPROF-VM-TAP-BEGIN@@
E="@@KPROF-VM-TAP-END@@ exit 0"
CLEAN="[    2.000000] reboot: Power down"

test_expect_success 'a clean run: the guest TAP, the host test, one plan for both' '
	fake_run r1 "$CLEAN" $B "ok 1 - a" "# note" "ok 2 - b" "1..2" "$E" &&
	vm_tap r1 0 >out &&
	printf "ok 1 - a\n# note\nok 2 - b\nok 3 - vm: the guest finished; its kernel logged no WARNING, BUG or Oops\n1..3\n" >expect &&
	test_cmp expect out
'

test_expect_success 'console lines before the marker are not TAP' '
	fake_run r2 "$CLEAN" "ok 9 - noise" $B "ok 1 - a" "1..1" "$E" &&
	vm_tap r2 0 >out &&
	test_must_fail grep "noise" out
'

test_expect_success 'a failing guest test fails the run; the host test still passes' '
	fake_run r3 "$CLEAN" $B "not ok 1 - a" "1..1" "@@KPROF-VM-TAP-END@@ exit 1" &&
	test_must_fail vm_tap r3 0 >out &&
	test_grep "^not ok 1 - a$" out &&
	test_grep "^ok 2 - vm: the guest finished" out &&
	test_grep "^1\.\.2$" out
'

test_expect_success 'a hung guest (timeout killed QEMU) is one more failing test' '
	fake_run r4 "[    3.000000] still booting" $B "ok 1 - a" &&
	test_must_fail vm_tap r4 124 >out &&
	test_grep "^not ok 2 - vm: the guest did not finish within $VM_TIMEOUT s (killed)$" out &&
	test_grep "^# | \[    3.000000\] still booting$" out &&
	test_grep "^1\.\.2$" out
'

test_expect_success 'a guest that twice did not reach its script in time' '
	fake_run r11 "[    3.000000] still booting" &&
	test_must_fail vm_tap r11 125 >out &&
	test_grep "^not ok 1 - vm: the guest did not reach its script within $VM_BOOT_TIMEOUT s, twice (killed)$" out &&
	test_grep "^1\.\.1$" out
'

test_expect_success 'a panic: the excerpt starts at the panic' '
	fake_run r5 "[    2.500000] Kernel panic - not syncing: sysrq triggered crash" $B "ok 1 - a" &&
	test_must_fail vm_tap r5 0 >out &&
	test_grep "^not ok 2 - vm: the guest stopped before its script ended (qemu exit 0)$" out &&
	test_grep "^# the guest console, from line 2:$" out &&
	test_grep "^# | .*Kernel panic" out
'

test_expect_success 'a guest that never reached its script' '
	fake_run r6 "[    2.000000] Kernel panic - not syncing: No working init found" &&
	test_must_fail vm_tap r6 0 >out &&
	printf "not ok 1 - vm: the guest never started its script (qemu exit 0)\n" >expect &&
	head -n 1 out >first &&
	test_cmp expect first &&
	test_grep "^1\.\.1$" out
'

test_expect_success 'a script that ends without a plan, or with a wrong one' '
	fake_run r7 "$CLEAN" $B "ok 1 - a" "@@KPROF-VM-TAP-END@@ exit 3" &&
	test_must_fail vm_tap r7 0 >out &&
	test_grep "^not ok 2 - vm: the guest script ended without a plan (@@KPROF-VM-TAP-END@@ exit 3)$" out &&
	fake_run r8 "$CLEAN" $B "ok 1 - a" "1..3" "$E" &&
	test_must_fail vm_tap r8 0 >out &&
	test_grep "^not ok 2 - vm: the guest planned 1\.\.3 but ran 1 tests$" out
'

test_expect_success 'a kernel WARNING fails the run even when every guest test passed' '
	fake_run r9 "[    2.100000] WARNING: CPU: 0 PID: 1 at kernel/kprobes.c:1234 arm_kprobe" \
		$B "ok 1 - a" "1..1" "$E" &&
	test_must_fail vm_tap r9 0 >out &&
	test_grep "^not ok 2 - vm: the guest kernel logged a WARNING, BUG or Oops$" out &&
	test_grep "^# | .*WARNING: CPU: 0 PID: 1 at kernel/kprobes.c" out
'

test_expect_success 'a guest that skips everything is passed on as it is' '
	fake_run r10 "$CLEAN" $B "1..0 # SKIP no kprobes here" "$E" &&
	vm_tap r10 0 >out &&
	echo "1..0 # SKIP no kprobes here" >expect &&
	test_cmp expect out
'

test_expect_success 'without QEMU the whole test is skipped, with the reason' '
	(PATH=/nonexistent; vm_kernel 6.1) >out &&
	echo "1..0 # SKIP no qemu-system-x86_64 (apt-get install qemu-system-x86)" >expect &&
	test_cmp expect out
'

test_expect_success 'fetch-kernel.sh knows 6.1 and 6.12 only' '
	test_expect_code 129 "$VM_DIR/fetch-kernel.sh" 5.10 2>err &&
	test_grep "usage: tests/vm/fetch-kernel.sh 6.1|6.12" err
'

test_expect_success 'vm_libs names the loader and libc of a dynamic program, nothing for a static one' '
	vm_libs /bin/ls >libs &&
	test_grep "^/lib64/ld-linux-x86-64.so.2$" libs &&
	test_grep "/libc.so.6$" libs &&
	vm_libs /bin/busybox >none &&
	test_must_be_empty none
'

test_done
