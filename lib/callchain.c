// SPDX-License-Identifier: GPL-2.0
/*
 * Callchain resolution and the stack tree (see lib/callchain.h).  Nodes are
 * carved from chunks; a node's children are a singly linked list, sorted once.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>

#include "lib/callchain.h"

#define NODE_CHUNK 1024

struct node_chunk {
	struct node_chunk *next;
	size_t used;
	struct kp_callchain_node nodes[NODE_CHUNK];
};

struct kp_callchain_tree {
	struct kp_callchain_node root;
	struct node_chunk *chunks;
};

int kp_callchain__resolve(struct kp_machine *machine, struct kp_thread *thread,
			  const struct ip_callchain *chain, int max_stack,
			  struct kp_frame *frames, int max)
{
	uint8_t cpumode = PERF_RECORD_MISC_USER;
	int n = 0, real = 0;

	if (!chain)
		return 0;
	for (uint64_t i = 0; i < chain->nr && n < max && real < max_stack; i++) {
		uint64_t ip = chain->ips[i];
		struct kp_addr_location al;
		int err;

		if (ip >= PERF_CONTEXT_MAX) {
			switch (ip) {
			case PERF_CONTEXT_HV:
				cpumode = PERF_RECORD_MISC_HYPERVISOR;
				break;
			case PERF_CONTEXT_KERNEL:
				cpumode = PERF_RECORD_MISC_KERNEL;
				break;
			case PERF_CONTEXT_USER:
				cpumode = PERF_RECORD_MISC_USER;
				break;
			default:
				return 0; /* corrupt: perf discards the chain */
			}
			continue;
		}
		real++;
		err = kp_machine__resolve_addr(machine, thread, cpumode, ip, 0, &al);
		if (err)
			return err;
		frames[n].sym = al.sym;
		frames[n].dso = al.dso;
		frames[n].ip = ip;
		frames[n].map_addr = al.map_addr;
		frames[n].level = al.level;
		n++;
	}
	return n;
}

int kp_callchain__resolve_user(struct kp_machine *machine, struct kp_thread *thread,
			       const uint64_t *ips, int nr, struct kp_frame *frames, int max)
{
	int n = 0;

	for (; n < nr && n < max; n++) {
		struct kp_addr_location al;
		int err = kp_machine__resolve_addr(machine, thread, PERF_RECORD_MISC_USER, ips[n], 0,
						   &al);

		if (err)
			return err;
		frames[n].sym = al.sym;
		frames[n].dso = al.dso;
		frames[n].ip = ips[n];
		frames[n].map_addr = al.map_addr;
		frames[n].level = al.level;
	}
	return n;
}

/* perf's function key: a symbol is its dso and start, an unresolved frame its dso and ip */
static uint64_t frame__addr(const struct kp_frame *f)
{
	return f->sym ? f->sym->start : f->ip;
}

bool kp_frame__equal(const struct kp_frame *a, const struct kp_frame *b)
{
	if (!a->sym != !b->sym || frame__addr(a) != frame__addr(b))
		return false;
	/* perf has one dso per path; kprof may have several (one per mapping's identity) */
	if (a->dso == b->dso)
		return true;
	return a->dso && b->dso && !strcmp(kp_dso__long_name(a->dso), kp_dso__long_name(b->dso));
}

int kp_callchain_tree__new(struct kp_callchain_tree **tree)
{
	*tree = calloc(1, sizeof(**tree));
	return *tree ? 0 : -ENOMEM;
}

void kp_callchain_tree__delete(struct kp_callchain_tree *tree)
{
	if (!tree)
		return;
	while (tree->chunks) {
		struct node_chunk *c = tree->chunks;

		tree->chunks = c->next;
		free(c);
	}
	free(tree);
}

static struct kp_callchain_node *tree__child(struct kp_callchain_tree *tree,
					     struct kp_callchain_node *parent,
					     const struct kp_frame *frame)
{
	struct kp_callchain_node *c;
	struct node_chunk *chunk;

	for (c = parent->child; c; c = c->next)
		if (kp_frame__equal(&c->frame, frame))
			return c;
	chunk = tree->chunks;
	if (!chunk || chunk->used == NODE_CHUNK) {
		chunk = malloc(sizeof(*chunk));
		if (!chunk)
			return NULL;
		chunk->used = 0;
		chunk->next = tree->chunks;
		tree->chunks = chunk;
	}
	c = &chunk->nodes[chunk->used++];
	memset(c, 0, sizeof(*c));
	c->frame = *frame;
	c->parent = parent;
	c->next = parent->child;
	parent->child = c;
	return c;
}

int kp_callchain_tree__add(struct kp_callchain_tree *tree, const struct kp_frame *frames, int n,
			   bool reverse, uint64_t period)
{
	struct kp_callchain_node *node = &tree->root;

	node->total += period;
	node->total_samples++;
	for (int i = 0; i < n; i++) {
		node = tree__child(tree, node, &frames[reverse ? n - 1 - i : i]);
		if (!node)
			return -ENOMEM;
		node->total += period;
		node->total_samples++;
	}
	node->self += period;
	node->self_samples++;
	return 0;
}

static int merge_node(struct kp_callchain_tree *dst, struct kp_callchain_node *to,
		      const struct kp_callchain_node *from)
{
	to->self += from->self;
	to->total += from->total;
	to->self_samples += from->self_samples;
	to->total_samples += from->total_samples;
	for (const struct kp_callchain_node *c = from->child; c; c = c->next) {
		struct kp_callchain_node *t = tree__child(dst, to, &c->frame);

		if (!t || merge_node(dst, t, c))
			return -ENOMEM;
	}
	return 0;
}

int kp_callchain_tree__merge(struct kp_callchain_tree *dst, const struct kp_callchain_tree *src)
{
	return merge_node(dst, &dst->root, &src->root);
}

/*
 * total descending; ties stay in the order perf's insertion leaves them: by dso,
 * then address descending
 */
static int node_cmp(const struct kp_callchain_node *a, const struct kp_callchain_node *b)
{
	uint64_t x = frame__addr(&a->frame), y = frame__addr(&b->frame);

	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	if (a->frame.dso != b->frame.dso)
		return (uintptr_t)a->frame.dso > (uintptr_t)b->frame.dso ? -1 : 1;
	return x > y ? -1 : x < y;
}

static struct kp_callchain_node *sort_list(struct kp_callchain_node *list)
{
	struct kp_callchain_node *a = NULL, *b = NULL, *out = NULL, **tail = &out;

	if (!list || !list->next)
		return list;
	/* split alternately, sort both, merge: stable enough, O(n log n) */
	for (int i = 0; list; i++) {
		struct kp_callchain_node *next = list->next;

		if (i & 1) {
			list->next = b;
			b = list;
		} else {
			list->next = a;
			a = list;
		}
		list = next;
	}
	a = sort_list(a);
	b = sort_list(b);
	while (a && b) {
		struct kp_callchain_node **pick = node_cmp(b, a) < 0 ? &b : &a;

		*tail = *pick;
		*pick = (*pick)->next;
		tail = &(*tail)->next;
	}
	*tail = a ? a : b;
	return out;
}

static void sort_node(struct kp_callchain_node *node)
{
	node->child = sort_list(node->child);
	for (struct kp_callchain_node *c = node->child; c; c = c->next)
		sort_node(c);
}

void kp_callchain_tree__sort(struct kp_callchain_tree *tree)
{
	sort_node(&tree->root);
}

const struct kp_callchain_node *kp_callchain_tree__root(const struct kp_callchain_tree *tree)
{
	return &tree->root;
}
