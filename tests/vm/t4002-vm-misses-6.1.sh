#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Miss counts of PMU kprobes on Debian's 6.1 cloud kernel: it has none to give,
# and kprof says "n/a" (never 0); tracefs probes have kprobe_profile's.
. "$(dirname "$0")/lib.sh"
vm_kernel 6.1
vm_run "$VM_KERNEL" "$VM_DIR/guest/kprobe-misses.sh"
