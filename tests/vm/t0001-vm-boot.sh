#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The harness on Debian's 6.1 cloud kernel (the kernel of Debian 12's perf 6.1).
. "$(dirname "$0")/lib.sh"
vm_kernel 6.1
vm_run "$VM_KERNEL" "$VM_DIR/guest/boot.sh"
