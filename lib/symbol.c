// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol tables in perf's shape.  The tree is the kernel's red-black tree
 * (tools/lib/rbtree.c, compiled in here like libperf is linked in), so that a
 * lookup among overlapping symbols takes the same path, and finds the same
 * symbol, as perf's symbols__find().
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rbtree.c>

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
