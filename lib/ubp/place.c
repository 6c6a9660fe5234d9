// SPDX-License-Identifier: GPL-2.0
/*
 * Placing the breakpoint engine's breakpoints: probes in every mapped file
 * (again after each dlopen, seen at the dynamic linker's r_brk), out-of-line
 * slots and the return trampoline in scratch pages mapped into the target,
 * the entry-point breakpoint after an exec.
 */
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "lib/ubp/ubp-int.h"

#define SCRATCH_SIZE 4096

void ubp_proc__forget(struct ubp_proc *p)
{
	free(p->bps);
	p->bps = NULL;
	p->nr_bps = 0;
	free(p->scratch);
	p->scratch = NULL;
	p->nr_scratch = 0;
	free(p->tried);
	p->tried = NULL;
	p->entry = 0;
	p->tramp = 0;
	p->r_debug = 0;
}

static int bp__cmp(const void *a, const void *b)
{
	const struct ubp_bp *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ubp_bp *ubp_proc__find_bp(const struct ubp_proc *p, uint64_t addr)
{
	int lo = 0, hi = p->nr_bps - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (p->bps[mid].addr == addr)
			return &p->bps[mid];
		if (p->bps[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* A new scratch page near @near (RIP-relative reach; 0: anywhere), mapped by @tid. */
static struct ubp_scratch *proc__new_scratch(struct ubp_engine *e, struct ubp_proc *p, pid_t tid,
					     uint64_t near, int *err)
{
	/* MAP_PRIVATE|MAP_ANONYMOUS, and MAP_FIXED_NOREPLACE at a gap near the probe. */
	long args[6] = { 0, SCRATCH_SIZE, 5 /* PROT_READ|EXEC */, 0x22 | 0x100000, -1, 0 };
	struct ubp_scratch *s;
	uint64_t gap = near ? ubp_maps__find_gap(p->tgid, near, SCRATCH_SIZE) : 0;
	long addr;
	int sig = 0;

	args[0] = (long)gap;
	if (!gap)
		args[3] = 0x22;
	addr = ubp_inject_syscall(tid, p->mem_fd, SYS_mmap, args, &sig);
	if (ubp_engine__find_thread(e, tid) >= 0 && sig)
		e->threads[e->last].sig = sig;
	if (addr < 0 && addr > -4096) {
		*err = (int)addr;
		return NULL;
	}
	s = realloc(p->scratch, (p->nr_scratch + 1) * sizeof(*s));
	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	p->scratch = s;
	s = &s[p->nr_scratch++];
	*s = (struct ubp_scratch){ .addr = (uint64_t)addr, .size = SCRATCH_SIZE };
	return s;
}

int ubp_proc__place_slot(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, struct ubp_bp *bp)
{
	uint8_t buf[KP_UBP_SLOT_SIZE];
	struct ubp_scratch *s;
	size_t n;
	int err = 0;

	for (int i = 0; i < p->nr_scratch; i++) {
		s = &p->scratch[i];
		if (s->used + KP_UBP_SLOT_SIZE > s->size)
			continue;
		if (kp_arch_ubp__xol_slot(&bp->insn, s->addr + s->used, buf, &n))
			continue;
		goto found;
	}
	s = proc__new_scratch(e, p, tid, bp->addr, &err);
	if (!s)
		return err;
	if (kp_arch_ubp__xol_slot(&bp->insn, s->addr, buf, &n))
		return -ERANGE;
found:
	bp->slot = s->addr + s->used;
	s->used += KP_UBP_SLOT_SIZE;
	return ubp_mem__write(p->mem_fd, bp->slot, buf, n);
}

/*
 * The return trampoline: a slot of breakpoint instructions.  Hijacked return
 * addresses point at it; the engine sends each return on to its real address.
 */
static int proc__place_tramp(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, uint64_t near)
{
	uint8_t buf[KP_UBP_SLOT_SIZE];
	struct ubp_scratch *s = NULL;
	int err = 0;

	if (p->tramp)
		return 0;
	for (int i = 0; i < p->nr_scratch && !s; i++)
		if (p->scratch[i].used + KP_UBP_SLOT_SIZE <= p->scratch[i].size)
			s = &p->scratch[i];
	if (!s)
		s = proc__new_scratch(e, p, tid, near, &err);
	if (!s)
		return err;
	for (size_t i = 0; i + KP_UBP_BRK_LEN <= sizeof(buf); i += KP_UBP_BRK_LEN)
		memcpy(buf + i, kp_ubp_brk, KP_UBP_BRK_LEN);
	err = ubp_mem__write(p->mem_fd, s->addr + s->used, buf, sizeof(buf));
	if (err)
		return err;
	p->tramp = s->addr + s->used;
	s->used += KP_UBP_SLOT_SIZE;
	return 0;
}

/*
 * A breakpoint at @addr for @probe's chain (-1: engine-internal, @rbrk);
 * @lazy: no out-of-line slot yet (no syscall can be injected now, at an exec
 * event), ubp_proc__place_slot() at its first hit.  1 placed, 0 not (warned),
 * -errno when the target cannot be written.
 */
static int proc__place_at(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, uint64_t addr,
			  int probe, bool rbrk, bool lazy)
{
	const char *name = probe >= 0 ? e->opts->probes[probe].name : "r_brk";
	struct ubp_bp bp = { .addr = addr, .probe = probe, .rbrk = rbrk }, *bps, *old;
	uint8_t code[KP_UBP_INSN_MAX];
	size_t len = sizeof(code);
	int err;

	for (int i = probe; i >= 0; i = e->alias_next[i]) {
		bp.ret |= e->opts->probes[i].ret;
		bp.entry |= !e->opts->probes[i].ret;
	}
	if (bp.ret) {
		err = proc__place_tramp(e, p, tid, addr);
		if (err) {
			ubp_engine__warn(e, "probe '%s' not placed in process %d: no trampoline "
					 "for its returns (%s)", name, (int)p->tgid,
					 strerror(-err));
			return 0;
		}
	}
	old = ubp_proc__find_bp(p, addr);
	if (old) {		/* r_brk and a probe on one instruction */
		if (probe >= 0) {
			old->probe = probe;
			old->entry = bp.entry;
			old->ret = bp.ret;
		}
		old->rbrk |= rbrk;
		return 1;
	}
	while (len && ubp_mem__read(p->mem_fd, addr, code, len))
		len--;
	if (!len || kp_arch_ubp__decode(&bp.insn, code, len, addr)) {
		ubp_engine__warn(e, "probe '%s' not placed in process %d: no instruction at %#llx",
				 name, (int)p->tgid, (unsigned long long)addr);
		return 0;
	}
	if (bp.insn.how == KP_UBP_REFUSE) {
		ubp_engine__warn(e, "probe '%s' not placed: its first instruction '%s' cannot be "
				 "moved (%s)", name, bp.insn.mnemonic, bp.insn.why);
		return 0;
	}
	if (bp.insn.how == KP_UBP_XOL && !lazy) {
		err = ubp_proc__place_slot(e, p, tid, &bp);
		if (err) {
			ubp_engine__warn(e, "probe '%s' not placed: no out-of-line slot for "
					 "'%s' (%s)", name, bp.insn.mnemonic, strerror(-err));
			return 0;
		}
	}
	memcpy(bp.orig, code, KP_UBP_BRK_LEN);
	bps = realloc(p->bps, (p->nr_bps + 1) * sizeof(*bps));
	if (!bps)
		return -ENOMEM;
	p->bps = bps;
	err = ubp_mem__write(p->mem_fd, addr, kp_ubp_brk, KP_UBP_BRK_LEN);
	if (err)
		return err;
	bps[p->nr_bps++] = bp;
	qsort(bps, p->nr_bps, sizeof(*bps), bp__cmp);
	return 1;
}

/*
 * Forget the probes' breakpoints whose file is no longer mapped there (dlclose:
 * the bytes are gone with the mapping; another file may be there now).
 */
static void proc__drop_stale(struct ubp_engine *e, struct ubp_proc *p, const struct ubp_maps *m)
{
	int n = 0;

	for (int i = 0; i < p->nr_bps; i++) {
		struct ubp_bp *bp = &p->bps[i];
		const struct kp_ubp_probe *pr = bp->probe >= 0 ? &e->opts->probes[bp->probe] : NULL;
		uint8_t now[KP_UBP_BRK_LEN];

		if (!pr || (ubp_maps__lookup(m, pr->path, pr->offset) == bp->addr &&
			    !ubp_mem__read(p->mem_fd, bp->addr, now, sizeof(now)) &&
			    !memcmp(now, kp_ubp_brk, sizeof(now)))) {
			p->bps[n++] = *bp;
			continue;
		}
		p->tried[bp->probe] = 0;
		if (bp->rbrk) {		/* keep the hook, as an internal breakpoint */
			bp->probe = -1;
			bp->entry = bp->ret = false;
			p->bps[n++] = *bp;
		}
	}
	p->nr_bps = n;
}

int ubp_proc__place_probes(struct ubp_engine *e, struct ubp_proc *p, pid_t tid)
{
	struct ubp_maps m;
	int ret;

	if (!p->tried) {
		p->tried = calloc(e->opts->nr_probes + 1, sizeof(*p->tried));
		if (!p->tried)
			return -ENOMEM;
	}
	ret = ubp_maps__read(&m, p->tgid);
	if (ret)
		return ret == -ENOMEM ? ret : 0;	/* gone: nothing to place */
	proc__drop_stale(e, p, &m);
	for (int i = 0; i < e->opts->nr_probes; i++) {
		const struct kp_ubp_probe *pr = &e->opts->probes[i];
		uint64_t addr;

		if (e->alias[i])
			continue;
		addr = ubp_maps__lookup(&m, pr->path, pr->offset);
		if (!addr)
			continue;
		for (int j = i; j >= 0; j = e->alias_next[j])
			e->mapped[j] = true;
		if (p->tried[i] == addr)
			continue;	/* placed, or refused with a warning */
		p->tried[i] = addr;
		ret = proc__place_at(e, p, tid, addr, i, false, false);
		if (ret < 0)
			break;
		e->res->placed += ret;
		ret = 0;
	}
	ubp_maps__exit(&m);
	return ret;
}

/* The address of the dynamic linker's struct r_debug: DT_DEBUG of the executable's PT_DYNAMIC. */
static uint64_t proc__find_r_debug(struct ubp_proc *p)
{
	uint64_t phdr = ubp_auxv__get(p->tgid, AT_PHDR), phnum = ubp_auxv__get(p->tgid, AT_PHNUM);
	uint64_t bias = 0, dyn = 0, dynsz = 0;
	Elf64_Phdr ph;
	Elf64_Dyn d;

	if (!phdr || !phnum || phnum > 256)
		return 0;
	for (uint64_t i = 0; i < phnum; i++) {
		if (ubp_mem__read(p->mem_fd, phdr + i * sizeof(ph), &ph, sizeof(ph)))
			return 0;
		if (ph.p_type == PT_PHDR)
			bias = phdr - ph.p_vaddr;
		else if (ph.p_type == PT_DYNAMIC)
			dyn = ph.p_vaddr, dynsz = ph.p_memsz;
	}
	if (!dyn)
		return 0;	/* static: no dynamic linker */
	for (uint64_t off = 0; off + sizeof(d) <= dynsz; off += sizeof(d)) {
		if (ubp_mem__read(p->mem_fd, bias + dyn + off, &d, sizeof(d)) || d.d_tag == DT_NULL)
			break;
		if (d.d_tag == DT_DEBUG)
			return d.d_un.d_ptr;
	}
	return 0;
}

/*
 * ld.so's _r_debug and _dl_debug_state (r_brk) from its own symbol table: at an
 * exec, before ld.so maps the executable's libraries and runs their constructors.
 */
static uint64_t proc__ldso_r_brk(struct ubp_proc *p, uint64_t *r_debug)
{
	uint64_t base = ubp_auxv__get(p->tgid, AT_BASE), brk = 0;
	struct ubp_maps m;

	if (!base || ubp_maps__read(&m, p->tgid))
		return 0;
	for (int i = 0; i < m.nr && !brk; i++) {
		uint64_t rd;

		if (m.v[i].start != base || m.v[i].pgoff)
			continue;
		rd = ubp_elf__sym(m.v[i].path, "_r_debug");
		brk = rd ? ubp_elf__sym(m.v[i].path, "_dl_debug_state") : 0;
		if (brk) {
			*r_debug = base + rd;
			brk += base;
		}
	}
	ubp_maps__exit(&m);
	return brk;
}

int ubp_proc__hook_rbrk(struct ubp_engine *e, struct ubp_proc *p, pid_t tid, bool at_exec)
{
	uint64_t r_debug = 0, brk = 0;
	int ret;

	if (p->r_debug)
		return 0;	/* hooked at the exec already */
	if (at_exec) {
		brk = proc__ldso_r_brk(p, &r_debug);
	} else {
		r_debug = proc__find_r_debug(p);
		if (r_debug && ubp_mem__read(p->mem_fd, r_debug + offsetof(struct r_debug, r_brk),
					     &brk, sizeof(brk)))
			brk = 0;
	}
	if (!brk)
		return 0;
	ret = proc__place_at(e, p, tid, brk, -1, true, at_exec);
	if (ret > 0)
		p->r_debug = r_debug;
	return ret < 0 ? ret : 0;
}

bool ubp_proc__link_map_consistent(struct ubp_proc *p)
{
	int state;

	return p->r_debug && !ubp_mem__read(p->mem_fd, p->r_debug + offsetof(struct r_debug,
									       r_state),
					    &state, sizeof(state)) && state == RT_CONSISTENT;
}
