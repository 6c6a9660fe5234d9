#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Miss counts of PMU kprobes on Debian's 6.12 cloud kernel: from BPF perf links
# (bpf_link_info.perf_event.kprobe.missed, Linux >= 6.7), exact: hits + missed = calls.
. "$(dirname "$0")/lib.sh"
vm_kernel 6.12
vm_run "$VM_KERNEL" "$VM_DIR/guest/kprobe-misses.sh"
