// SPDX-License-Identifier: GPL-2.0
/*
 * libunwind remote unwinding of captured user stacks (see lib/unwind.h).
 *
 * Addresses: a map of the thread covers [start, end) of the file from pgoff
 * (the kernel reports only the executable mapping of a DSO); the DSO's load
 * bias follows from the PT_LOAD segment holding pgoff, and with it every
 * runtime address of the DSO (its .eh_frame_hdr in another segment too) turns
 * into a file offset through the PT_LOAD headers.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libunwind-x86_64.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/map.h"
#include "lib/unwind.h"
#include "regs.h"

/* exported by libunwind, not declared by its headers */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as, unw_word_t ip,
					      unw_dyn_info_t *di, unw_proc_info_t *pi,
					      int need_unwind_info, void *arg);

#define MAX_LOADS 16

/* A DSO's file, opened once. */
struct unwind_dso {
	struct kp_dso *dso;
	struct unwind_dso *next;
	const uint8_t *data;	/* the mapped file; NULL: unusable */
	size_t size;
	struct { uint64_t vaddr, offset, filesz; } load[MAX_LOADS];
	int nr_load;
	uint64_t hdr_vaddr;	/* .eh_frame_hdr */
	uint64_t table_vaddr;	/* its binary search table */
	uint64_t fde_count;
};

struct kp_unwind {
	struct kp_machine *machine;
	unw_addr_space_t as;
	struct unwind_dso *dsos;
};

/* One sample being unwound: libunwind's accessor argument. */
struct unwind_ctx {
	struct kp_unwind *uw;
	struct kp_thread *thread;
	const struct kp_sample *sample;
	uint64_t mask;
	uint64_t sp;
	struct unwind_dso *cur;	/* the DSO of the last find_proc_info, and its bias */
	uint64_t cur_bias;
};

static int dso__read_elf(struct unwind_dso *ud, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t shstrndx, nr_phdr;
	Elf_Scn *scn = NULL;
	struct stat st;
	Elf *elf;
	int err = -ENOENT;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size < 64)
		goto out_close;
	ud->data = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (ud->data == MAP_FAILED) {
		ud->data = NULL;
		goto out_close;
	}
	ud->size = st.st_size;
	elf = elf_memory((char *)ud->data, ud->size);
	if (!elf)
		goto out_close;
	if (elf_getphdrnum(elf, &nr_phdr) || elf_getshdrstrndx(elf, &shstrndx))
		goto out_elf;
	for (size_t i = 0; i < nr_phdr && ud->nr_load < MAX_LOADS; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD) {
			ud->load[ud->nr_load].vaddr = ph.p_vaddr;
			ud->load[ud->nr_load].offset = ph.p_offset;
			ud->load[ud->nr_load].filesz = ph.p_filesz;
			ud->nr_load++;
		}
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".eh_frame_hdr") && sh.sh_type != SHT_NOBITS &&
		    sh.sh_offset + 12 <= ud->size) {
			ud->hdr_vaddr = sh.sh_addr;
			err = 0;
			break;
		}
	}
out_elf:
	elf_end(elf);
out_close:
	close(fd);
	return err;
}

/* File offset of the DSO's virtual address @vaddr, or -1. */
static int64_t dso__offset(const struct unwind_dso *ud, uint64_t vaddr, size_t len)
{
	for (int i = 0; i < ud->nr_load; i++) {
		if (vaddr >= ud->load[i].vaddr &&
		    vaddr + len <= ud->load[i].vaddr + ud->load[i].filesz) {
			uint64_t off = vaddr - ud->load[i].vaddr + ud->load[i].offset;

			return off + len <= ud->size ? (int64_t)off : -1;
		}
	}
	return -1;
}

/* .eh_frame_hdr: version 1, eh_frame_ptr, fde_count (udata4), a table of sdata4 pairs. */
static int dso__parse_hdr(struct unwind_dso *ud)
{
	int64_t off = dso__offset(ud, ud->hdr_vaddr, 12);
	const uint8_t *h;
	uint32_t count;

	if (off < 0)
		return -EINVAL;
	h = ud->data + off;
	/* DW_EH_PE_pcrel|sdata4, udata4, datarel|sdata4: what every linker writes */
	if (h[0] != 1 || h[1] != 0x1b || h[2] != 0x03 || h[3] != 0x3b)
		return -EINVAL;
	memcpy(&count, h + 8, 4);
	ud->fde_count = count;
	ud->table_vaddr = ud->hdr_vaddr + 12;
	return 0;
}

static struct unwind_dso *unwind__dso(struct kp_unwind *uw, struct kp_dso *dso)
{
	struct unwind_dso *ud;

	for (ud = uw->dsos; ud; ud = ud->next)
		if (ud->dso == dso)
			return ud->data && ud->fde_count ? ud : NULL;
	ud = calloc(1, sizeof(*ud));
	if (!ud)
		return NULL;
	ud->dso = dso;
	ud->next = uw->dsos;
	uw->dsos = ud;
	if (dso__read_elf(ud, kp_dso__long_name(dso)) || dso__parse_hdr(ud))
		return NULL;
	return ud->fde_count ? ud : NULL;
}

/* The DSO of user address @addr and its load bias (runtime - vaddr). */
static struct unwind_dso *ctx__dso(struct unwind_ctx *ctx, uint64_t addr, uint64_t *bias)
{
	struct kp_addr_location al;
	struct unwind_dso *ud;
	int64_t vaddr_at_start = -1;

	if (kp_machine__resolve_addr(ctx->uw->machine, ctx->thread, PERF_RECORD_MISC_USER, addr,
				     KP_RESOLVE_NO_SYM, &al) || !al.map || !al.dso ||
	    al.map->identity)
		return NULL;
	ud = unwind__dso(ctx->uw, al.dso);
	if (!ud)
		return NULL;
	for (int i = 0; i < ud->nr_load; i++) {
		if (al.map->pgoff >= ud->load[i].offset &&
		    al.map->pgoff < ud->load[i].offset + ud->load[i].filesz) {
			vaddr_at_start = ud->load[i].vaddr + (al.map->pgoff - ud->load[i].offset);
			break;
		}
	}
	if (vaddr_at_start < 0)
		return NULL;
	*bias = al.map->start - vaddr_at_start;
	return ud;
}

static int find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
			  int need_unwind_info, void *arg)
{
	struct unwind_ctx *ctx = arg;
	unw_dyn_info_t di;
	uint64_t bias;
	struct unwind_dso *ud = ctx__dso(ctx, ip, &bias);

	if (!ud)
		return -UNW_ENOINFO;
	ctx->cur = ud;
	ctx->cur_bias = bias;
	memset(&di, 0, sizeof(di));
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = 0;
	di.end_ip = ~(unw_word_t)0;
	di.u.rti.segbase = ud->hdr_vaddr + bias;
	di.u.rti.table_data = ud->table_vaddr + bias;
	di.u.rti.table_len = ud->fde_count * 8 / sizeof(unw_word_t);
	return UNW_OBJ(dwarf_search_unwind_table)(as, ip, &di, pi, need_unwind_info, arg);
}

static void put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	(void)as, (void)pi, (void)arg;
}

static int get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *dilap, void *arg)
{
	(void)as, (void)dilap, (void)arg;
	return -UNW_ENOINFO;
}

static int ctx__reg(const struct unwind_ctx *ctx, int perf_reg, uint64_t *val)
{
	int idx;

	if (perf_reg < 0 || !(ctx->mask & (1ULL << perf_reg)) || !ctx->sample->user_regs)
		return -UNW_EBADREG;
	idx = __builtin_popcountll(ctx->mask & ((1ULL << perf_reg) - 1));
	*val = ctx->sample->user_regs[idx];
	return 0;
}

static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *valp, int write,
		      void *arg)
{
	struct unwind_ctx *ctx = arg;
	const struct kp_sample *s = ctx->sample;
	struct unwind_dso *ud;
	uint64_t bias;
	int64_t off;

	(void)as;
	if (write)
		return -UNW_EINVAL;
	if (addr >= ctx->sp && addr + sizeof(*valp) <= ctx->sp + s->user_stack_dyn_size) {
		memcpy(valp, (const uint8_t *)s->user_stack + (addr - ctx->sp), sizeof(*valp));
		return 0;
	}
	/* not on the stack: the DSO file (its unwind table, .eh_frame, in any segment) */
	ud = ctx->cur;
	bias = ctx->cur_bias;
	off = ud ? dso__offset(ud, addr - bias, sizeof(*valp)) : -1;
	if (off < 0) {
		ud = ctx__dso(ctx, addr, &bias);
		off = ud ? dso__offset(ud, addr - bias, sizeof(*valp)) : -1;
	}
	if (off < 0) {
		*valp = 0;
		return -UNW_EINVAL;
	}
	memcpy(valp, ud->data + off, sizeof(*valp));
	return 0;
}

static int access_reg(unw_addr_space_t as, unw_regnum_t regnum, unw_word_t *valp, int write,
		      void *arg)
{
	uint64_t v;

	(void)as;
	if (write)
		return -UNW_EREADONLYREG;
	if (ctx__reg(arg, kp_arch_reg_from_unwind(regnum), &v))
		return -UNW_EBADREG;
	*valp = v;
	return 0;
}

static int access_fpreg(unw_addr_space_t as, unw_regnum_t num, unw_fpreg_t *val, int write,
			void *arg)
{
	(void)as, (void)num, (void)val, (void)write, (void)arg;
	return -UNW_EINVAL;
}

static int resume(unw_addr_space_t as, unw_cursor_t *cu, void *arg)
{
	(void)as, (void)cu, (void)arg;
	return -UNW_EINVAL;
}

static int get_proc_name(unw_addr_space_t as, unw_word_t addr, char *bufp, size_t buf_len,
			 unw_word_t *offp, void *arg)
{
	(void)as, (void)addr, (void)bufp, (void)buf_len, (void)offp, (void)arg;
	return -UNW_EINVAL;
}

static unw_accessors_t accessors = {
	.find_proc_info = find_proc_info,
	.put_unwind_info = put_unwind_info,
	.get_dyn_info_list_addr = get_dyn_info_list_addr,
	.access_mem = access_mem,
	.access_reg = access_reg,
	.access_fpreg = access_fpreg,
	.resume = resume,
	.get_proc_name = get_proc_name,
};

int kp_unwind__new(struct kp_unwind **uwp, struct kp_machine *machine)
{
	struct kp_unwind *uw = calloc(1, sizeof(*uw));

	*uwp = NULL;
	if (!uw)
		return -ENOMEM;
	elf_version(EV_CURRENT);
	uw->machine = machine;
	uw->as = unw_create_addr_space(&accessors, 0);
	if (!uw->as) {
		free(uw);
		return -ENOMEM;
	}
	unw_set_caching_policy(uw->as, UNW_CACHE_GLOBAL);
	*uwp = uw;
	return 0;
}

void kp_unwind__delete(struct kp_unwind *uw)
{
	if (!uw)
		return;
	while (uw->dsos) {
		struct unwind_dso *ud = uw->dsos;

		uw->dsos = ud->next;
		if (ud->data)
			munmap((void *)ud->data, ud->size);
		free(ud);
	}
	unw_destroy_addr_space(uw->as);
	free(uw);
}

int kp_unwind__get_entries(struct kp_unwind *uw, struct kp_thread *thread,
			   const struct kp_sample *sample, uint64_t sample_regs_user,
			   uint64_t *ips, int max)
{
	struct unwind_ctx ctx = {
		.uw = uw, .thread = thread, .sample = sample, .mask = sample_regs_user,
	};
	unw_cursor_t c;
	uint64_t ip;
	int n = 0;

	if (!sample->user_regs || !sample->user_stack_dyn_size || max < 1 ||
	    ctx__reg(&ctx, KP_PERF_REG_SPTR, &ctx.sp) || ctx__reg(&ctx, KP_PERF_REG_PC, &ip))
		return 0;
	ips[n++] = ip;
	if (unw_init_remote(&c, uw->as, &ctx))
		return n;
	while (n < max && unw_step(&c) > 0) {
		unw_word_t w;

		if (unw_get_reg(&c, UNW_REG_IP, &w) || !w)
			break;
		/* a return address: the call is the byte before it (not after a signal) */
		ips[n++] = unw_is_signal_frame(&c) > 0 ? w : w - 1;
	}
	return n;
}
