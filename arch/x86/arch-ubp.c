// SPDX-License-Identifier: GPL-2.0
/* x86-64 instruction decode, emulation and relocation for the breakpoint engine. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "arch-ubp.h"

/* The 64-bit general registers of @r by capstone id (NULL: not one). */
static unsigned long long *reg_ptr(kp_ubp_regs *r, int reg)
{
	switch (reg) {
	case X86_REG_RAX: return &r->rax;
	case X86_REG_RBX: return &r->rbx;
	case X86_REG_RCX: return &r->rcx;
	case X86_REG_RDX: return &r->rdx;
	case X86_REG_RSI: return &r->rsi;
	case X86_REG_RDI: return &r->rdi;
	case X86_REG_RBP: return &r->rbp;
	case X86_REG_RSP: return &r->rsp;
	case X86_REG_R8: return &r->r8;
	case X86_REG_R9: return &r->r9;
	case X86_REG_R10: return &r->r10;
	case X86_REG_R11: return &r->r11;
	case X86_REG_R12: return &r->r12;
	case X86_REG_R13: return &r->r13;
	case X86_REG_R14: return &r->r14;
	case X86_REG_R15: return &r->r15;
	}
	return NULL;
}

static void refuse(struct kp_ubp_insn *insn, const char *why)
{
	insn->how = KP_UBP_REFUSE;
	snprintf(insn->why, sizeof(insn->why), "%s", why);
}

static bool is_gpr64(int reg)
{
	kp_ubp_regs r;

	return reg_ptr(&r, reg) != NULL;
}

/* The emulated forms; false leaves the instruction to XOL. */
static bool decide_emulate(struct kp_ubp_insn *insn, const cs_insn *ci)
{
	const cs_x86 *x = &ci->detail->x86;
	const cs_x86_op *op = x->operands;

	switch (ci->id) {
	case X86_INS_NOP:
	case X86_INS_ENDBR64:
		insn->emu = KP_UBP_EMU_NOP;
		return true;
	case X86_INS_PUSH:
		if (x->op_count != 1 || op[0].type != X86_OP_REG || !is_gpr64(op[0].reg))
			return false;
		insn->emu = KP_UBP_EMU_PUSH;
		insn->src = op[0].reg;
		return true;
	case X86_INS_MOV:
		if (x->op_count != 2 || op[0].type != X86_OP_REG || op[1].type != X86_OP_REG ||
		    !is_gpr64(op[0].reg) || !is_gpr64(op[1].reg))
			return false;
		insn->emu = KP_UBP_EMU_MOV;
		insn->dst = op[0].reg;
		insn->src = op[1].reg;
		return true;
	case X86_INS_SUB:
		if (x->op_count != 2 || op[0].type != X86_OP_REG || op[0].reg != X86_REG_RSP ||
		    op[1].type != X86_OP_IMM)
			return false;
		insn->emu = KP_UBP_EMU_SUB_SP;
		insn->imm = op[1].imm;
		return true;
	case X86_INS_CALL:
		if (x->op_count != 1 || op[0].type != X86_OP_IMM)
			return false;
		insn->emu = KP_UBP_EMU_CALL;
		insn->imm = op[0].imm;
		return true;
	case X86_INS_JMP:
		if (x->op_count != 1 || op[0].type != X86_OP_IMM)
			return false;
		insn->emu = KP_UBP_EMU_JMP;
		insn->imm = op[0].imm;
		return true;
	}
	return false;
}

/* Instructions whose effect depends on where they run, other than RIP-relative data. */
static const char *unmovable(csh h, const cs_insn *ci)
{
	if (cs_insn_group(h, ci, X86_GRP_JUMP) || cs_insn_group(h, ci, X86_GRP_CALL))
		return "a relative or indirect branch cannot run out of line";
	switch (ci->id) {
	case X86_INS_INT3:
	case X86_INS_INT:
	case X86_INS_INT1:
	case X86_INS_UD2:
		return "a trap instruction cannot run out of line";
	case X86_INS_XBEGIN:
		return "a transaction cannot start out of line";
	}
	return NULL;
}

int kp_arch_ubp__decode(struct kp_ubp_insn *insn, const uint8_t *code, size_t len, uint64_t addr)
{
	csh h;
	cs_insn *ci = NULL;
	const char *why;
	int ret = -EINVAL;

	memset(insn, 0, sizeof(*insn));
	insn->addr = addr;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
		return -ENOMEM;
	cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
	if (cs_disasm(h, code, len, addr, 1, &ci) != 1)
		goto out;
	insn->len = ci->size;
	memcpy(insn->bytes, code, ci->size);
	snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%s%s%s", ci->mnemonic,
		 ci->op_str[0] ? " " : "", ci->op_str);
	ret = 0;
	if (decide_emulate(insn, ci)) {
		insn->how = KP_UBP_EMULATE;
		goto out;
	}
	why = unmovable(h, ci);
	if (why) {
		refuse(insn, why);
		goto out;
	}
	insn->how = KP_UBP_XOL;
	for (int i = 0; i < ci->detail->x86.op_count; i++) {
		const cs_x86_op *op = &ci->detail->x86.operands[i];

		if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
			insn->rip_rel = true;
			insn->disp_off = ci->detail->x86.encoding.disp_offset;
		}
	}
	if (insn->rip_rel && (!insn->disp_off || insn->disp_off + 4 > insn->len))
		refuse(insn, "its RIP-relative displacement was not found");
out:
	if (ci)
		cs_free(ci, 1);
	cs_close(&h);
	return ret;
}

/* EFLAGS after a 64-bit a - b: CF PF AF ZF SF OF. */
static unsigned long long sub_flags(unsigned long long flags, uint64_t a, uint64_t b)
{
	uint64_t res = a - b;
	unsigned long long f = flags & ~0x8d5ULL;

	if (a < b)
		f |= 1 << 0;
	if (!__builtin_parity(res & 0xff))
		f |= 1 << 2;
	if ((a ^ b ^ res) & 0x10)
		f |= 1 << 4;
	if (!res)
		f |= 1 << 6;
	if (res >> 63)
		f |= 1 << 7;
	if (((a ^ b) & (a ^ res)) >> 63)
		f |= 1 << 11;
	return f;
}

int kp_arch_ubp__emulate(const struct kp_ubp_insn *insn, kp_ubp_regs *r, struct kp_ubp_store *st)
{
	uint64_t next = insn->addr + insn->len;

	switch (insn->emu) {
	case KP_UBP_EMU_NOP:
		break;
	case KP_UBP_EMU_PUSH:
		st->val = *reg_ptr(r, insn->src);	/* before rsp moves: push %rsp */
		r->rsp -= 8;
		st->addr = r->rsp;
		r->rip = next;
		return 1;
	case KP_UBP_EMU_MOV:
		*reg_ptr(r, insn->dst) = *reg_ptr(r, insn->src);
		break;
	case KP_UBP_EMU_SUB_SP:
		r->eflags = sub_flags(r->eflags, r->rsp, (uint64_t)insn->imm);
		r->rsp -= (uint64_t)insn->imm;
		break;
	case KP_UBP_EMU_CALL:
		r->rsp -= 8;
		st->addr = r->rsp;
		st->val = next;
		r->rip = (uint64_t)insn->imm;
		return 1;
	case KP_UBP_EMU_JMP:
		r->rip = (uint64_t)insn->imm;
		return 0;
	}
	r->rip = next;
	return 0;
}

int kp_arch_ubp__xol_slot(const struct kp_ubp_insn *insn, uint64_t slot, uint8_t *buf,
			  size_t *len)
{
	uint64_t back = insn->addr + insn->len;
	size_t n = insn->len;

	memcpy(buf, insn->bytes, insn->len);
	if (insn->rip_rel) {
		int32_t disp;
		int64_t target, nd;

		memcpy(&disp, insn->bytes + insn->disp_off, 4);
		target = (int64_t)(insn->addr + insn->len) + disp;
		nd = target - (int64_t)(slot + insn->len);
		if (nd != (int32_t)nd)
			return -ERANGE;
		disp = (int32_t)nd;
		memcpy(buf + insn->disp_off, &disp, 4);
	}
	/* jmp *0(%rip); .quad back */
	buf[n++] = 0xff;
	buf[n++] = 0x25;
	memset(buf + n, 0, 4);
	n += 4;
	memcpy(buf + n, &back, 8);
	n += 8;
	*len = n;
	return 0;
}

uint64_t kp_arch_ubp__xol_fixup(const struct kp_ubp_insn *insn, uint64_t off)
{
	return off == 0 ? insn->addr : insn->addr + insn->len;
}
