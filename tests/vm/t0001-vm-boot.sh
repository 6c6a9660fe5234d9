#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The harness on Debian's 6.1 cloud kernel, with perf 6.1 (VM_PERF=1) as the peer in the
# guest: the kernel and perf of Debian 12. (t0002 boots 6.12 without perf: faster.)
. "$(dirname "$0")/lib.sh"
vm_kernel 6.1
VM_PERF=1 vm_run "$VM_KERNEL" "$VM_DIR/guest/boot.sh"
