/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The breakpoint engine's arch contract (x86-64): the breakpoint instruction,
 * the pc after a trap, and what to do with the instruction a breakpoint
 * displaces: emulate it in the tracer (push, mov reg,reg, sub $imm,%rsp,
 * endbr64, nop, call/jmp rel) or run it out of line from a slot in a scratch
 * page followed by a jump back (RIP-relative operands rewritten for the slot).
 * Either way the breakpoint stays in place: one stop per hit.
 *
 *	struct kp_ubp_insn in;
 *	kp_arch_ubp__decode(&in, code, len, addr);	// in.how: EMULATE, XOL, REFUSE
 *	kp_arch_ubp__emulate(&in, &regs, &store);	// on a hit, EMULATE
 *	kp_arch_ubp__xol_slot(&in, slot, buf, &n);	// once, XOL: bytes for the slot
 */
#ifndef KPROF_ARCH_X86_UBP_H
#define KPROF_ARCH_X86_UBP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/user.h>

#define KP_UBP_BRK_LEN		1
#define KP_UBP_INSN_MAX		15
#define KP_UBP_SLOT_SIZE	32	/* instruction (<= 15) + jmp *0(%rip) (6) + target (8) */

typedef struct user_regs_struct kp_ubp_regs;

static const uint8_t kp_ubp_brk[KP_UBP_BRK_LEN] = { 0xcc };	/* int3 */
static const uint8_t kp_ubp_syscall[2] = { 0x0f, 0x05 };	/* syscall */

/* The probe address of a breakpoint trap: int3 leaves rip after itself. */
static inline uint64_t kp_arch_ubp__trap_pc(const kp_ubp_regs *r)
{
	return r->rip - KP_UBP_BRK_LEN;
}

static inline uint64_t kp_arch_ubp__pc(const kp_ubp_regs *r)
{
	return r->rip;
}

static inline void kp_arch_ubp__set_pc(kp_ubp_regs *r, uint64_t pc)
{
	r->rip = pc;
}

static inline uint64_t kp_arch_ubp__sp(const kp_ubp_regs *r)
{
	return r->rsp;
}

/* At a function's first instruction: the stack slot holding its return address. */
static inline uint64_t kp_arch_ubp__entry_ret_slot(const kp_ubp_regs *r)
{
	return r->rsp;
}

/* Stopped at the return trampoline (a ret brought it there): the slot that ret popped. */
static inline uint64_t kp_arch_ubp__tramp_ret_slot(const kp_ubp_regs *r)
{
	return r->rsp - 8;
}

/* Prepare @r to run syscall @nr (args in @a) at the pc; no restart of an interrupted one. */
static inline void kp_arch_ubp__set_syscall(kp_ubp_regs *r, long nr, const long a[6])
{
	r->rax = nr;
	r->orig_rax = -1;
	r->rdi = a[0];
	r->rsi = a[1];
	r->rdx = a[2];
	r->r10 = a[3];
	r->r8 = a[4];
	r->r9 = a[5];
}

static inline long kp_arch_ubp__syscall_ret(const kp_ubp_regs *r)
{
	return (long)r->rax;
}

static inline uint64_t kp_arch_ubp__fp(const kp_ubp_regs *r)
{
	return r->rbp;
}

/* The registers of a sample's PERF_SAMPLE_REGS_USER (KP_PERF_REGS_USER_MASK of regs.h). */
#define KP_UBP_PERF_NR_REGS 20

/*
 * @r as perf's user registers, in the ascending bit order of
 * KP_PERF_REGS_USER_MASK (ax..ss, r8..r15), with @pc as the ip.
 */
static inline void kp_arch_ubp__perf_regs(const kp_ubp_regs *r, uint64_t pc,
					  uint64_t out[KP_UBP_PERF_NR_REGS])
{
	const uint64_t v[KP_UBP_PERF_NR_REGS] = {
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp, r->rsp, pc, r->eflags,
		r->cs, r->ss, r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
	};

	for (int i = 0; i < KP_UBP_PERF_NR_REGS; i++)
		out[i] = v[i];
}

enum kp_ubp_how {
	KP_UBP_EMULATE,		/* the tracer does it: registers (and one store) */
	KP_UBP_XOL,		/* run out of line, then jump back */
	KP_UBP_REFUSE,		/* cannot be moved: @why says which */
};

enum kp_ubp_emu {
	KP_UBP_EMU_NOP,		/* nop, endbr64: pc += len */
	KP_UBP_EMU_PUSH,	/* push %reg */
	KP_UBP_EMU_MOV,		/* mov %reg, %reg (64-bit) */
	KP_UBP_EMU_SUB_SP,	/* sub $imm, %rsp (flags too) */
	KP_UBP_EMU_CALL,	/* call rel32 */
	KP_UBP_EMU_JMP,		/* jmp rel8/rel32 */
};

struct kp_ubp_insn {
	uint64_t addr;
	uint8_t bytes[KP_UBP_INSN_MAX];
	uint8_t len;
	enum kp_ubp_how how;
	enum kp_ubp_emu emu;
	int src, dst;		/* register indexes (kp_arch_ubp__reg) */
	int64_t imm;		/* sub: the immediate; call/jmp: the target */
	bool rip_rel;		/* XOL: a RIP-relative operand */
	uint8_t disp_off;	/* ... whose disp32 is at this byte offset */
	char mnemonic[192];	/* "mov rax, qword ptr [rip + 0x2f0e]" */
	char why[96];		/* REFUSE: the reason */
};

/* A memory store an emulation needs (push, call): 8 bytes at @addr. */
struct kp_ubp_store {
	uint64_t addr;
	uint64_t val;
};

/*
 * Decode the instruction at @code (@len bytes available, at @addr in the
 * target) and decide how it is handled.  Returns 0 (even for REFUSE), -EINVAL
 * when the bytes are no instruction.
 */
int kp_arch_ubp__decode(struct kp_ubp_insn *insn, const uint8_t *code, size_t len, uint64_t addr);

/* Emulate @insn on @r; returns 1 when @st must be written to the target, else 0. */
int kp_arch_ubp__emulate(const struct kp_ubp_insn *insn, kp_ubp_regs *r, struct kp_ubp_store *st);

/*
 * The bytes of @insn's out-of-line slot at @slot (KP_UBP_SLOT_SIZE at most):
 * the instruction, its RIP-relative displacement rewritten for @slot, then a
 * jump back to addr + len.  -ERANGE when the operand is out of reach of @slot.
 */
int kp_arch_ubp__xol_slot(const struct kp_ubp_insn *insn, uint64_t slot, uint8_t *buf,
			  size_t *len);

/*
 * A thread stopped inside a slot when the engine detaches: where it continues
 * in the original code (@off bytes into the slot; @off 0: not started).
 */
uint64_t kp_arch_ubp__xol_fixup(const struct kp_ubp_insn *insn, uint64_t off);

#endif /* KPROF_ARCH_X86_UBP_H */
