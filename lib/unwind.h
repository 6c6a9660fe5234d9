/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DWARF unwinding of user stacks captured with --call-graph dwarf: libunwind
 * over a remote address space whose accessors read the sample's registers
 * (PERF_SAMPLE_REGS_USER), its stack copy (PERF_SAMPLE_STACK_USER), and the
 * DSOs' files (.eh_frame_hdr / .eh_frame through libelf).  Each DSO's ELF
 * file and unwind table are opened once per kp_unwind, not per sample.
 *
 *	struct kp_unwind *uw;
 *	kp_unwind__new(&uw, machine);
 *	n = kp_unwind__get_entries(uw, thread, sample, ips, max);	// innermost first
 *	kp_unwind__delete(uw);
 */
#ifndef KPROF_LIB_UNWIND_H
#define KPROF_LIB_UNWIND_H

#include <stdint.h>

#include "lib/machine.h"
#include "lib/sample.h"

struct kp_unwind;

int kp_unwind__new(struct kp_unwind **uw, struct kp_machine *machine);
void kp_unwind__delete(struct kp_unwind *uw);

/*
 * Unwind @sample's user stack of @thread into at most @max addresses, the
 * interrupted ip first; callers' return addresses minus one (as perf does, so
 * they resolve inside the call).  @sample_regs_user: the attr's mask.  Returns
 * the number of addresses (0 without registers or stack), or -errno.
 */
int kp_unwind__get_entries(struct kp_unwind *uw, struct kp_thread *thread,
			   const struct kp_sample *sample, uint64_t sample_regs_user,
			   uint64_t *ips, int max);

#endif /* KPROF_LIB_UNWIND_H */
