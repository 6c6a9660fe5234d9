# SPDX-License-Identifier: GPL-2.0
# The QEMU kernel harness: boot one of Debian's cloud kernels (they have kprobes,
# the host's kernel may not) on an initramfs holding kprof, and bring the TAP of
# a guest script back to the host, where prove reads it like any other test's.
#
#	#!/bin/sh
#	. "$(dirname "$0")/lib.sh"
#	vm_kernel 6.1                      # or: 1..0 # SKIP <reason>, exit 0
#	vm_run "$VM_KERNEL" "$VM_DIR/guest/boot.sh"
#
# The guest script runs as root in the guest's /tmp, with busybox for its tools;
# it usually sources $SRC_DIR/tests/e2e/test-lib.sh (the same test_expect_success as
# on the host) and ends with test_done. Inside the guest: $KPROF, $TARGETS (the built
# tests/targets), $SRC_DIR (tests/ of the tree), $VM_KREL (the kernel release the
# host expects) and $VM_SERIES; /proc, /sys, /dev, debugfs and tracefs are mounted.
#
# Environment: KPROF_BUILD (build directory; default build/), VM_TIMEOUT (seconds,
# default 120), VM_BOOT_TIMEOUT (seconds until the guest's script starts, default
# 60: after that one more boot), VM_ACCEL (default tcg), VM_MEM (default 512),
# VM_APPEND (more kernel command line), VM_PERF=1 (perf in the guest), VM_KEEP=1
# keeps the run directory (console.log, tap.log) and names it.

VM_DIR=$(cd "$(dirname "$0")" && pwd)
VM_SRC=$(cd "$VM_DIR/../.." && pwd)
: "${KPROF_BUILD:=$VM_SRC/build}"
: "${VM_TIMEOUT:=120}"
: "${VM_BOOT_TIMEOUT:=60}"
: "${VM_ACCEL:=tcg}"
: "${VM_MEM:=512}"
VM_CACHE=$KPROF_BUILD/vm
VM_BEGIN='@@KPROF-VM-TAP-BEGIN@@'
VM_END='@@KPROF-VM-TAP-END@@'

vm_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# vm_kernel SERIES: fetch (once) the kernel; sets VM_KERNEL, VM_KREL, VM_SERIES.
# Without the kernel or QEMU the whole test is skipped, with the reason.
vm_kernel() {
	VM_SERIES=$1
	command -v qemu-system-x86_64 >/dev/null 2>&1 ||
		vm_skip_all "no qemu-system-x86_64 (apt-get install qemu-system-x86)"
	/bin/busybox --list 2>/dev/null | grep -qx poweroff ||
		vm_skip_all "no busybox with poweroff (apt-get install busybox-static)"
	command -v cpio >/dev/null 2>&1 || vm_skip_all "no cpio (apt-get install cpio)"
	[ -x "$KPROF_BUILD/kprof" ] || vm_skip_all "no $KPROF_BUILD/kprof (run make)"
	err=$(mktemp) || exit 1
	if ! kdir=$("$VM_DIR/fetch-kernel.sh" "$VM_SERIES" 2>"$err"); then
		why=$(tail -n 1 "$err")
		rm -f "$err"
		vm_skip_all "${why:-cannot fetch the $VM_SERIES kernel}"
	fi
	rm -f "$err"
	VM_KERNEL=$kdir/vmlinuz
	VM_KREL=$(cat "$kdir/release")
}

# vm_libs FILE...: every shared object the ELF files need, the loader included.
vm_libs() {
	for f in "$@"; do
		ldd "$f" 2>/dev/null
	done | sed -n 's/^.*=> \(\/[^ ]*\) .*$/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (0x.*$/\1/p' | sort -u
}

# vm_stale OUT INPUT...: OUT is missing or older than an input (or a file in one).
vm_stale() {
	out=$1
	shift
	[ -f "$out" ] || return 0
	[ -n "$(find "$@" -newer "$out" 2>/dev/null | head -n 1)" ]
}

# vm_initramfs: build (when an input is newer) the base initramfs, an uncompressed newc cpio
# (the guest unpacks it faster than a gzipped one under TCG):
#   /init, /bin/busybox, /kprof/build/kprof, /kprof/build/tests/targets/*,
#   /kprof/tests/{e2e/test-lib.sh,vm/*}, and the libraries all of them need.
# Prints its path. Tests running at once share it (flock).
vm_initramfs() {
	initrd=$VM_CACHE/initramfs.cpio
	mkdir -p "$VM_CACHE"
	(
		flock 9
		bins="$KPROF_BUILD/kprof"
		for t in "$KPROF_BUILD"/tests/targets/*; do
			[ -f "$t" ] && [ -x "$t" ] && bins="$bins $t"
		done
		# shellcheck disable=SC2086
		libs=$(vm_libs /bin/busybox $bins)
		# shellcheck disable=SC2086
		vm_stale "$initrd" $bins $libs /bin/busybox "$VM_DIR" \
			"$VM_SRC/tests/e2e/test-lib.sh" || exit 0
		stage=$VM_CACHE/initramfs.d
		rm -rf "$stage"
		mkdir -p "$stage/bin" "$stage/kprof/build/tests/targets" "$stage/kprof/tests/e2e" \
			"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/root" || exit 1
		cp /bin/busybox "$stage/bin/busybox" &&
		cp "$VM_DIR/init" "$stage/init" &&
		cp "$KPROF_BUILD/kprof" "$stage/kprof/build/kprof" &&
		cp -r "$VM_DIR" "$stage/kprof/tests/vm" &&
		cp "$VM_SRC/tests/e2e/test-lib.sh" "$stage/kprof/tests/e2e/" || exit 1
		for t in $bins; do
			[ "$t" = "$KPROF_BUILD/kprof" ] || cp "$t" "$stage/kprof/build/tests/targets/" ||
				exit 1
		done
		for l in $libs; do
			mkdir -p "$stage$(dirname "$l")" && cp -L "$l" "$stage$l" || exit 1
		done
		chmod 755 "$stage/init"
		(cd "$stage" && find . | cpio -o -H newc -R 0:0 --quiet) >"$initrd.tmp" &&
			mv "$initrd.tmp" "$initrd"
	) 9>"$VM_CACHE/initramfs.lock" || return 1
	echo "$initrd"
}

# vm_layer NAME FILE...: an archive to append to the base one: host executables at
# their host paths with the libraries they need (build/vm/layer-NAME.cpio, cached
# like the base). VM_PERF=1 makes vm_run append the layer of /usr/bin/perf
# (about 33 MB with libpython and libperl; the guest unpacks it in under a second).
vm_layer() {
	name=$1
	shift
	layer=$VM_CACHE/layer-$name.cpio
	mkdir -p "$VM_CACHE"
	(
		flock 9
		libs=$(vm_libs "$@")
		# shellcheck disable=SC2086
		vm_stale "$layer" "$@" $libs || exit 0
		stage=$VM_CACHE/layer-$name.d
		rm -rf "$stage"
		for f in "$@" $libs; do
			mkdir -p "$stage$(dirname "$f")" && cp -L "$f" "$stage$f" || exit 1
		done
		(cd "$stage" && find . | cpio -o -H newc -R 0:0 --quiet) >"$layer.tmp" &&
			mv "$layer.tmp" "$layer"
	) 9>"$VM_CACHE/layer-$name.lock" || return 1
	echo "$layer"
}

# vm_qemu KERNEL INITRD APPEND QEMU-ARGS...: the one QEMU command line, run under
# $VM_WRAP (a timeout) when set.
vm_qemu() {
	kernel=$1 initrd=$2 append=$3
	shift 3
	$VM_WRAP qemu-system-x86_64 -accel "$VM_ACCEL" -cpu max -m "$VM_MEM" -no-reboot -nic none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 cryptomgr.notests panic=-1 oops=panic $VM_APPEND $append" "$@"
}

# vm_guest_cpio DIR SCRIPT [KERNEL]: the per-run archive: the script, its environment
# and the kernel's config (/boot/config-RELEASE, as on a Debian system).
vm_guest_cpio() {
	mkdir -p "$1/g/kprof/run" "$1/g/boot" || return 1
	cp "$2" "$1/g/kprof/run/test.sh" || return 1
	config=$(dirname "${3:-/nonexistent}")/root/boot/config-$VM_KREL
	if [ -f "$config" ]; then
		cp "$config" "$1/g/boot/" || return 1
	fi
	{
		echo "VM_KREL='$VM_KREL'"
		echo "VM_SERIES='$VM_SERIES'"
	} >"$1/g/kprof/run/env"
	(cd "$1/g" && find . | cpio -o -H newc -R 0:0 --quiet)
}

# vm_console_excerpt RUNDIR: the part of the guest console that tells why: from
# the first oops, BUG or panic on, else its last lines; and what QEMU said.
vm_console_excerpt() {
	tr -d '\r' <"$1/console.log" >"$1/console.txt"
	first=$(grep -n -m 1 -E "$VM_KERNEL_BAD|Kernel panic" "$1/console.txt" | cut -d: -f1)
	if [ -n "$first" ]; then
		echo "# the guest console, from line $first:"
		sed -n "$first,$((first + 30))p" "$1/console.txt" | sed 's/^/# | /'
	else
		echo "# the last lines of the guest console:"
		tail -n 25 "$1/console.txt" | sed 's/^/# | /'
	fi
	if [ -s "$1/qemu.log" ]; then
		echo "# qemu said:"
		tail -n 10 "$1/qemu.log" | sed 's/^/# | /'
	fi
}

# What no guest kernel may log, even when the guest's tests pass.
VM_KERNEL_BAD='(WARNING:|BUG:|Oops|general protection fault|kernel BUG|UBSAN:|KASAN:)'

# vm_tap RUNDIR QEMU-STATUS: print the guest's TAP, then one test of the host's own:
# the guest finished (no timeout, panic or missing plan) and its kernel logged no
# WARNING, BUG or Oops. The plan comes last and counts both.
vm_tap() {
	run=$1 qst=$2
	tr -d '\r' <"$run/tap.raw" >"$run/tap.log"
	sed -n "/^$VM_BEGIN\$/,/^$VM_END/p" "$run/tap.log" | sed "1d; /^$VM_END/d" >"$run/tap"
	plan=$(grep -m 1 '^1\.\.[0-9]' "$run/tap")
	n=$(grep -c '^\(not \)\{0,1\}ok ' "$run/tap")
	why=
	if [ "$qst" = 125 ]; then
		why="the guest did not reach its script within $VM_BOOT_TIMEOUT s, twice (killed)"
	elif [ "$qst" = 124 ] || [ "$qst" = 137 ]; then
		why="the guest did not finish within $VM_TIMEOUT s (killed)"
	elif ! grep -q "^$VM_BEGIN\$" "$run/tap.log"; then
		why="the guest never started its script (qemu exit $qst)"
	elif ! grep -q "^$VM_END" "$run/tap.log"; then
		why="the guest stopped before its script ended (qemu exit $qst)"
	elif [ -z "$plan" ]; then
		why="the guest script ended without a plan ($(grep "^$VM_END" "$run/tap.log"))"
	elif [ "${plan%% *}" != "1..$n" ]; then
		why="the guest planned ${plan%% *} but ran $n tests"
	fi
	if [ -z "$why" ] && [ "$n" = 0 ]; then
		# A guest that skips everything ("1..0 # SKIP why") is passed on as it is.
		cat "$run/tap"
		return 0
	fi
	grep -v '^1\.\.[0-9]' "$run/tap"
	n=$((n + 1))
	if [ -n "$why" ]; then
		echo "not ok $n - vm: $why"
		vm_console_excerpt "$run"
	elif grep -q -E "$VM_KERNEL_BAD" "$run/console.log"; then
		echo "not ok $n - vm: the guest kernel logged a WARNING, BUG or Oops"
		vm_console_excerpt "$run"
	else
		echo "ok $n - vm: the guest finished; its kernel logged no WARNING, BUG or Oops"
	fi
	echo "1..$n"
	! grep -q '^not ok ' "$run/tap" && [ -z "$why" ] &&
		! grep -q -E "$VM_KERNEL_BAD" "$run/console.log"
}

# vm_boot KERNEL RUNDIR: one boot on RUNDIR/initrd; the exit status of QEMU (124 or
# 137: killed after VM_TIMEOUT s), or 125 when the guest did not reach its script
# within VM_BOOT_TIMEOUT s (then QEMU is killed at once, by its pid file).
vm_boot() {
	rm -f "$2/qemu.pid"
	: >"$2/tap.raw"
	VM_WRAP="timeout -k 5 $VM_TIMEOUT" vm_qemu "$1" "$2/initrd" "" -display none \
		-monitor none -serial "file:$2/console.log" -serial "file:$2/tap.raw" \
		-pidfile "$2/qemu.pid" </dev/null >"$2/qemu.log" 2>&1 &
	bg=$!
	waited=0
	while ! grep -q "^$VM_BEGIN" "$2/tap.raw" 2>/dev/null && kill -0 $bg 2>/dev/null; do
		if [ $waited -ge "$VM_BOOT_TIMEOUT" ]; then
			[ -s "$2/qemu.pid" ] && kill "$(cat "$2/qemu.pid")" 2>/dev/null
			wait $bg
			return 125
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $bg
}

# vm_abort: an interrupted test takes its guest and its run directory with it.
vm_abort() {
	[ -s "$run/qemu.pid" ] && kill "$(cat "$run/qemu.pid")" 2>/dev/null
	rm -rf "$run"
	exit 130
}

# vm_run KERNEL SCRIPT: boot KERNEL, run SCRIPT in the guest, print its TAP.
vm_run() {
	initrd=$(vm_initramfs) || {
		echo "1..1"
		echo "not ok 1 - vm: cannot build the initramfs in $VM_CACHE"
		return 1
	}
	run=$(mktemp -d "${TMPDIR:-/tmp}/kprof-vm.XXXXXX") || return 1
	trap vm_abort INT TERM
	if ! vm_guest_cpio "$run" "$2" "$1" >"$run/guest.cpio"; then
		echo "1..1"
		echo "not ok 1 - vm: cannot pack the guest script '$2'"
		return 1
	fi
	layers=
	if [ "$VM_PERF" = 1 ]; then
		perf=$(command -v perf) && layers=$(vm_layer perf "$perf") || {
			echo "1..0 # SKIP VM_PERF=1 but no perf on the host (apt-get install linux-perf)"
			rm -rf "$run"
			return 0
		}
	fi
	cat "$initrd" $layers "$run/guest.cpio" >"$run/initrd"
	vm_boot "$1" "$run"
	qst=$?
	if [ $qst = 125 ]; then
		# A boot that never reaches the script is the emulator's or the kernel's
		# trouble, not the test's (seen once in ~100 boots under heavy host load):
		# one more boot, and the first one's console kept beside the second's.
		echo "# vm: the guest did not reach its script within $VM_BOOT_TIMEOUT s; booting once more"
		mv "$run/console.log" "$run/console-first-boot.log"
		vm_boot "$1" "$run"
		qst=$?
	fi
	vm_tap "$run" $qst
	ret=$?
	trap - INT TERM
	if [ "$VM_KEEP" = 1 ] || [ $ret != 0 ]; then
		echo "# vm: console.log, tap.log and qemu.log kept in $run"
	else
		rm -rf "$run"
	fi
	return $ret
}
