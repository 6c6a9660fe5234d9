// SPDX-License-Identifier: GPL-2.0
/* arch/x86's breakpoint-engine decisions: decode, emulation, out-of-line slots. */
#include <errno.h>
#include <string.h>

#include "arch-ubp.h"
#include "tests/unit/tap.h"

#define A 0x555555551000ULL

static struct kp_ubp_insn dec(const char *bytes, size_t len)
{
	struct kp_ubp_insn in;

	check_int(kp_arch_ubp__decode(&in, (const uint8_t *)bytes, len, A), ==, 0);
	return in;
}

static void test_emulated(void)
{
	struct kp_ubp_insn in;
	struct kp_ubp_store st = { 0 };
	kp_ubp_regs r;

	memset(&r, 0, sizeof(r));
	in = dec("\x55", 1);				/* push %rbp */
	check_int(in.how, ==, KP_UBP_EMULATE);
	check_int(in.emu, ==, KP_UBP_EMU_PUSH);
	check_int(in.len, ==, 1);
	r.rsp = 0x7ffe0000;
	r.rbp = 0x1234;
	check_int(kp_arch_ubp__emulate(&in, &r, &st), ==, 1);
	check_uint(st.addr, ==, 0x7ffe0000 - 8);
	check_uint(st.val, ==, 0x1234);
	check_uint(r.rsp, ==, 0x7ffe0000 - 8);
	check_uint(r.rip, ==, A + 1);

	in = dec("\x41\x57", 2);			/* push %r15 */
	check_int(in.how, ==, KP_UBP_EMULATE);
	r.r15 = 77;
	kp_arch_ubp__emulate(&in, &r, &st);
	check_uint(st.val, ==, 77);
	check_uint(r.rip, ==, A + 2);

	in = dec("\x48\x89\xe5", 3);			/* mov %rsp,%rbp */
	check_int(in.emu, ==, KP_UBP_EMU_MOV);
	r.rsp = 0x1000;
	r.rbp = 0;
	check_int(kp_arch_ubp__emulate(&in, &r, &st), ==, 0);
	check_uint(r.rbp, ==, 0x1000);
	check_uint(r.rip, ==, A + 3);

	in = dec("\x48\x83\xec\x10", 4);		/* sub $0x10,%rsp */
	check_int(in.emu, ==, KP_UBP_EMU_SUB_SP);
	r.rsp = 0x1000;
	r.eflags = 0x246;				/* ZF PF IF set */
	kp_arch_ubp__emulate(&in, &r, &st);
	check_uint(r.rsp, ==, 0xff0);
	check_uint(r.eflags & 0x8d5, ==, 0x4);	/* 0xff0: PF only (even parity) */
	check_uint(r.eflags & 0x200, ==, 0x200);	/* IF untouched */

	in = dec("\x48\x81\xec\x00\x01\x00\x00", 7);	/* sub $0x100,%rsp */
	check_int(in.emu, ==, KP_UBP_EMU_SUB_SP);
	check_int(in.imm, ==, 0x100);

	in = dec("\xf3\x0f\x1e\xfa", 4);		/* endbr64 */
	check_int(in.how, ==, KP_UBP_EMULATE);
	check_int(in.emu, ==, KP_UBP_EMU_NOP);
	kp_arch_ubp__emulate(&in, &r, &st);
	check_uint(r.rip, ==, A + 4);

	in = dec("\x0f\x1f\x44\x00\x00", 5);		/* nopl 0(%rax,%rax) */
	check_int(in.emu, ==, KP_UBP_EMU_NOP);

	in = dec("\xe8\x10\x00\x00\x00", 5);		/* call A+0x15 */
	check_int(in.emu, ==, KP_UBP_EMU_CALL);
	r.rsp = 0x2000;
	check_int(kp_arch_ubp__emulate(&in, &r, &st), ==, 1);
	check_uint(st.val, ==, A + 5);
	check_uint(st.addr, ==, 0x2000 - 8);
	check_uint(r.rip, ==, A + 0x15);

	in = dec("\xeb\xfe", 2);			/* jmp . */
	check_int(in.emu, ==, KP_UBP_EMU_JMP);
	kp_arch_ubp__emulate(&in, &r, &st);
	check_uint(r.rip, ==, A);
}

static void test_xol(void)
{
	struct kp_ubp_insn in;
	uint8_t buf[KP_UBP_SLOT_SIZE];
	uint64_t back, slot = A + 0x100000;
	int32_t disp;
	size_t n;

	in = dec("\x48\x8b\x05\xc0\x2e\x00\x00", 7);	/* mov 0x2ec0(%rip),%rax */
	check_int(in.how, ==, KP_UBP_XOL);
	check(in.rip_rel);
	check_int(in.disp_off, ==, 3);
	check_int(kp_arch_ubp__xol_slot(&in, slot, buf, &n), ==, 0);
	check_uint(n, ==, 7 + 6 + 8);
	memcpy(&disp, buf + 3, 4);
	/* the same target from the slot: A + 7 + 0x2ec0 */
	check_uint(slot + 7 + (int64_t)disp, ==, A + 7 + 0x2ec0);
	check(!memcmp(buf + 7, "\xff\x25\x00\x00\x00\x00", 6));
	memcpy(&back, buf + 13, 8);
	check_uint(back, ==, A + 7);
	check_uint(kp_arch_ubp__xol_fixup(&in, 0), ==, A);
	check_uint(kp_arch_ubp__xol_fixup(&in, 7), ==, A + 7);

	/* out of reach: more than 2 GiB away */
	check_int(kp_arch_ubp__xol_slot(&in, A + (3ULL << 30), buf, &n), ==, -ERANGE);

	in = dec("\x48\x83\x3d\x10\x00\x00\x00\x05", 8);	/* cmpq $5,0x10(%rip): imm after disp */
	check_int(in.how, ==, KP_UBP_XOL);
	check_int(in.disp_off, ==, 3);

	in = dec("\x48\x8b\x47\x08", 4);		/* mov 8(%rdi),%rax */
	check_int(in.how, ==, KP_UBP_XOL);
	check(!in.rip_rel);
	check_int(kp_arch_ubp__xol_slot(&in, A + (3ULL << 30), buf, &n), ==, 0);

	in = dec("\xc3", 1);				/* ret: runs anywhere */
	check_int(in.how, ==, KP_UBP_XOL);
}

static void test_refused(void)
{
	struct kp_ubp_insn in;

	in = dec("\x74\x05", 2);			/* je */
	check_int(in.how, ==, KP_UBP_REFUSE);
	check(strstr(in.why, "branch") != NULL);
	check(!strncmp(in.mnemonic, "je ", 3));
	in = dec("\xff\xd0", 2);			/* call *%rax */
	check_int(in.how, ==, KP_UBP_REFUSE);
	in = dec("\xcc", 1);				/* int3 */
	check_int(in.how, ==, KP_UBP_REFUSE);
	check(strstr(in.why, "trap") != NULL);
	check_int(kp_arch_ubp__decode(&in, (const uint8_t *)"\x0f", 1, A), ==, -EINVAL);
}

int main(void)
{
	check_int(kp_ubp_brk[0], ==, 0xcc);
	test_emulated();
	test_xol();
	test_refused();
	return test_done();
}
