// SPDX-License-Identifier: GPL-2.0
/*
 * One `-e` event into a perf_event_attr.  The accepted spellings follow perf
 * 6.1 (checked against `perf stat -e X` and `perf record -e X -vv`):
 *
 *	SYM[:MOD]		cpu-clock, cs:u, cycles:pp
 *	SYM/[TERMS]/[MOD]	cpu-clock//, cpu-clock/name=x/k
 *	CACHE[:MOD]		L1-dcache-load-misses, dTLB-misses (named without MOD)
 *	rHEX[:MOD]		r1a8 (PERF_TYPE_RAW)
 *	TYPE:CONFIG[:MOD]	1:0 (decimal type and config)
 *	SYS:NAME[:MOD]		sched:sched_switch (tracepoint; named without MOD)
 *	PMU/[TERMS]/[MOD]	msr/event=0/, uprobe/retprobe/, software/config=0/
 *	ALIAS[:MOD]		tsc (a PMU's sysfs event alias, alone)
 *
 * TERMS are comma-separated config=, config1=, config2=, name= and the PMU's
 * format fields (sysfs .../PMU/format/FIELD, "config:0-7,32-35") or event
 * aliases (.../PMU/events/NAME, a list of terms).  An event without MOD gets
 * exclude_guest=1 like perf; a MOD recomputes all exclude bits (see mods__apply).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/parse-events.h"
#include "lib/parse-events-names.h"
#include "lib/tracefs.h"

#define KP_PMU_DIR "/sys/bus/event_source/devices"

struct parse_ctx {
	const char *str; /* the whole event, for messages */
	struct kp_event_spec *spec;
	char *err;
	size_t errsz;
};

static int perr(struct parse_ctx *pc, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parse_ctx *pc, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (pc->err && pc->errsz) {
		va_start(ap, fmt);
		vsnprintf(pc->err, pc->errsz, fmt, ap);
		va_end(ap);
		/* The message quotes user input: keep it on one line. */
		for (char *p = pc->err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	return -errnum;
}

/* perf's numbers: decimal, or hex with 0x; the whole of [s, s+len) must be used. */
static bool parse_num(const char *s, size_t len, uint64_t *val)
{
	uint64_t v = 0;
	int base = 10, d;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}

/*
 * The modifier letters as perf 6.1 checks and applies them for a lone event:
 * each letter at most once except 'p' (at most three); the first of u/k/h
 * excludes all three contexts and each letter re-includes its own; 'u' and 'p'
 * imply exclude_guest, G and H exclude the other of host/guest.
 */
static int mods__apply(struct parse_ctx *pc, const char *mod)
{
	struct perf_event_attr *attr = &pc->spec->attr;
	int eu = 0, ek = 0, eh = 0, eG = 0, eH = 0, eI = 0, precise = 0, pinned = 0, excl = 0;
	bool exclude = false, exclude_gh = false;
	const char *p;

	if (strlen(mod) > strlen("ukhGHpppPSDIWeb"))
		goto bad;
	for (p = mod; *p; p++) {
		if (!strchr("ukhpPGHSDIWeb", *p) || (*p != 'p' && strchr(p + 1, *p)))
			goto bad;
	}
	for (p = mod; *p; p++) {
		switch (*p) {
		case 'u':
		case 'k':
		case 'h':
			if (!exclude) {
				exclude = true;
				eu = ek = eh = 1;
			}
			if (*p == 'u') {
				eu = 0;
				if (!exclude_gh)
					eG = 1;
			} else if (*p == 'k') {
				ek = 0;
			} else {
				eh = 0;
			}
			break;
		case 'G':
		case 'H':
			if (!exclude_gh) {
				exclude_gh = true;
				eG = eH = 1;
			}
			if (*p == 'G')
				eG = 0;
			else
				eH = 0;
			break;
		case 'I':
			eI = 1;
			break;
		case 'p':
			precise++;
			if (!exclude_gh)
				eG = 1;
			break;
		case 'D':
			pinned = 1;
			break;
		case 'e':
			excl = 1;
			break;
		default: /* P, S, W, b: evlist-level features kprof does not have */
			return perr(pc, EINVAL, "modifier '%c' is not supported in '%s'", *p,
				    pc->str);
		}
	}
	if (precise > 3)
		goto bad;
	attr->exclude_user = eu;
	attr->exclude_kernel = ek;
	attr->exclude_hv = eh;
	attr->exclude_guest = eG;
	attr->exclude_host = eH;
	attr->exclude_idle = eI;
	attr->precise_ip = precise;
	attr->pinned = pinned;
	attr->exclusive = excl;
	return 0;
bad:
	return perr(pc, EINVAL, "bad modifier '%s' in '%s'", mod, pc->str);
}

static bool valid_name(const char *s, size_t len, bool minus)
{
	size_t i;

	if (!len || len > 255)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (i && c >= '0' && c <= '9') || (i && minus && c == '-') || (i && c == '.')))
			return false;
	}
	return true;
}

static int parse_tracepoint(struct parse_ctx *pc, const char *sys, size_t syslen, const char *name,
			    size_t namelen)
{
	char s[256], n[256], dir[PATH_MAX];
	uint64_t id;
	int err;

	if (!valid_name(sys, syslen, true) || !valid_name(name, namelen, true))
		return perr(pc, EINVAL, "unknown event '%s'", pc->str);
	memcpy(s, sys, syslen);
	s[syslen] = '\0';
	memcpy(n, name, namelen);
	n[namelen] = '\0';

	err = kp_tracefs_dir(dir, sizeof(dir));
	if (err == -ENODEV)
		return perr(pc, ENODEV,
			    "cannot look up tracepoint '%s:%s': tracefs is not mounted "
			    "(mount -t tracefs nodev /sys/kernel/tracing)",
			    s, n);
	if (err == -EACCES)
		return perr(pc, EACCES, "cannot look up tracepoint '%s:%s': cannot read '%s': %s",
			    s, n, dir, strerror(EACCES));
	if (err)
		return perr(pc, -err, "cannot look up tracepoint '%s:%s': tracefs: %s", s, n,
			    strerror(-err));
	err = kp_tracefs_event_id(s, n, &id);
	if (err == -ENOENT)
		return perr(pc, ENOENT, "tracepoint '%s:%s' not found", s, n);
	if (err)
		return perr(pc, -err, "cannot read the id of tracepoint '%s:%s': %s", s, n,
			    strerror(-err));
	pc->spec->attr.type = PERF_TYPE_TRACEPOINT;
	pc->spec->attr.config = id;
	if (asprintf(&pc->spec->name, "%s:%s", s, n) < 0) {
		pc->spec->name = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Read a small sysfs file of @pmu ("type", "format/event", "events/tsc") without its newline. */
static int pmu__read(const char *pmu, size_t pmulen, const char *file, size_t filelen, char **buf)
{
	char path[PATH_MAX];
	size_t size;
	int err;

	snprintf(path, sizeof(path), KP_PMU_DIR "/%.*s/%.*s", (int)pmulen, pmu, (int)filelen, file);
	err = kp_read_file(path, buf, &size);
	if (err)
		return err;
	while (size && ((*buf)[size - 1] == '\n' || (*buf)[size - 1] == ' '))
		(*buf)[--size] = '\0';
	return 0;
}

static __u64 *config_field(struct perf_event_attr *attr, const char *s, size_t len)
{
	if (len == 6 && !strncmp(s, "config", 6))
		return &attr->config;
	if (len == 7 && !strncmp(s, "config1", 7))
		return &attr->config1;
	if (len == 7 && !strncmp(s, "config2", 7))
		return &attr->config2;
	return NULL;
}

/* Spread @val over the bit ranges of format @fmt ("config:0-7,32-35"); -E2BIG if it does not fit. */
static int format__apply(struct perf_event_attr *attr, const char *fmt, uint64_t val)
{
	const char *colon = strchr(fmt, ':'), *p;
	unsigned long lo, hi, b;
	__u64 *field;
	uint64_t rest = val;
	char *end;

	if (!colon)
		return -EINVAL;
	field = config_field(attr, fmt, colon - fmt);
	if (!field)
		return -EINVAL;
	for (p = colon + 1; *p; p = end + (*end == ',')) {
		lo = strtoul(p, &end, 10);
		if (end == p)
			return -EINVAL;
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			hi = strtoul(p, &end, 10);
			if (end == p)
				return -EINVAL;
		}
		if (*end && *end != ',')
			return -EINVAL;
		if (hi > 63 || lo > hi)
			return -EINVAL;
		for (b = lo; b <= hi; b++) {
			*field &= ~(1ULL << b);
			*field |= (rest & 1) << b;
			rest >>= 1;
		}
	}
	return rest ? -E2BIG : 0;
}

static int pmu__apply_terms(struct parse_ctx *pc, const char *pmu, size_t pmulen, const char *terms,
			    size_t len, int depth);

static int pmu__apply_term(struct parse_ctx *pc, const char *pmu, size_t pmulen, const char *t,
			   size_t len, int depth)
{
	struct perf_event_attr *attr = &pc->spec->attr;
	const char *eq = memchr(t, '=', len);
	size_t klen = eq ? (size_t)(eq - t) : len;
	const char *v = eq ? eq + 1 : NULL;
	size_t vlen = eq ? len - klen - 1 : 0;
	char file[300], *buf;
	uint64_t val = 1;
	__u64 *field;
	int err;

	if (!valid_name(t, klen, true))
		return perr(pc, EINVAL, "bad term '%.*s' in '%s'", (int)len, t, pc->str);
	if (klen == 4 && !strncmp(t, "name", 4)) {
		if (!v || !vlen)
			return perr(pc, EINVAL, "term 'name' needs a value in '%s'", pc->str);
		free(pc->spec->name);
		pc->spec->name = strndup(v, vlen);
		return pc->spec->name ? 0 : -ENOMEM;
	}
	if (v && !parse_num(v, vlen, &val))
		return perr(pc, EINVAL, "bad value '%.*s' for term '%.*s' in '%s'", (int)vlen, v,
			    (int)klen, t, pc->str);
	field = config_field(attr, t, klen);
	if (field) {
		if (!v)
			return perr(pc, EINVAL, "term '%.*s' needs a value in '%s'", (int)klen, t,
				    pc->str);
		*field = val;
		return 0;
	}
	if (!pmu) /* a symbolic event: only name= and config*= are terms */
		goto unknown;
	snprintf(file, sizeof(file), "format/%.*s", (int)klen, t);
	err = pmu__read(pmu, pmulen, file, strlen(file), &buf);
	if (!err) {
		err = format__apply(attr, buf, val);
		if (err == -E2BIG)
			perr(pc, EINVAL, "value %#llx too big for term '%.*s' (%s) in '%s'",
			     (unsigned long long)val, (int)klen, t, buf, pc->str);
		else if (err)
			perr(pc, EINVAL, "cannot use format '%s' of term '%.*s' in '%s'", buf,
			     (int)klen, t, pc->str);
		free(buf);
		return err ? -EINVAL : 0;
	}
	snprintf(file, sizeof(file), "events/%.*s", (int)klen, t);
	if (!v && depth == 0 && !pmu__read(pmu, pmulen, file, strlen(file), &buf)) {
		err = pmu__apply_terms(pc, pmu, pmulen, buf, strlen(buf), depth + 1);
		free(buf);
		return err;
	}
unknown:
	if (pmu)
		return perr(pc, EINVAL, "unknown term '%.*s' for pmu '%.*s' in '%s'", (int)klen, t,
			    (int)pmulen, pmu, pc->str);
	return perr(pc, EINVAL, "unknown term '%.*s' in '%s'", (int)klen, t, pc->str);
}

static int pmu__apply_terms(struct parse_ctx *pc, const char *pmu, size_t pmulen, const char *terms,
			    size_t len, int depth)
{
	const char *t = terms, *end = terms + len, *comma;
	int err;

	while (t < end) {
		comma = memchr(t, ',', end - t);
		if (!comma)
			comma = end;
		if (comma == t)
			return perr(pc, EINVAL, "empty term in '%s'", pc->str);
		err = pmu__apply_term(pc, pmu, pmulen, t, comma - t, depth);
		if (err)
			return err;
		t = comma + (comma < end);
	}
	return 0;
}

/* Set the type of PMU [pmu, pmu+pmulen) and apply its terms [terms, terms+len). */
static int pmu__apply(struct parse_ctx *pc, const char *pmu, size_t pmulen, const char *terms,
		      size_t len)
{
	unsigned long type;
	char *buf, *end;
	int err;

	if (!valid_name(pmu, pmulen, true))
		return perr(pc, EINVAL, "unknown event '%s'", pc->str);
	err = pmu__read(pmu, pmulen, "type", 4, &buf);
	if (err)
		return perr(pc, EINVAL, "unknown pmu '%.*s' in '%s'", (int)pmulen, pmu, pc->str);
	type = strtoul(buf, &end, 10);
	err = (end == buf || *end || type > UINT32_MAX) ? -EINVAL : 0;
	free(buf);
	if (err)
		return perr(pc, EINVAL, "bad type of pmu '%.*s'", (int)pmulen, pmu);
	pc->spec->attr.type = type;
	return pmu__apply_terms(pc, pmu, pmulen, terms, len, 0);
}

/* The modifiers, then the name perf gives: the spelling, unless name= set one. */
static int finish(struct parse_ctx *pc, const char *mod)
{
	int err;

	if (mod && *mod) {
		err = mods__apply(pc, mod);
		if (err)
			return err;
	}
	if (!pc->spec->name) {
		pc->spec->name = strdup(pc->str);
		if (!pc->spec->name)
			return -ENOMEM;
	}
	return 0;
}

/* PMU/terms/mod or SYM/terms/mod */
static int parse_slashed(struct parse_ctx *pc, const char *s)
{
	const char *slash1 = strchr(s, '/'), *slash2 = strchr(slash1 + 1, '/');
	const struct kp_sym_event *sym;
	size_t pmulen = slash1 - s;
	int err;

	if (!slash2 || strchr(slash2 + 1, '/') || strchr(slash2 + 1, ':'))
		return perr(pc, EINVAL, "unknown event '%s'", pc->str);
	sym = kp_sym_event__find(s, pmulen);
	if (sym) {
		pc->spec->attr.type = sym->type;
		pc->spec->attr.config = sym->config;
		err = pmu__apply_terms(pc, NULL, 0, slash1 + 1, slash2 - slash1 - 1, 0);
	} else {
		err = pmu__apply(pc, s, pmulen, slash1 + 1, slash2 - slash1 - 1);
	}
	return err ? err : finish(pc, slash2 + 1);
}

/*
 * The PMU with an event alias [name, name+len) in sysfs (msr has "tsc"), the
 * first by name when several have it.  perf 6.1 accepts those names alone.
 */
static bool pmu__find_alias(const char *name, size_t len, char *pmu, size_t sz)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	if (!valid_name(name, len, true))
		return false;
	dir = opendir(KP_PMU_DIR);
	if (!dir)
		return false;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || strlen(d->d_name) >= sz)
			continue;
		snprintf(path, sizeof(path), KP_PMU_DIR "/%s/events/%.*s", d->d_name, (int)len,
			 name);
		if (access(path, R_OK) || (found && strcmp(d->d_name, pmu) > 0))
			continue;
		snprintf(pmu, sz, "%s", d->d_name);
		found = true;
	}
	closedir(dir);
	return found;
}

static bool is_raw(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || len > 17 || s[0] != 'r')
		return false;
	for (i = 1; i < len; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

int kp_parse_event(const char *str, struct kp_event_spec *spec, char *err, size_t errsz)
{
	struct parse_ctx pc = { .str = str, .spec = spec, .err = err, .errsz = errsz };
	const char *c1, *c2, *mod = NULL;
	const struct kp_sym_event *sym;
	size_t len1;
	uint64_t type, config;
	char pmu[256];
	int ret;

	memset(spec, 0, sizeof(*spec));
	if (err && errsz)
		err[0] = '\0';
	spec->attr.size = sizeof(spec->attr);
	spec->attr.exclude_guest = 1; /* perf's default unless a modifier says otherwise */

	if (!str || !*str) {
		ret = perr(&pc, EINVAL, "empty event");
		goto out;
	}
	if (strchr(str, '/')) {
		ret = parse_slashed(&pc, str);
		goto out;
	}
	c1 = strchr(str, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	len1 = c1 ? (size_t)(c1 - str) : strlen(str);

	sym = kp_sym_event__find(str, len1);
	if (sym || is_raw(str, len1)) {
		if (c2) {
			ret = perr(&pc, EINVAL, "unknown event '%s'", str);
			goto out;
		}
		if (sym) {
			spec->attr.type = sym->type;
			spec->attr.config = sym->config;
		} else {
			spec->attr.type = PERF_TYPE_RAW;
			spec->attr.config = strtoull(str + 1, NULL, 16);
		}
		mod = c1 ? c1 + 1 : NULL;
	} else if ((ret = kp_cache_event__parse(str, len1, &config)) != 0) {
		if (ret < 0 || c2) {
			ret = perr(&pc, EINVAL,
				   ret < 0 ? "invalid cache operation in '%s'" :
					     "unknown event '%s'",
				   str);
			goto out;
		}
		spec->attr.type = PERF_TYPE_HW_CACHE;
		spec->attr.config = config;
		/* perf names cache events without their modifiers */
		spec->name = strndup(str, len1);
		if (!spec->name) {
			ret = -ENOMEM;
			goto out;
		}
		mod = c1 ? c1 + 1 : NULL;
	} else if ((!c1 || (!c2 && strspn(c1 + 1, "ukhpPGHSDIWeb") == strlen(c1 + 1))) &&
		   pmu__find_alias(str, len1, pmu, sizeof(pmu))) {
		ret = pmu__apply(&pc, pmu, strlen(pmu), str, len1);
		if (ret)
			goto out;
		mod = c1 ? c1 + 1 : NULL;
	} else if (c1 && parse_num(str, len1, &type) &&
		   parse_num(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1), &config)) {
		if (type > UINT32_MAX) {
			ret = perr(&pc, EINVAL, "bad type in '%s'", str);
			goto out;
		}
		spec->attr.type = type;
		spec->attr.config = config;
		mod = c2 ? c2 + 1 : NULL;
	} else if (c1) {
		size_t namelen = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);

		ret = parse_tracepoint(&pc, str, len1, c1 + 1, namelen);
		if (ret)
			goto out;
		mod = c2 ? c2 + 1 : NULL;
		if (mod && strchr(mod, ':')) {
			ret = perr(&pc, EINVAL, "unknown event '%s'", str);
			goto out;
		}
	} else {
		ret = perr(&pc, EINVAL, "unknown event '%s'", str);
		goto out;
	}
	ret = finish(&pc, mod); /* "cpu-clock:" is accepted as no modifier, as by perf */
out:
	if (ret) {
		if (ret == -ENOMEM && err && errsz && !err[0])
			snprintf(err, errsz, "cannot parse '%s': %s", str ? str : "",
				 strerror(ENOMEM));
		kp_event_spec__exit(spec);
		memset(spec, 0, sizeof(*spec));
	}
	return ret;
}

void kp_event_spec__exit(struct kp_event_spec *spec)
{
	free(spec->name);
	spec->name = NULL;
}
