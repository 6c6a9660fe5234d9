// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol tables in perf's shape.  The tree is the kernel's red-black tree
 * (tools/lib/rbtree.c, compiled in here like libperf is linked in), so that a
 * lookup among overlapping symbols takes the same path, and finds the same
 * symbol, as perf's symbols__find().
 */
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <libiberty/demangle.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rbtree.c>

#include "lib/build-id.h"
#include "lib/symbol.h"

struct kp_sym_node {
	struct kp_symbol sym;
	struct rb_node rb;
};

#define CHUNK_MIN (256 * 1024)

struct kp_sym_chunk {
	struct kp_sym_chunk *next;
	size_t size, used;
	char data[];
};

static void *symtab__alloc(struct kp_symtab *st, size_t size, size_t align)
{
	struct kp_sym_chunk *c = st->chunks;
	size_t off;

	if (c) {
		off = (c->used + align - 1) & ~(align - 1);
		if (off + size <= c->size) {
			c->used = off + size;
			return c->data + off;
		}
	}
	off = size > CHUNK_MIN / 2 ? size : CHUNK_MIN;
	c = malloc(sizeof(*c) + off);
	if (!c)
		return NULL;
	c->size = off;
	c->used = size;
	c->next = st->chunks;
	st->chunks = c;
	return c->data;
}

void kp_symtab__init(struct kp_symtab *st)
{
	memset(st, 0, sizeof(*st));
	st->root = RB_ROOT;
}

/*
 * The lookup index: the tree walk's answer is constant between consecutive
 * points of {start, end, end + 1} of all symbols, so it is computed once per
 * such interval; a lookup is then a binary search in two small levels (a
 * top level of every 64th boundary, then one 64-entry block), a couple of
 * cache misses instead of one per tree level.
 */
#define SYM_INDEX_MIN_SYMS 64
#define SYM_BLOCK 64

struct kp_sym_cache {
	size_t n, ntop;
	uint64_t *b;			/* interval starts, ascending */
	const struct kp_symbol **r;	/* the walk's answer in [b[i], b[i + 1]) */
	uint64_t *top;			/* b[k * SYM_BLOCK] */
};

static void sym_cache__free(struct kp_sym_cache *c)
{
	if (c) {
		free(c->b);
		free(c->r);
		free(c->top);
		free(c);
	}
}

static void symtab__invalidate(struct kp_symtab *st)
{
	sym_cache__free(st->cache);
	st->cache = NULL;
}

void kp_symtab__exit(struct kp_symtab *st)
{
	symtab__invalidate(st);
	while (st->chunks) {
		struct kp_sym_chunk *next = st->chunks->next;

		free(st->chunks);
		st->chunks = next;
	}
	kp_symtab__init(st);
}

static inline struct kp_sym_node *node_of(struct rb_node *rb)
{
	return rb ? rb_entry(rb, struct kp_sym_node, rb) : NULL;
}

int kp_symtab__add(struct kp_symtab *st, uint64_t start, uint64_t size, uint8_t binding,
		   uint8_t type, const char *name, size_t name_len)
{
	struct rb_node **p = &st->root.rb_node, *parent = NULL;
	struct kp_sym_node *n;
	char *copy;

	n = symtab__alloc(st, sizeof(*n), _Alignof(struct kp_sym_node));
	copy = n ? symtab__alloc(st, name_len + 1, 1) : NULL;
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, name_len);
	copy[name_len] = '\0';
	n->sym.start = start;
	n->sym.end = start + size;
	n->sym.name = copy;
	n->sym.type = type;
	n->sym.binding = binding;
	symtab__invalidate(st);

	while (*p) {
		parent = *p;
		if (start < node_of(parent)->sym.start)
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, p);
	rb_insert_color(&n->rb, &st->root);
	st->nr++;
	return 0;
}

static uint64_t roundup_page(uint64_t x)
{
	return (x + 4095) & ~4095ULL;
}

void kp_symtab__fixup_end(struct kp_symtab *st, int is_kallsyms)
{
	struct rb_node *nd = rb_first(&st->root);
	struct kp_sym_node *prev, *curr;

	if (!nd)
		return;
	curr = node_of(nd);
	for (nd = rb_next(nd); nd; nd = rb_next(nd)) {
		prev = curr;
		curr = node_of(nd);
		if (prev->sym.end != prev->sym.start)
			continue;
		/* kernel text and modules lie far apart: don't bridge the gap */
		if (is_kallsyms && !strchr(prev->sym.name, '[') != !strchr(curr->sym.name, '['))
			prev->sym.end = roundup_page(prev->sym.end + 4096);
		else
			prev->sym.end = curr->sym.start;
	}
	if (curr->sym.end == curr->sym.start)
		curr->sym.end = roundup_page(curr->sym.start) + 4096;
}

static int underscores(const char *s)
{
	const char *t = s;

	while (*t == '_')
		t++;
	return t - s;
}

/* perf's choose_best_symbol(): true when @a is kept over @b. */
static int prefer_a(const struct kp_symbol *a, const struct kp_symbol *b)
{
	int64_t la = a->end - a->start, lb = b->end - b->start;
	size_t na, nb;
	int x, y;

	if (lb == 0 && la > 0)
		return 1;
	if (la == 0 && lb > 0)
		return 0;
	x = a->binding == STB_WEAK;
	y = b->binding == STB_WEAK;
	if (x != y)
		return y;
	x = a->binding == STB_GLOBAL;
	y = b->binding == STB_GLOBAL;
	if (x != y)
		return x;
	x = underscores(a->name);
	y = underscores(b->name);
	if (x != y)
		return y > x;
	na = strlen(a->name);
	nb = strlen(b->name);
	if (na != nb)
		return na > nb;
	/* the x86 tie-break: avoid the "SyS" syscall aliases */
	if (!strncmp(a->name, "SyS", 3) || !strncmp(a->name, "compat_SyS", 10))
		return 0;
	return 1;
}

void kp_symtab__fixup_duplicate(struct kp_symtab *st)
{
	struct rb_node *nd = rb_first(&st->root), *next;
	struct kp_sym_node *curr, *n;

	while (nd) {
		curr = node_of(nd);
again:
		next = rb_next(&curr->rb);
		if (!next)
			break;
		n = node_of(next);
		if (curr->sym.start != n->sym.start) {
			nd = next;
			continue;
		}
		if (prefer_a(&curr->sym, &n->sym)) {
			rb_erase(&n->rb, &st->root);
			st->nr--;
			symtab__invalidate(st);
			goto again;
		}
		nd = next;
		rb_erase(&curr->rb, &st->root);
		st->nr--;
		symtab__invalidate(st);
	}
}

void kp_symtab__remove(struct kp_symtab *st, const struct kp_symbol *sym)
{
	struct kp_sym_node *n = container_of(sym, struct kp_sym_node, sym);

	rb_erase(&n->rb, &st->root);
	st->nr--;
	symtab__invalidate(st);
}

static const struct kp_symbol *symtab__walk(const struct kp_symtab *st, uint64_t addr)
{
	const struct rb_node *n = st->root.rb_node;

	while (n) {
		const struct kp_sym_node *s = rb_entry(n, struct kp_sym_node, rb);

		if (addr < s->sym.start)
			n = n->rb_left;
		else if (addr > s->sym.end || (addr == s->sym.end && addr != s->sym.start))
			n = n->rb_right;
		else
			return &s->sym;
	}
	return NULL;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct kp_sym_cache *symtab__build_index(const struct kp_symtab *st)
{
	struct kp_sym_cache *c = calloc(1, sizeof(*c));
	struct rb_node *nd;
	size_t n = 0, i, k;

	if (!c)
		return NULL;
	c->b = malloc(3 * st->nr * sizeof(*c->b));
	c->r = malloc(3 * st->nr * sizeof(*c->r));
	if (!c->b || !c->r)
		goto out_free;
	for (nd = rb_first(&st->root); nd; nd = rb_next(nd)) {
		const struct kp_symbol *sym = &node_of(nd)->sym;

		c->b[n++] = sym->start;
		c->b[n++] = sym->end;
		if (sym->end != UINT64_MAX)
			c->b[n++] = sym->end + 1;
	}
	qsort(c->b, n, sizeof(*c->b), u64_cmp);
	for (i = 0, k = 0; i < n; i++) {
		const struct kp_symbol *sym;

		if (k && c->b[k - 1] == c->b[i])
			continue;
		sym = symtab__walk(st, c->b[i]);
		if (k && c->r[k - 1] == sym)
			continue;	/* same answer: one interval */
		c->b[k] = c->b[i];
		c->r[k++] = sym;
	}
	c->n = k;
	c->ntop = (k + SYM_BLOCK - 1) / SYM_BLOCK;
	c->top = malloc((c->ntop ? c->ntop : 1) * sizeof(*c->top));
	if (!c->top)
		goto out_free;
	for (i = 0; i < c->ntop; i++)
		c->top[i] = c->b[i * SYM_BLOCK];
	return c;
out_free:
	sym_cache__free(c);
	return NULL;
}

/* Index of the last element of @v[0..n) that is <= @addr, or n when there is none. */
static size_t last_le(const uint64_t *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : n;
}

const struct kp_symbol *kp_symtab__find(const struct kp_symtab *cst, uint64_t addr)
{
	struct kp_symtab *st = (struct kp_symtab *)cst;	/* the index is not the table's state */
	struct kp_sym_cache *c = st->cache;
	size_t k, lo, n, i;

	if (!c) {
		if (st->nr < SYM_INDEX_MIN_SYMS)
			return symtab__walk(st, addr);
		c = symtab__build_index(st);
		if (!c)
			return symtab__walk(st, addr);
		st->cache = c;
	}
	k = last_le(c->top, c->ntop, addr);
	if (k == c->ntop)
		return NULL;	/* below every symbol */
	lo = k * SYM_BLOCK;
	n = c->n - lo < SYM_BLOCK ? c->n - lo : SYM_BLOCK;
	i = last_le(c->b + lo, n, addr);
	return c->r[lo + i];
}

const struct kp_symbol *kp_symtab__first(const struct kp_symtab *st)
{
	struct kp_sym_node *n = node_of(rb_first(&st->root));

	return n ? &n->sym : NULL;
}

const struct kp_symbol *kp_symtab__last(const struct kp_symtab *st)
{
	struct kp_sym_node *n = node_of(rb_last(&st->root));

	return n ? &n->sym : NULL;
}

const struct kp_symbol *kp_symtab__next(const struct kp_symbol *sym)
{
	const struct kp_sym_node *n = container_of(sym, struct kp_sym_node, sym);
	struct kp_sym_node *next = node_of(rb_next(&n->rb));

	return next ? &next->sym : NULL;
}

/* --- ELF ------------------------------------------------------------------- */

static Elf_Scn *elf__find_section(Elf *elf, uint32_t type, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		const char *n;

		if (!gelf_getshdr(scn, shdr))
			continue;
		n = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (n && !strcmp(n, name))
			return shdr->sh_type == type ? scn : NULL;
	}
	return NULL;
}

static int elf__build_id(Elf *elf, uint8_t id[KP_BUILD_ID_SIZE])
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		Elf_Data *data;
		int ret;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_buf) {
			ret = kp_build_id__from_notes(data->d_buf, data->d_size, id);
			if (ret > 0)
				return ret;
		}
	}
	return -ENOENT;
}

/* The PT_LOAD segment holding @vaddr (perf's elf_read_program_header). */
static int elf__load_segment(Elf *elf, uint64_t vaddr, GElf_Phdr *phdr)
{
	size_t i, n;

	if (elf_getphdrnum(elf, &n))
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t sz;

		if (!gelf_getphdr(elf, i, phdr) || phdr->p_type != PT_LOAD)
			continue;
		sz = phdr->p_memsz > phdr->p_filesz ? phdr->p_memsz : phdr->p_filesz;
		if (sz && vaddr >= phdr->p_vaddr && vaddr < phdr->p_vaddr + sz)
			return 0;
	}
	return -1;
}

/* One symbol table of @elf; sections of NOBITS and segments are read from @run. */
static int elf__load_pass(struct kp_symtab *st, Elf *elf, Elf *run, Elf_Scn *scn,
			  const GElf_Shdr *symshdr)
{
	Elf_Data *syms, *strs;
	Elf_Scn *strscn;
	size_t shstrndx, shstrndx_run, nr, idx, nsec;
	int added = 0, err;

	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrstrndx(run, &shstrndx_run) ||
	    elf_getshdrnum(elf, &nsec))
		return -EINVAL;
	syms = elf_getdata(scn, NULL);
	strscn = elf_getscn(elf, symshdr->sh_link);
	strs = strscn ? elf_getdata(strscn, NULL) : NULL;
	if (!syms || !strs || !symshdr->sh_entsize)
		return -EINVAL;
	nr = symshdr->sh_size / symshdr->sh_entsize;
	for (idx = 0; idx < nr; idx++) {
		GElf_Sym sym;
		GElf_Shdr shdr;
		GElf_Phdr phdr;
		Elf_Scn *sec;
		const char *name, *secname;
		size_t strndx = shstrndx;
		Elf *secelf = elf;
		char *demangled;
		int type, is_label, vis;

		if (!gelf_getsym(syms, idx, &sym))
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		vis = GELF_ST_VISIBILITY(sym.st_other);
		if (!sym.st_name || sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS)
			continue;
		is_label = type == STT_NOTYPE && vis != STV_HIDDEN && vis != STV_INTERNAL;
		if (!is_label && type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT)
			continue;
		if (sym.st_shndx >= nsec)
			continue;
		sec = elf_getscn(elf, sym.st_shndx);
		if (!sec || !gelf_getshdr(sec, &shdr) || !(shdr.sh_flags & SHF_ALLOC))
			continue;
		if (shdr.sh_type == SHT_NOBITS && run != elf) {
			/* a debug file: offsets are only right in the runtime image */
			sec = elf_getscn(run, sym.st_shndx);
			if (!sec || !gelf_getshdr(sec, &shdr))
				continue;
			strndx = shstrndx_run;
			secelf = run;
		}
		if (is_label) {
			secname = elf_strptr(secelf, strndx, shdr.sh_name);
			if (!secname || (!strstr(secname, "text") && !strstr(secname, "data")))
				continue;
		}
		if (sym.st_name >= strs->d_size)
			continue;
		name = (const char *)strs->d_buf + sym.st_name;
		if (!elf__load_segment(run, sym.st_value, &phdr))
			sym.st_value -= phdr.p_vaddr - phdr.p_offset;
		else
			sym.st_value -= shdr.sh_addr - shdr.sh_offset;
		/* perf demangles C++ before the fix-ups compare names (no parameters) */
		demangled = name[0] == '_' ? cplus_demangle(name, DMGL_NO_OPTS) :
							      NULL;
		if (demangled)
			name = demangled;
		err = kp_symtab__add(st, sym.st_value, sym.st_size, GELF_ST_BIND(sym.st_info),
				     type, name,
				     demangled ? strlen(name) : strnlen(name, strs->d_size - sym.st_name));
		free(demangled);
		if (err)
			return err;
		added++;
	}
	if (added) {
		kp_symtab__fixup_end(st, 0);
		kp_symtab__fixup_duplicate(st);
	}
	return added;
}

static int elf__check(Elf *elf, const uint8_t *bid, int bid_size)
{
	GElf_Ehdr ehdr;

	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr))
		return -ENOEXEC;
	if (bid && bid_size > 0) {
		uint8_t id[KP_BUILD_ID_SIZE];
		int sz = elf__build_id(elf, id);

		if (sz != bid_size || memcmp(id, bid, sz))
			return -ESTALE;
	}
	return 0;
}

/* perf's dso__load_sym(): .symtab of @elf, then its .dynsym, each with the fix-ups. */
static int elf__load(struct kp_symtab *st, Elf *elf, Elf *run)
{
	GElf_Shdr symshdr, dynshdr;
	Elf_Scn *symtab, *dynsym;
	int n, total = 0;

	symtab = elf__find_section(elf, SHT_SYMTAB, ".symtab", &symshdr);
	dynsym = elf__find_section(elf, SHT_DYNSYM, ".dynsym", &dynshdr);
	if (!symtab && !dynsym)
		return -ENOENT;
	if (symtab) {
		n = elf__load_pass(st, elf, run, symtab, &symshdr);
		if (n < 0)
			return n;
		total += n;
	}
	if (dynsym) {
		n = elf__load_pass(st, elf, run, dynsym, &dynshdr);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

/* Any section named @name (perf's elf_section_by_name: the type is not checked). */
static Elf_Scn *elf__section(Elf *elf, const char *name, GElf_Shdr *shdr, size_t *idx)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		const char *n;

		if (!gelf_getshdr(scn, shdr))
			continue;
		n = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (n && !strcmp(n, name)) {
			if (idx)
				*idx = elf_ndxscn(scn);
			return scn;
		}
	}
	return NULL;
}

/*
 * "name@plt" symbols for the .plt entries of the runtime image, one per
 * .rela.plt (.rel.plt) relocation, added after the fix-ups like perf's
 * dso__synthesize_plt_symbols() (which ignores .plt.sec: so do we).
 */
static int elf__synthesize_plt(struct kp_symtab *st, Elf *elf)
{
	GElf_Shdr dynshdr, relshdr, pltshdr, strshdr;
	Elf_Scn *dynsym, *rel, *strscn;
	Elf_Data *reldata, *syms, *strs;
	size_t dynidx, nr, i;
	uint64_t off, entsize;
	char name[1024];
	int added = 0, err;

	dynsym = elf__section(elf, ".dynsym", &dynshdr, &dynidx);
	if (!dynsym || dynshdr.sh_type != SHT_DYNSYM)
		return 0;
	rel = elf__section(elf, ".rela.plt", &relshdr, NULL);
	if (!rel)
		rel = elf__section(elf, ".rel.plt", &relshdr, NULL);
	if (!rel || relshdr.sh_link != dynidx || !elf__section(elf, ".plt", &pltshdr, NULL))
		return 0;
	reldata = elf_getdata(rel, NULL);
	syms = elf_getdata(dynsym, NULL);
	strscn = elf_getscn(elf, dynshdr.sh_link);
	strs = strscn && gelf_getshdr(strscn, &strshdr) ? elf_getdata(strscn, NULL) : NULL;
	if (!reldata || !syms || !strs || !strs->d_size || !relshdr.sh_entsize)
		return 0;
	if (relshdr.sh_type != SHT_RELA && relshdr.sh_type != SHT_REL)
		return 0;
	nr = relshdr.sh_size / relshdr.sh_entsize;
	entsize = pltshdr.sh_entsize;
	off = pltshdr.sh_offset + entsize;	/* the first entry is the PLT header */
	for (i = 0; i < nr; i++) {
		GElf_Rela rela;
		GElf_Rel r;
		GElf_Sym sym;
		uint64_t info;
		const char *sname = "";
		char *demangled = NULL;
		int len;

		if (relshdr.sh_type == SHT_RELA) {
			if (!gelf_getrela(reldata, i, &rela))
				continue;
			info = rela.r_info;
		} else {
			if (!gelf_getrel(reldata, i, &r))
				continue;
			info = r.r_info;
		}
		if (gelf_getsym(syms, GELF_R_SYM(info), &sym) && sym.st_name < strs->d_size)
			sname = (const char *)strs->d_buf + sym.st_name;
		if (sname[0] == '_')
			demangled = cplus_demangle(sname, DMGL_NO_OPTS);
		len = snprintf(name, sizeof(name), "%s@plt", demangled ? demangled : sname);
		free(demangled);
		if (len >= (int)sizeof(name))
			len = sizeof(name) - 1;
		err = kp_symtab__add(st, off, entsize, STB_GLOBAL, STT_FUNC, name, len);
		if (err)
			return err;
		off += entsize;
		added++;
	}
	return added;
}

static Elf *elf__open(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	return elf_begin(*fd, ELF_C_READ_MMAP, NULL);
}

int kp_symtab__load_elf2(struct kp_symtab *st, const char *syms_path, const char *runtime_path,
			 const uint8_t *bid, int bid_size)
{
	Elf *elf = NULL, *run = NULL;
	int fd = -1, rfd = -1, ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf__open(syms_path, &fd);
	if (!elf) {
		ret = fd < 0 ? -errno : -ENOEXEC;
		goto out;
	}
	ret = elf__check(elf, bid, bid_size);
	if (ret)
		goto out;
	if (runtime_path && strcmp(runtime_path, syms_path)) {
		run = elf__open(runtime_path, &rfd);
		if (!run || elf__check(run, bid, bid_size)) {
			elf_end(run);
			run = NULL;
		}
	}
	ret = elf__load(st, elf, run ? run : elf);
	if (ret > 0) {
		int plt = elf__synthesize_plt(st, run ? run : elf);

		ret = plt < 0 ? plt : ret + plt;
	}
out:
	elf_end(run);
	elf_end(elf);
	if (rfd >= 0)
		close(rfd);
	if (fd >= 0)
		close(fd);
	return ret;
}

int kp_symtab__load_elf(struct kp_symtab *st, const char *path, const uint8_t *bid, int bid_size)
{
	return kp_symtab__load_elf2(st, path, NULL, bid, bid_size);
}

int kp_elf__build_id_mem(void *image, size_t size, uint8_t id[KP_BUILD_ID_SIZE])
{
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory(image, size);
	ret = elf && elf_kind(elf) == ELF_K_ELF ? elf__build_id(elf, id) : -ENOEXEC;
	elf_end(elf);
	return ret;
}

int kp_symtab__load_elf_mem(struct kp_symtab *st, void *image, size_t size, const uint8_t *bid,
			    int bid_size)
{
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory(image, size);
	ret = elf ? elf__check(elf, bid, bid_size) : -ENOEXEC;
	if (!ret)
		ret = elf__load(st, elf, elf);
	if (ret > 0) {
		int plt = elf__synthesize_plt(st, elf);

		ret = plt < 0 ? plt : ret + plt;
	}
	elf_end(elf);
	return ret;
}

int kp_elf__probe(const char *path, const uint8_t *bid, int bid_size)
{
	GElf_Shdr shdr;
	Elf *elf;
	int fd, ret = 0;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		ret = -ENOEXEC;
		goto out;
	}
	if (bid && bid_size > 0) {
		uint8_t id[KP_BUILD_ID_SIZE];
		int sz = elf__build_id(elf, id);

		if (sz != bid_size || memcmp(id, bid, sz)) {
			ret = -ESTALE;
			goto out;
		}
	}
	if (elf__find_section(elf, SHT_SYMTAB, ".symtab", &shdr))
		ret |= KP_ELF_SYMTAB;
	if (elf__find_section(elf, SHT_DYNSYM, ".dynsym", &shdr))
		ret |= KP_ELF_DYNSYM;
out:
	elf_end(elf);
	close(fd);
	return ret;
}
