#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run a guest script in the QEMU kernel harness, or get a shell in the guest.
#
# Usage: tests/vm/run.sh [--kernel 6.1|6.12] [--perf] [--keep] SCRIPT
#        tests/vm/run.sh [--kernel 6.1|6.12] [--perf] --shell
#
# SCRIPT runs in the guest like tests/vm/guest/*.sh; its TAP is printed here.
# --shell boots the same guest (kprof, targets, busybox) with an interactive
# shell on the console; leave with 'poweroff -f' (or exit), or Ctrl-a x.
# --perf puts the host's perf in the guest too (VM_PERF=1).
# --keep keeps the run directory (console.log, tap.log) and prints its name.
# Needs `make` first (build/kprof, build/tests/targets).
usage() {
	sed -n 's/^# Usage: //p; s/^#        //p' "$0" >&2
	exit 129
}

series=6.1
shell=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) [ $# -ge 2 ] || usage; series=$2; shift 2 ;;
	--kernel=*) series=${1#--kernel=}; shift ;;
	--shell) shell=1; shift ;;
	--keep) VM_KEEP=1; shift ;;
	--perf) VM_PERF=1; shift ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
done
if [ -n "$shell" ]; then
	[ $# = 0 ] || usage
else
	[ $# = 1 ] || usage
fi
script=$1
[ -n "$shell" ] || [ -f "$script" ] || { echo "vm: no such script '$script'" >&2; exit 1; }
script=${script:+$(cd "$(dirname "$script")" && pwd)/$(basename "$script")}

. "$(dirname "$0")/lib.sh"
vm_kernel "$series"
if [ -z "$shell" ]; then
	vm_run "$VM_KERNEL" "$script"
	exit
fi

initrd=$(vm_initramfs) || { echo "vm: cannot build the initramfs" >&2; exit 1; }
run=$(mktemp -d "${TMPDIR:-/tmp}/kprof-vm.XXXXXX") || exit 1
trap 'rm -rf "$run"' EXIT
echo 'echo "1..0 # SKIP shell"' >"$run/none.sh"
vm_guest_cpio "$run" "$run/none.sh" "$VM_KERNEL" >"$run/guest.cpio" || exit 1
layers=
if [ "$VM_PERF" = 1 ]; then
	layers=$(vm_layer perf "$(command -v perf)") || { echo "vm: no perf on the host" >&2; exit 1; }
fi
# shellcheck disable=SC2086
cat "$initrd" $layers "$run/guest.cpio" >"$run/initrd"
VM_WRAP= vm_qemu "$VM_KERNEL" "$run/initrd" "kprof.shell" -nographic
