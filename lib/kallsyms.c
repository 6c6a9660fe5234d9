// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/dso.h"
#include "lib/kallsyms.h"
#include "lib/map.h"

#define KSYM_NAME_MAX 513	/* perf reads at most this many name bytes */

/* The whole file (proc files have no size: read until EOF). */
static int read_all(const char *path, char **buf, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *b = NULL, *nb;
	ssize_t r;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (!b || n == cap) {
			cap = b ? cap * 2 : cap;
			nb = realloc(b, cap + 1);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	if (err) {
		free(b);
		return err;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

struct ksym_line {
	uint64_t addr;
	char type;
	const char *name;
	size_t name_len;
};

/* One line at *@p (perf's kallsyms__parse); false for a line to skip. */
static bool parse_line(const char **p, const char *end, struct ksym_line *l)
{
	const char *s = *p, *eol = memchr(s, '\n', end - s);
	int digits = 0, v;

	if (!eol)
		eol = end;
	*p = eol < end ? eol + 1 : end;
	l->addr = 0;
	while (s < eol && (v = hexval(*s)) >= 0) {
		l->addr = l->addr * 16 + v;
		s++;
		digits++;
	}
	/* "ADDR T NAME": a type letter between two spaces; the name may be empty */
	if (!digits || s + 2 >= eol || s[0] != ' ' || s[2] != ' ')
		return false;
	l->type = s[1];
	l->name = s + 3;
	l->name_len = eol - l->name;
	if (l->name_len > KSYM_NAME_MAX)
		l->name_len = KSYM_NAME_MAX;
	return true;
}

uint64_t kp_kallsyms__func_addr(const char *path, const char *name)
{
	size_t len, nlen = strlen(name);
	const char *p, *end;
	struct ksym_line l;
	uint64_t addr = 0;
	char *buf;

	if (read_all(path, &buf, &len))
		return 0;
	for (p = buf, end = buf + len; p < end;) {
		if (!parse_line(&p, end, &l))
			continue;
		if (l.name_len == nlen && !memcmp(l.name, name, nlen) &&
		    (toupper(l.type) == 'T' || toupper(l.type) == 'W')) {
			addr = l.addr;
			break;
		}
	}
	free(buf);
	return addr;
}

/* perf's split of kallsyms: module symbols to their maps, the rest shifted by @delta. */
static int kallsyms__split(struct kp_dso *kernel, struct kp_maps *kmaps, uint64_t delta)
{
	const struct kp_symbol *sym = kp_symtab__first(&kernel->symtab), *next;
	struct kp_map *curr = NULL;
	int count = 0, err;

	for (; sym; sym = next) {
		struct kp_symbol *s = (struct kp_symbol *)sym;
		const char *tab = strchr(s->name, '\t');

		next = kp_symtab__next(sym);
		if (tab) {
			const char *mod = tab + 1;

			if (!curr || strcmp(curr->dso->short_name, mod)) {
				curr = kmaps ? kp_maps__find_by_dso_name(kmaps, mod) : NULL;
				if (!curr || curr->dso->loaded) {
					curr = NULL;
					kp_symtab__remove(&kernel->symtab, sym);
					continue;
				}
			}
			err = kp_symtab__add(&curr->dso->symtab, kp_map__map_ip(curr, s->start),
					     s->end - s->start, s->binding, s->type, s->name,
					     tab - s->name);
			if (err)
				return err;
			kp_symtab__remove(&kernel->symtab, sym);
			continue;
		}
		curr = NULL;
		if (!strcmp(s->name, "__entry_SYSCALL_64_trampoline")) {
			kp_symtab__remove(&kernel->symtab, sym);
			continue;
		}
		/* in place: the order, hence the tree, is unchanged */
		s->start -= delta;
		s->end -= delta;
		count++;
	}
	return count;
}

int kp_kallsyms__load(struct kp_dso *kernel, const char *path, struct kp_maps *kmaps,
		      const char *ref_name, uint64_t ref_addr)
{
	const char *p, *end;
	struct ksym_line l;
	uint64_t delta = 0, ref = 0;
	size_t len;
	char *buf;
	int err = 0;

	err = read_all(path, &buf, &len);
	if (err)
		return err;
	for (p = buf, end = buf + len; p < end;) {
		uint8_t bind, type;
		char t;

		if (!parse_line(&p, end, &l))
			continue;
		t = toupper(l.type);
		if (ref_addr && !ref && (t == 'T' || t == 'W') && ref_name &&
		    strlen(ref_name) == l.name_len && !memcmp(l.name, ref_name, l.name_len))
			ref = l.addr;
		if (t != 'T' && t != 'W' && t != 'D' && t != 'B')
			continue;
		if (l.name[0] == '$')
			continue;
		/* perf's kallsyms2elf_binding/_type: only 'W' is weak, 'w' is local */
		bind = l.type == 'W' ? STB_WEAK : isupper(l.type) ? STB_GLOBAL : STB_LOCAL;
		type = t == 'T' || t == 'W' ? STT_FUNC : STT_OBJECT;
		err = kp_symtab__add(&kernel->symtab, l.addr, 0, bind, type, l.name, l.name_len);
		if (err)
			goto out;
	}
	if (ref_addr) {
		if (!ref) {
			err = -ENOENT;	/* perf gives up too: no symbols */
			kp_symtab__exit(&kernel->symtab);
			goto out;
		}
		delta = ref - ref_addr;
	}
	kp_symtab__fixup_end(&kernel->symtab, 1);
	kp_symtab__fixup_duplicate(&kernel->symtab);
	err = kallsyms__split(kernel, kmaps, delta);
out:
	free(buf);
	return err;
}
