#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kprof's kprobes on Debian's 6.1 cloud kernel: exact counts with both backends,
# kretprobes, globs, arguments, --maxactive misses, cleanup on every exit path.
. "$(dirname "$0")/lib.sh"
vm_kernel 6.1
vm_run "$VM_KERNEL" "$VM_DIR/guest/kprobes.sh"
