// SPDX-License-Identifier: GPL-2.0
/* x86-64: libunwind's register numbers to perf's (see arch/x86/regs.h). */
#include <libunwind-x86_64.h>

#include "arch/x86/regs.h"

int kp_arch_reg_from_unwind(int unw_reg)
{
	switch (unw_reg) {
	case UNW_X86_64_RAX: return KP_PERF_REG_AX;
	case UNW_X86_64_RDX: return KP_PERF_REG_DX;
	case UNW_X86_64_RCX: return KP_PERF_REG_CX;
	case UNW_X86_64_RBX: return KP_PERF_REG_BX;
	case UNW_X86_64_RSI: return KP_PERF_REG_SI;
	case UNW_X86_64_RDI: return KP_PERF_REG_DI;
	case UNW_X86_64_RBP: return KP_PERF_REG_BP;
	case UNW_X86_64_RSP: return KP_PERF_REG_SP;
	case UNW_X86_64_R8: return KP_PERF_REG_R8;
	case UNW_X86_64_R9: return KP_PERF_REG_R9;
	case UNW_X86_64_R10: return KP_PERF_REG_R10;
	case UNW_X86_64_R11: return KP_PERF_REG_R11;
	case UNW_X86_64_R12: return KP_PERF_REG_R12;
	case UNW_X86_64_R13: return KP_PERF_REG_R13;
	case UNW_X86_64_R14: return KP_PERF_REG_R14;
	case UNW_X86_64_R15: return KP_PERF_REG_R15;
	case UNW_X86_64_RIP: return KP_PERF_REG_IP;
	default: return -1;
	}
}
