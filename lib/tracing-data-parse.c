// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the tracing data payload (format in lib/tracing-data.c) into a
 * libtraceevent handle.  Every size is checked against the bytes left before
 * anything is allocated; text sections must be printable ASCII as the kernel
 * writes them.  libtraceevent 1.7 still crashes on some malformed formats
 * (a print fmt dividing by a zero constant, ...), so a payload is first parsed
 * in a short-lived child process and only handed to libtraceevent here when
 * that child survived.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* not <traceevent/...>: the kernel tree's old tools/lib/traceevent is on the path */
#include <event-parse.h>

#include "lib/tracing-data.h"

static const char td_magic[10] = { 23, 8, 68, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

struct tdcur {
	const unsigned char *p, *end;
	bool swap; /* payload written in the other byte order */
};

static int cur__bytes(struct tdcur *c, const void **data, uint64_t len)
{
	if (len > (uint64_t)(c->end - c->p))
		return -EINVAL;
	*data = c->p;
	c->p += len;
	return 0;
}

static int cur__u32(struct tdcur *c, uint32_t *v)
{
	const void *d;

	if (cur__bytes(c, &d, 4))
		return -EINVAL;
	memcpy(v, d, 4);
	if (c->swap)
		*v = __builtin_bswap32(*v);
	return 0;
}

static int cur__u64(struct tdcur *c, uint64_t *v)
{
	const void *d;

	if (cur__bytes(c, &d, 8))
		return -EINVAL;
	memcpy(v, d, 8);
	if (c->swap)
		*v = __builtin_bswap64(*v);
	return 0;
}

/* A NUL-terminated string of at most @max bytes, pointing into the payload. */
static int cur__str(struct tdcur *c, const char **s, size_t max)
{
	size_t left = c->end - c->p;
	const unsigned char *nul = memchr(c->p, '\0', left < max ? left : max);

	if (!nul)
		return -EINVAL;
	*s = (const char *)c->p;
	c->p = nul + 1;
	return 0;
}

/*
 * A section of @len bytes copied and NUL-terminated for the text parsers of
 * libtraceevent, which crash on some bytes outside printable ASCII: kernel
 * format files never have them, so a payload that does is refused.
 */
static int cur__text(struct tdcur *c, uint64_t len, char **text)
{
	const unsigned char *d;
	uint64_t i;

	if (cur__bytes(c, (const void **)&d, len))
		return -EINVAL;
	for (i = 0; i < len; i++)
		if ((d[i] < 0x20 && d[i] != '\t' && d[i] != '\n') || d[i] > 0x7e)
			return -EINVAL;
	*text = malloc(len + 1);
	if (!*text)
		return -ENOMEM;
	memcpy(*text, d, len);
	(*text)[len] = '\0';
	return 0;
}

static int parse__header_page(struct tep_handle *tep, struct tdcur *c, int long_size)
{
	const char *tag;
	uint64_t len;
	char *text;
	int err;

	if (cur__str(c, &tag, 13) || strcmp(tag, "header_page") || cur__u64(c, &len))
		return -EINVAL;
	err = cur__text(c, len, &text);
	if (err)
		return err;
	/* the commit field is a long of the kernel: trust it over the long-size byte */
	if (tep && !tep_parse_header_page(tep, text, len, long_size))
		tep_set_long_size(tep, tep_get_header_page_size(tep));
	free(text);

	if (cur__str(c, &tag, 14) || strcmp(tag, "header_event") || cur__u64(c, &len))
		return -EINVAL;
	return cur__bytes(c, (const void **)&tag, len);
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Is @name (@len bytes) declared by a "\tfield:TYPE NAME[N];" line of @fmt? */
static bool format__has_field(const char *fmt, const char *name, size_t len)
{
	const char *l, *semi, *e;

	for (l = strstr(fmt, "field:"); l; l = strstr(l + 1, "field:")) {
		semi = strchr(l, ';');
		if (!semi)
			return false;
		e = semi;
		if (e > l && e[-1] == ']') /* an array: NAME[N] */
			while (e > l && *e != '[')
				e--;
		if ((size_t)(e - l) > len && !memcmp(e - len, name, len) && !is_ident(e[-len - 1]))
			return true;
	}
	return false;
}

/*
 * libtraceevent 1.7 dereferences NULL when a print fmt names a field the format
 * does not declare (REC->nosuch): check every REC-> before handing it over.
 */
static int format__check(const char *fmt)
{
	const char *print = strstr(fmt, "print fmt:"), *r, *e;

	if (!print)
		return 0;
	for (r = strstr(print, "REC->"); r; r = strstr(e, "REC->")) {
		r += 5;
		for (e = r; is_ident(*e); e++)
			;
		if (e == r || !format__has_field(fmt, r, e - r))
			return -EINVAL;
	}
	return 0;
}

/* @count formats of system @sys */
static int parse__formats(struct tep_handle *tep, struct tdcur *c, const char *sys)
{
	uint32_t count, i;
	uint64_t len;
	char *text;
	int err;

	if (cur__u32(c, &count))
		return -EINVAL;
	for (i = 0; i < count; i++) {
		if (cur__u64(c, &len))
			return -EINVAL;
		err = cur__text(c, len, &text);
		if (err)
			return err;
		err = format__check(text);
		if (!err && tep)
			err = tep_parse_event(tep, text, len, sys);
		free(text);
		/* an unparsable print fmt still leaves the fields usable, as in perf */
		if (err && err != TEP_ERRNO__READ_PRINT_FAILED)
			return -EINVAL;
	}
	return 0;
}

static int parse__text(struct tep_handle *tep, struct tdcur *c, int szlen,
		       int (*fn)(struct tep_handle *, const char *))
{
	uint64_t len = 0;
	uint32_t len32;
	char *text;
	int err;

	if (szlen == 4) {
		if (cur__u32(c, &len32))
			return -EINVAL;
		len = len32;
	} else if (cur__u64(c, &len)) {
		return -EINVAL;
	}
	if (!len)
		return 0;
	err = cur__text(c, len, &text);
	if (err)
		return err;
	if (tep)
		fn(tep, text);
	free(text);
	return 0;
}

/*
 * printk_formats lines are `0xADDR : "FORMAT"`.  Parsed here rather than by
 * tep_parse_printk_formats(), whose tep_register_print_string() reads before
 * the string when it is shorter than two characters.
 */
static int parse_printk_formats(struct tep_handle *tep, const char *text)
{
	unsigned long long addr;
	const char *l, *nl, *q1, *q2;
	char *end, *fmt;

	for (l = text; *l; l = nl + (*nl == '\n')) {
		nl = strchr(l, '\n');
		if (!nl)
			nl = l + strlen(l);
		addr = strtoull(l, &end, 16);
		if (end == l || end > nl || strncmp(end, " : \"", 4))
			continue;
		q1 = end + 3;
		q2 = nl - 1;
		if (q2 - q1 < 3 || *q2 != '"') /* at least two characters between the quotes */
			continue;
		fmt = strndup(q1, q2 - q1 + 1);
		if (!fmt)
			return -ENOMEM;
		tep_register_print_string(tep, fmt, addr);
		free(fmt);
	}
	return 0;
}

/* Walk the payload; with a @tep, feed it.  Without, only check the structure. */
static int td__read(const void *buf, size_t size, struct tep_handle *tep)
{
	struct tdcur c = { .p = buf, .end = buf };
	const char *version, *sys;
	uint32_t page_size, nsys, i;
	const unsigned char *magic;
	uint8_t endian, long_size;
	int err;

	if (!buf)
		return -EINVAL;
	c.end = c.p + size;
	if (cur__bytes(&c, (const void **)&magic, sizeof(td_magic)) ||
	    memcmp(magic, td_magic, sizeof(td_magic)) || cur__str(&c, &version, 16) ||
	    c.end - c.p < 2)
		return -EINVAL;
	endian = *c.p++;
	long_size = *c.p++;
	if (endian > 1 || (long_size != 4 && long_size != 8))
		return -EINVAL;
	c.swap = endian != tep_is_bigendian();
	if (cur__u32(&c, &page_size) || !page_size)
		return -EINVAL;
	if (tep) {
		tep_set_flag(tep, TEP_NSEC_OUTPUT);
		tep_set_file_bigendian(tep, endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
		tep_set_local_bigendian(tep,
					tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
		tep_set_long_size(tep, long_size);
		tep_set_page_size(tep, page_size);
	}

	err = parse__header_page(tep, &c, long_size);
	if (!err)
		err = parse__formats(tep, &c, "ftrace");
	if (!err)
		err = cur__u32(&c, &nsys);
	for (i = 0; !err && i < nsys; i++) {
		err = cur__str(&c, &sys, 256);
		if (!err)
			err = parse__formats(tep, &c, sys);
	}
	if (!err)
		err = parse__text(tep, &c, 4, tep_parse_kallsyms);
	if (!err)
		err = parse__text(tep, &c, 4, parse_printk_formats);
	if (!err && strtod(version, NULL) >= 0.6)
		err = parse__text(tep, &c, 8, tep_parse_saved_cmdlines);
	return err;
}

/*
 * Parse @buf in a child first: 0 when it survived, -EINVAL when libtraceevent
 * crashed on it (or refused it).  When no child can be made the payload is parsed unguarded.
 */
static int td__probe(const void *buf, size_t size)
{
	struct tep_handle *tep;
	int status, fd, err;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO); /* libtraceevent's warnings come again below */
		tep = tep_alloc();
		err = tep ? td__read(buf, size, tep) : -ENOMEM;
		_exit(err ? 1 : 0); /* no atexit handlers, no stdio flush: not our process */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	/* a sanitizer turns the crash into exit(1): only a clean exit counts */
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EINVAL;
}

int kp_tracing_data__parse(const void *buf, size_t size, struct tep_handle **tepp)
{
	struct tep_handle *tep;
	int err;

	*tepp = NULL;
	err = td__read(buf, size, NULL);
	if (!err)
		err = td__probe(buf, size);
	if (err)
		return err;
	tep = tep_alloc();
	if (!tep)
		return -ENOMEM;
	err = td__read(buf, size, tep);
	if (err) {
		tep_free(tep);
		return err;
	}
	*tepp = tep;
	return 0;
}
