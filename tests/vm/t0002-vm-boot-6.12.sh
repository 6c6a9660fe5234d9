#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The harness on Debian's 6.12 cloud kernel (bookworm's newer kernel series).
. "$(dirname "$0")/lib.sh"
vm_kernel 6.12
vm_run "$VM_KERNEL" "$VM_DIR/guest/boot.sh"
