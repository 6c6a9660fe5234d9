// SPDX-License-Identifier: GPL-2.0
/* Probe specs into probe points, for the kernel (kallsyms) and user space (ELF). */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/resolve.h"

#define KALLSYMS "/proc/kallsyms"
#define BLACKLIST "/sys/kernel/debug/kprobes/blacklist"
#define FILTER_FUNCS "/sys/kernel/tracing/available_filter_functions"
#define FILTER_FUNCS_DEBUGFS "/sys/kernel/debug/tracing/available_filter_functions"

const char *kp_probe_skip__name(enum kp_probe_skip why)
{
	static const char *const names[KP_SKIP_NR] = { "blacklisted", "notrace", "refused" };

	return why < KP_SKIP_NR ? names[why] : "?";
}

/* A sorted, deduplicated list of names. */
struct names {
	char **v;
	size_t nr, alloc;
};

static int names__add(struct names *n, const char *s, size_t len)
{
	if (n->nr == n->alloc) {
		size_t na = n->alloc ? n->alloc * 2 : 1024;
		char **t = realloc(n->v, na * sizeof(*t));

		if (!t)
			return -ENOMEM;
		n->v = t;
		n->alloc = na;
	}
	n->v[n->nr] = strndup(s, len);
	if (!n->v[n->nr])
		return -ENOMEM;
	n->nr++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names__sort(struct names *n)
{
	size_t out = 0;

	if (!n->nr)
		return;
	qsort(n->v, n->nr, sizeof(*n->v), cmp_str);
	for (size_t i = 0; i < n->nr; i++) {
		if (out && !strcmp(n->v[out - 1], n->v[i])) {
			free(n->v[i]);
			continue;
		}
		n->v[out++] = n->v[i];
	}
	n->nr = out;
}

static bool names__has(const struct names *n, const char *s)
{
	return n->nr && bsearch(&s, n->v, n->nr, sizeof(*n->v), cmp_str);
}

static void names__exit(struct names *n)
{
	for (size_t i = 0; i < n->nr; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/*
 * Names from a file with one entry per line: @field is the 0-based blank
 * separated field holding the name.  -ENOENT when the file cannot be read.
 */
static int names__load(struct names *n, const char *path, int field)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int err = 0;

	if (!f)
		return -ENOENT;
	while (!err && fgets(line, sizeof(line), f)) {
		char *p = line;
		size_t len;

		for (int i = 0; i < field; i++) {
			p += strcspn(p, " \t\n");
			p += strspn(p, " \t");
		}
		len = strcspn(p, " \t\n");
		if (len)
			err = names__add(n, p, len);
	}
	fclose(f);
	names__sort(n);
	return err;
}

/* Kernel text symbols of kallsyms, with their first address. */
struct ksym {
	char *name;
	uint64_t addr;
};

struct ksyms {
	struct ksym *v;
	size_t nr, alloc;
};

static void ksyms__exit(struct ksyms *k)
{
	for (size_t i = 0; i < k->nr; i++)
		free(k->v[i].name);
	free(k->v);
}

static int cmp_ksym(const void *a, const void *b)
{
	return strcmp(((const struct ksym *)a)->name, ((const struct ksym *)b)->name);
}

static int ksyms__load(struct ksyms *k, const char *path)
{
	char line[512], type, name[256];
	unsigned long long addr;
	FILE *f = fopen(path, "r");
	size_t out = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		/* Split-off parts of functions are not entries. */
		if (strstr(name, ".cold") || strstr(name, ".part."))
			continue;
		if (k->nr == k->alloc) {
			size_t na = k->alloc ? k->alloc * 2 : 4096;
			struct ksym *t = realloc(k->v, na * sizeof(*t));

			if (!t)
				goto out_nomem;
			k->v = t;
			k->alloc = na;
		}
		k->v[k->nr].name = strdup(name);
		if (!k->v[k->nr].name)
			goto out_nomem;
		k->v[k->nr++].addr = addr;
	}
	fclose(f);
	if (!k->nr)
		return 0;
	/* One entry per name: a kprobe by name goes to the first of equal names. */
	qsort(k->v, k->nr, sizeof(*k->v), cmp_ksym);
	for (size_t i = 0; i < k->nr; i++) {
		if (out && !strcmp(k->v[out - 1].name, k->v[i].name)) {
			free(k->v[i].name);
			continue;
		}
		k->v[out++] = k->v[i];
	}
	k->nr = out;
	return 0;
out_nomem:
	fclose(f);
	return -ENOMEM;
}

/* perf's event names: letters, digits and '_' only. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			*s = '_';
}

static char *event_name(enum kp_probe_kind kind, const char *path, const char *sym,
			uint64_t addr, uint64_t offset)
{
	char group[128] = "probe", ev[256], *name;
	size_t len;

	if (path) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

		snprintf(group, sizeof(group), "probe_%.*s", (int)strcspn(base, "."), base);
		sanitize(group);
	}
	if (sym)
		snprintf(ev, sizeof(ev), "%s", sym);
	else
		snprintf(ev, sizeof(ev), "addr_%llx", (unsigned long long)addr);
	len = strlen(ev);
	if (offset && sym)
		snprintf(ev + len, sizeof(ev) - len, "_%llu", (unsigned long long)offset);
	sanitize(ev);
	if (kp_probe_kind__is_return(kind))
		strncat(ev, "__return", sizeof(ev) - strlen(ev) - 1);
	if (asprintf(&name, "%s:%s", group, ev) < 0)
		return NULL;
	return name;
}

static int set__add_point(struct kp_probe_set *set, int match, const char *sym, const char *path,
			  uint64_t offset, uint64_t addr)
{
	const struct kp_probe_spec *spec = set->matches[match].spec;
	struct kp_probe_point *p, *t;

	t = realloc(set->points, (set->nr_points + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	set->points = t;
	p = &t[set->nr_points];
	memset(p, 0, sizeof(*p));
	p->kind = spec->kind;
	p->match = match;
	p->offset = offset;
	p->addr = addr;
	p->symbol = sym ? strdup(sym) : NULL;
	p->path = path ? strdup(path) : NULL;
	p->event = event_name(spec->kind, path, sym, addr, sym ? spec->offset : 0);
	set->nr_points++;
	if ((sym && !p->symbol) || (path && !p->path) || !p->event)
		return -ENOMEM;
	set->matches[match].probing++;
	return 0;
}

static int match__skip(struct kp_probe_match *m, const char *name, enum kp_probe_skip why)
{
	struct kp_probe_skipped *t = realloc(m->skipped_list, (m->nr_skipped + 1) * sizeof(*t));

	if (!t)
		return -ENOMEM;
	m->skipped_list = t;
	t[m->nr_skipped].name = strdup(name);
	t[m->nr_skipped].why = why;
	if (!t[m->nr_skipped].name)
		return -ENOMEM;
	m->nr_skipped++;
	m->skipped[why]++;
	return 0;
}

static void not_found(const char *sym, const char *where, const char *const *names, size_t nr,
		      char *err, size_t errsz)
{
	char near[512];

	if (kp_probe_suggest(sym, names, nr, 4, near, sizeof(near)))
		snprintf(err, errsz, "no symbol '%s' in %s; did you mean %s?", sym, where, near);
	else
		snprintf(err, errsz, "no symbol '%s' in %s", sym, where);
}

static int resolve_kernel(struct kp_probe_set *set, int mi, const struct kp_probe_resolve_opts *opts,
			  char *err, size_t errsz)
{
	struct kp_probe_match *m = &set->matches[mi];
	const struct kp_probe_spec *spec = m->spec;
	const char *kallsyms = opts->kallsyms ?: KALLSYMS;
	struct names blacklist = { 0 }, traceable = { 0 };
	struct ksyms ks = { 0 };
	bool have_traceable;
	int rc;

	if (!spec->symbol) {
		m->matched = 1;
		return set__add_point(set, mi, NULL, NULL, spec->addr, spec->addr);
	}
	rc = ksyms__load(&ks, kallsyms);
	if (rc) {
		snprintf(err, errsz, "cannot read '%s': %s", kallsyms, strerror(-rc));
		goto out;
	}
	rc = names__load(&blacklist, opts->blacklist ?: BLACKLIST, 1);
	if (rc && rc != -ENOENT)
		goto out;
	if (opts->filter_functions) {
		rc = names__load(&traceable, opts->filter_functions, 0);
	} else {
		rc = names__load(&traceable, FILTER_FUNCS, 0);
		if (rc == -ENOENT)
			rc = names__load(&traceable, FILTER_FUNCS_DEBUGFS, 0);
	}
	if (rc && rc != -ENOENT)
		goto out;
	have_traceable = !rc && traceable.nr;
	rc = 0;

	if (!spec->is_glob) {
		struct ksym key = { .name = spec->symbol }, *k;

		k = ks.nr ? bsearch(&key, ks.v, ks.nr, sizeof(*ks.v), cmp_ksym) : NULL;
		if (!k) {
			const char **names = malloc((ks.nr + 1) * sizeof(*names));

			if (!names) {
				rc = -ENOMEM;
				goto out;
			}
			for (size_t i = 0; i < ks.nr; i++)
				names[i] = ks.v[i].name;
			not_found(spec->symbol, "the kernel", names, ks.nr, err, errsz);
			free(names);
			rc = -ENOENT;
			goto out;
		}
		m->matched = 1;
		if (names__has(&blacklist, k->name)) {
			snprintf(err, errsz, "cannot probe '%s': it is on the kprobes blacklist",
				 k->name);
			rc = -EINVAL;
			goto out;
		}
		rc = set__add_point(set, mi, k->name, NULL, spec->offset, k->addr);
		goto out;
	}
	for (size_t i = 0; !rc && i < ks.nr; i++) {
		const char *name = ks.v[i].name;

		if (fnmatch(spec->symbol, name, 0))
			continue;
		m->matched++;
		if (names__has(&blacklist, name))
			rc = match__skip(m, name, KP_SKIP_BLACKLISTED);
		else if (have_traceable && !names__has(&traceable, name))
			rc = match__skip(m, name, KP_SKIP_NOTRACE);
		else
			rc = set__add_point(set, mi, name, NULL, 0, ks.v[i].addr);
	}
	if (!rc && !m->matched) {
		snprintf(err, errsz, "'%s' matches no kernel function", spec->symbol);
		rc = -ENOENT;
	} else if (!rc && !m->probing) {
		snprintf(err, errsz, "'%s' matched %d kernel functions, none of which can be probed",
			 spec->symbol, m->matched);
		rc = -EINVAL;
	}
out:
	ksyms__exit(&ks);
	names__exit(&blacklist);
	names__exit(&traceable);
	return rc;
}

static int resolve_user(struct kp_probe_set *set, int mi, const struct kp_probe_resolve_opts *opts,
			char *err, size_t errsz)
{
	struct kp_probe_match *m = &set->matches[mi];
	const struct kp_probe_spec *spec = m->spec;
	struct kp_probe_elf_sym *syms = NULL;
	char where[4200];
	size_t nr = 0;
	int rc;

	rc = kp_probe_find_binary(spec->binary, opts, &m->path);
	if (rc) {
		if (strchr(spec->binary, '/'))
			snprintf(err, errsz, "cannot probe '%s': no such file", spec->binary);
		else
			snprintf(err, errsz,
				 "cannot find '%s': not a file, not in $PATH, not a library "
				 "ldconfig knows", spec->binary);
		return -ENOENT;
	}
	rc = kp_probe_elf_syms(m->path, &syms, &nr);
	if (rc) {
		snprintf(err, errsz, "cannot read the symbols of '%s': %s", m->path,
			 rc == -ENOEXEC ? "not an ELF file" : strerror(-rc));
		return rc;
	}
	snprintf(where, sizeof(where), "'%s'", m->path);
	for (size_t i = 0; !rc && i < nr; i++) {
		const char *name = syms[i].name;

		if (spec->is_glob ? fnmatch(spec->symbol, name, 0) : strcmp(spec->symbol, name))
			continue;
		m->matched++;
		rc = set__add_point(set, mi, name, m->path, syms[i].offset + spec->offset,
				    syms[i].vaddr);
	}
	if (!rc && !m->matched) {
		if (spec->is_glob) {
			snprintf(err, errsz, "'%s' matches no function in %s", spec->symbol, where);
		} else {
			const char **names = malloc((nr + 1) * sizeof(*names));

			if (!names) {
				rc = -ENOMEM;
				goto out;
			}
			for (size_t i = 0; i < nr; i++)
				names[i] = syms[i].name;
			not_found(spec->symbol, where, names, nr, err, errsz);
			free(names);
		}
		rc = -ENOENT;
	}
out:
	kp_probe_elf_syms__free(syms, nr);
	return rc;
}

int kp_probe_set__add(struct kp_probe_set *set, const struct kp_probe_spec *spec,
		      const struct kp_probe_resolve_opts *opts, char *err, size_t errsz)
{
	struct kp_probe_match *t;
	int first = set->nr_points, rc;

	t = realloc(set->matches, (set->nr_matches + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	set->matches = t;
	memset(&t[set->nr_matches], 0, sizeof(*t));
	t[set->nr_matches].spec = spec;
	set->nr_matches++;
	if (kp_probe_kind__is_user(spec->kind))
		rc = resolve_user(set, set->nr_matches - 1, opts, err, errsz);
	else
		rc = resolve_kernel(set, set->nr_matches - 1, opts, err, errsz);
	if (rc == -ENOMEM)
		snprintf(err, errsz, "cannot resolve '%s': %s", spec->str, strerror(ENOMEM));
	if (rc) {
		/* Leave the set as it was. */
		struct kp_probe_match *m = &set->matches[set->nr_matches - 1];

		for (int i = first; i < set->nr_points; i++) {
			free(set->points[i].symbol);
			free(set->points[i].path);
			free(set->points[i].event);
		}
		set->nr_points = first;
		for (int i = 0; i < m->nr_skipped; i++)
			free(m->skipped_list[i].name);
		free(m->skipped_list);
		free(m->path);
		set->nr_matches--;
	}
	return rc;
}

int kp_probe_set__drop(struct kp_probe_set *set, struct kp_probe_point *point)
{
	struct kp_probe_match *m = &set->matches[point->match];

	if (point->dropped)
		return 0;
	point->dropped = true;
	m->probing--;
	return match__skip(m, point->symbol ?: point->event, KP_SKIP_REFUSED);
}

void kp_probe_set__exit(struct kp_probe_set *set)
{
	for (int i = 0; i < set->nr_points; i++) {
		free(set->points[i].symbol);
		free(set->points[i].path);
		free(set->points[i].event);
	}
	for (int i = 0; i < set->nr_matches; i++) {
		struct kp_probe_match *m = &set->matches[i];

		for (int j = 0; j < m->nr_skipped; j++)
			free(m->skipped_list[j].name);
		free(m->skipped_list);
		free(m->path);
	}
	free(set->points);
	free(set->matches);
	memset(set, 0, sizeof(*set));
}

void kp_probe_match__summary(const struct kp_probe_match *m, char *buf, size_t size)
{
	int skipped = m->matched - m->probing, used;
	const char *what = m->spec->symbol ?: m->spec->str;

	used = snprintf(buf, size, "'%s' matched %d symbol%s, probing %d", what, m->matched,
			m->matched == 1 ? "" : "s", m->probing);
	if (skipped > 0 && used >= 0 && (size_t)used < size) {
		const char *sep = "";

		used += snprintf(buf + used, size - used, ", skipped %d (", skipped);
		for (int i = 0; i < KP_SKIP_NR && (size_t)used < size; i++) {
			if (!m->skipped[i])
				continue;
			used += snprintf(buf + used, size - used, "%s%s %d", sep,
					 kp_probe_skip__name(i), m->skipped[i]);
			sep = ", ";
		}
		if ((size_t)used < size)
			snprintf(buf + used, size - used, ")");
	}
}
