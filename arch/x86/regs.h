/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 contract for user-stack unwinding: which user registers record asks
 * the kernel for (PERF_SAMPLE_REGS_USER, perf's PERF_REG_X86_* numbering, the
 * same mask perf 6.1 uses), and how they map to libunwind's UNW_X86_64_*.
 * The samples carry the registers of the mask in ascending bit order.
 */
#ifndef KPROF_ARCH_X86_REGS_H
#define KPROF_ARCH_X86_REGS_H

#include <stdint.h>

/* perf's enum perf_event_x86_regs (arch/x86/include/uapi/asm/perf_regs.h) */
enum kp_perf_reg {
	KP_PERF_REG_AX, KP_PERF_REG_BX, KP_PERF_REG_CX, KP_PERF_REG_DX,
	KP_PERF_REG_SI, KP_PERF_REG_DI, KP_PERF_REG_BP, KP_PERF_REG_SP,
	KP_PERF_REG_IP, KP_PERF_REG_FLAGS, KP_PERF_REG_CS, KP_PERF_REG_SS,
	KP_PERF_REG_DS, KP_PERF_REG_ES, KP_PERF_REG_FS, KP_PERF_REG_GS,
	KP_PERF_REG_R8, KP_PERF_REG_R9, KP_PERF_REG_R10, KP_PERF_REG_R11,
	KP_PERF_REG_R12, KP_PERF_REG_R13, KP_PERF_REG_R14, KP_PERF_REG_R15,
};

/* ax..gs minus ds, es, fs, gs (the kernel refuses those on x86-64), r8..r15: 0xff0fff */
#define KP_PERF_REGS_USER_MASK 0xff0fffULL

#define KP_PERF_REG_PC KP_PERF_REG_IP
#define KP_PERF_REG_SPTR KP_PERF_REG_SP

/* The perf register number for libunwind's register @unw_reg, or -1 (none). */
int kp_arch_reg_from_unwind(int unw_reg);

#endif /* KPROF_ARCH_X86_REGS_H */
