#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kprof's kprobes (PMU backend) on Debian's 6.1 cloud kernel: exact counts, glob sets,
# record, cleanup (the host kernel has no kprobes).
. "$(dirname "$0")/lib.sh"
vm_kernel 6.1
vm_run "$VM_KERNEL" "$VM_DIR/guest/kprobe-stat.sh"
