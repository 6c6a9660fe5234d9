// SPDX-License-Identifier: GPL-2.0
/* Folded stacks (see ui/folded.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ui/folded.h"

struct folded_path {
	char *buf;
	size_t len, size;
};

static int path__push(struct folded_path *p, const struct kp_frame *f)
{
	char tmp[64];
	const char *name = tmp;
	size_t n;

	if (f->sym)
		name = f->sym->name;
	else
		snprintf(tmp, sizeof(tmp), "0x%" PRIx64, f->ip);
	n = strlen(name) + 1 + (f->level == 'k' ? 4 : 0);
	if (p->len + n + 1 > p->size) {
		size_t size = (p->len + n + 1) * 2;
		char *b = realloc(p->buf, size);

		if (!b)
			return -ENOMEM;
		p->buf = b;
		p->size = size;
	}
	p->len += sprintf(p->buf + p->len, ";%s%s", name, f->level == 'k' ? "_[k]" : "");
	return 0;
}

static int folded__node(FILE *fp, struct folded_path *p, const struct kp_callchain_node *node)
{
	for (const struct kp_callchain_node *c = node->child; c; c = c->next) {
		size_t len = p->len;
		int err = path__push(p, &c->frame);

		if (err)
			return err;
		if (c->self_samples)
			fprintf(fp, "%.*s %" PRIu64 "\n", (int)p->len, p->buf, c->self_samples);
		err = folded__node(fp, p, c);
		if (err)
			return err;
		p->len = len;
	}
	return 0;
}

int kp_folded__fprintf(FILE *fp, const char *comm, const struct kp_callchain_tree *tree)
{
	struct folded_path p = { 0 };
	size_t n = strlen(comm);
	int err;

	p.size = n + 256;
	p.buf = malloc(p.size);
	if (!p.buf)
		return -ENOMEM;
	memcpy(p.buf, comm, n);
	p.len = n;
	err = folded__node(fp, &p, kp_callchain_tree__root(tree));
	free(p.buf);
	return err;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int kp_folded__sort_lines(char *buf, size_t len, FILE *out)
{
	size_t nr = 0, i = 0;
	char **lines;

	for (size_t k = 0; k < len; k++)
		nr += buf[k] == '\n';
	lines = malloc((nr + 1) * sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	for (char *s = buf, *e; s < buf + len && (e = memchr(s, '\n', buf + len - s)); s = e + 1) {
		*e = '\0';
		lines[i++] = s;
	}
	qsort(lines, i, sizeof(*lines), cmp_line);
	for (size_t k = 0; k < i; k++)
		fprintf(out, "%s\n", lines[k]);
	free(lines);
	return 0;
}
