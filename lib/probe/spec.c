// SPDX-License-Identifier: GPL-2.0
/* Probe specs (-k, -r, -u, -U): one parser for every command. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/spec.h"

char kp_probe_kind__opt(enum kp_probe_kind kind)
{
	static const char opts[] = { 'k', 'r', 'u', 'U' };

	return opts[kind];
}

static int spec__err(const struct kp_probe_spec *spec, enum kp_probe_kind kind, char *err,
		     size_t errsz, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int spec__err(const struct kp_probe_spec *spec, enum kp_probe_kind kind, char *err,
		     size_t errsz, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(err, errsz, "bad probe '-%c %s': %s", kp_probe_kind__opt(kind), spec->str, why);
	/* The message quotes user input: keep it on one line. */
	for (char *p = err; errsz && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return -EINVAL;
}

static bool is_sym_char(int c)
{
	return isalnum(c) || strchr("_.$@*?[]!-", c);
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* "123", "0x1f": a whole number; false on anything else. */
static bool parse_number(const char *s, uint64_t *val)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return !errno && !*end;
}

static bool is_ident(const char *s, size_t len)
{
	if (!len || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static int spec__parse_args(struct kp_probe_spec *spec, enum kp_probe_kind kind, const char *p,
			    char *err, size_t errsz)
{
	while (*p) {
		struct kp_probe_arg *args, *arg;
		size_t len = strcspn(p, " \t");
		const char *eq = memchr(p, '=', len);

		args = realloc(spec->args, (spec->nr_args + 1) * sizeof(*args));
		if (!args)
			return -ENOMEM;
		spec->args = args;
		arg = &args[spec->nr_args];
		memset(arg, 0, sizeof(*arg));
		if (eq) {
			if (!is_ident(p, eq - p))
				return spec__err(spec, kind, err, errsz,
						 "bad argument name '%.*s'", (int)(eq - p), p);
			if (eq + 1 == p + len)
				return spec__err(spec, kind, err, errsz,
						 "argument '%.*s' has nothing after '='",
						 (int)(eq - p), p);
			arg->name = strndup(p, eq - p);
			arg->fetch = strndup(eq + 1, p + len - eq - 1);
		} else {
			arg->fetch = strndup(p, len);
		}
		spec->nr_args++;
		if ((eq && !arg->name) || !arg->fetch)
			return -ENOMEM;
		p += len;
		p += strspn(p, " \t");
	}
	return 0;
}

int kp_probe_spec__parse(struct kp_probe_spec *spec, enum kp_probe_kind kind, const char *str,
			 char *err, size_t errsz)
{
	bool user = kp_probe_kind__is_user(kind);
	char *loc = NULL, *sym, *plus, *ret;
	const char *p;
	size_t len;
	int rc = -ENOMEM;

	memset(spec, 0, sizeof(*spec));
	spec->kind = kind;
	spec->str = strdup(str);
	if (!spec->str)
		return -ENOMEM;
	p = str + strspn(str, " \t");
	len = strcspn(p, " \t");
	if (!len) {
		rc = spec__err(spec, kind, err, errsz, "empty spec");
		goto out_err;
	}
	loc = strndup(p, len);
	if (!loc)
		goto out_err;

	sym = loc;
	if (user) {
		char *colon = strrchr(loc, ':');

		if (!colon) {
			rc = spec__err(spec, kind, err, errsz, "expected BIN:SYM");
			goto out_err;
		}
		*colon = 0;
		if (!*loc) {
			rc = spec__err(spec, kind, err, errsz, "no binary before ':'");
			goto out_err;
		}
		spec->binary = strdup(loc);
		if (!spec->binary)
			goto out_err;
		sym = colon + 1;
	} else if (strchr(loc, ':')) {
		rc = spec__err(spec, kind, err, errsz,
			       "a kernel symbol has no ':' (user space: -%c BIN:SYM)",
			       kind == KP_PROBE_KPROBE ? 'u' : 'U');
		goto out_err;
	}

	ret = strchr(sym, '%');
	if (ret) {
		if (strcmp(ret, "%return")) {
			rc = spec__err(spec, kind, err, errsz, "unknown suffix '%s' (only %%return)",
				       ret);
			goto out_err;
		}
		*ret = 0;
		if (kind == KP_PROBE_KPROBE)
			spec->kind = KP_PROBE_KRETPROBE;
		else if (kind == KP_PROBE_UPROBE)
			spec->kind = KP_PROBE_URETPROBE;
	}

	plus = strchr(sym, '+');
	if (plus) {
		*plus = 0;
		if (!parse_number(plus + 1, &spec->offset)) {
			rc = spec__err(spec, kind, err, errsz, "bad offset '%s'", plus + 1);
			goto out_err;
		}
		if (kp_probe_kind__is_return(spec->kind)) {
			rc = spec__err(spec, kind, err, errsz, "a return probe takes no offset");
			goto out_err;
		}
	}
	if (!*sym) {
		rc = spec__err(spec, kind, err, errsz, "no symbol");
		goto out_err;
	}
	if (!user && !strncmp(sym, "0x", 2)) {
		if (!parse_number(sym, &spec->addr) || !spec->addr) {
			rc = spec__err(spec, kind, err, errsz, "bad address '%s'", sym);
			goto out_err;
		}
		if (plus) {
			rc = spec__err(spec, kind, err, errsz, "an address takes no offset");
			goto out_err;
		}
	} else {
		for (const char *c = sym; *c; c++) {
			if (!is_sym_char((unsigned char)*c)) {
				rc = spec__err(spec, kind, err, errsz,
					       "bad character '%c' in symbol '%s'", *c, sym);
				goto out_err;
			}
		}
		spec->is_glob = has_glob(sym);
		if (spec->is_glob && plus) {
			rc = spec__err(spec, kind, err, errsz, "a glob takes no offset");
			goto out_err;
		}
		spec->symbol = strdup(sym);
		if (!spec->symbol)
			goto out_err;
	}

	p += len;
	p += strspn(p, " \t");
	rc = spec__parse_args(spec, kind, p, err, errsz);
	if (rc)
		goto out_err;
	spec->backend = spec->nr_args ? KP_BACKEND_TRACEFS : KP_BACKEND_AUTO;
	free(loc);
	return 0;

out_err:
	if (rc == -ENOMEM)
		snprintf(err, errsz, "cannot parse probe '%s': %s", str, strerror(ENOMEM));
	free(loc);
	kp_probe_spec__exit(spec);
	return rc;
}

void kp_probe_spec__exit(struct kp_probe_spec *spec)
{
	for (int i = 0; i < spec->nr_args; i++) {
		free(spec->args[i].name);
		free(spec->args[i].fetch);
	}
	free(spec->args);
	free(spec->str);
	free(spec->binary);
	free(spec->symbol);
	memset(spec, 0, sizeof(*spec));
}
