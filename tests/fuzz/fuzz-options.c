// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the command lines of record, report, stat, top and probe,
 * parsed and checked by the commands' own code with kp_ctx.check_only set: the
 * options table, libsubcmd's parse_options() and every check of the values
 * that follows it (-e events, probe specs, -F/-c, --call-graph, -m, -d, -s,
 * -g, --percent-limit, --engine, --backend, ...), with nothing run.
 *
 * The input is the argument vector, split on NUL bytes; the first word names
 * the command.
 *
 * libsubcmd exits (129) on -h and on a usage error, as kprof itself must.  So
 * that one process can check millions of command lines, this binary is linked
 * with --wrap=exit and the allocation functions (Makefile): while a command
 * line is checked, exit() returns here by longjmp, and what the command had
 * allocated until then (the arrays its option callbacks fill, libsubcmd's
 * strdup of an unknown switch) is freed here, as the end of the process would
 * have.  A command that returns normally must have freed everything itself:
 * LeakSanitizer reports what it did not.
 *
 * Checked: no crash, no sanitizer report, no leak; the status is 0, 1 or 129
 * (130 for libsubcmd's --list-opts); a failure says why on stderr.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"

#define MAX_ARGS 128
/*
 * NULs after the last word.  In a process, argv's strings are contiguous and
 * followed by the environment's; libsubcmd reads up to 3 bytes past a short
 * argument in two places, harmless there (they are the next strings' bytes):
 * option__in_argv() reads arg[1] of an empty argument (-h with arguments), and
 * parse_options_usage() reads optstr + 3 when optstr is a prefix of "no-"
 * ("--n" when that is ambiguous).  The harness lays its argv out the same way.
 */
#define ARGV_PAD 4

static const struct {
	const char *name;
	int (*fn)(int argc, const char **argv, struct kp_ctx *ctx);
} commands[] = {
	{ "record", cmd_record },
	{ "report", cmd_report },
	{ "stat", cmd_stat },
	{ "top", cmd_top },
	{ "probe", cmd_probe },
};

/* --- exit() and the heap, while a command line is checked ------------------------- */

void __real_exit(int status) __attribute__((noreturn));
void *__real_malloc(size_t size);
void *__real_calloc(size_t nmemb, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static jmp_buf exit_env;
static bool checking;		/* exit() returns to LLVMFuzzerTestOneInput */
static void **live;		/* what the command allocated and has not freed */
static size_t nr_live, alloc_live;

static void track(void *p)
{
	if (!checking || !p)
		return;
	if (nr_live == alloc_live) {
		size_t n = alloc_live ? alloc_live * 2 : 256;
		void **l = __real_realloc(live, n * sizeof(*l));

		if (!l)
			abort();
		live = l;
		alloc_live = n;
	}
	live[nr_live++] = p;
}

static void untrack(void *p)
{
	if (!checking || !p)
		return;
	for (size_t i = nr_live; i-- > 0;) {
		if (live[i] == p) {
			live[i] = live[--nr_live];
			return;
		}
	}
}

void __wrap_exit(int status) __attribute__((noreturn));
void __wrap_exit(int status)
{
	if (checking)
		longjmp(exit_env, 0x100 | (status & 0xff));
	__real_exit(status);
}

void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	track(p);
	return p;
}

void *__wrap_calloc(size_t nmemb, size_t size)
{
	void *p = __real_calloc(nmemb, size);

	track(p);
	return p;
}

void *__wrap_realloc(void *ptr, size_t size)
{
	void *p = __real_realloc(ptr, size);

	if (p || !size)
		untrack(ptr);
	track(p);
	return p;
}

void __wrap_free(void *ptr)
{
	untrack(ptr);
	__real_free(ptr);
}

char *__wrap_strdup(const char *s)
{
	char *p = __real_strdup(s);

	track(p);
	return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
	char *p = __real_strndup(s, n);

	track(p);
	return p;
}

/* --- the harness ------------------------------------------------------------------------ */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_WRONLY);

	/* stdout: --list-opts; not a terminal, so libsubcmd starts no pager */
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		abort();
	close(fd);
	return 0;
}

/* The command's stderr is kept to check that a failure says why. */
static int check(int (*fn)(int, const char **, struct kp_ctx *), int argc, const char **argv,
		 char **msg, size_t *len)
{
	struct kp_ctx ctx = { .argv0 = "kprof", .argc = argc, .argv = argv, .check_only = true };
	FILE *saved = stderr;
	volatile int status;
	int jumped;

	stderr = open_memstream(msg, len);
	if (!stderr)
		abort();
	checking = true;
	jumped = setjmp(exit_env);
	if (!jumped) {
		status = fn(argc, argv, &ctx);
		checking = false;
		nr_live = 0;	/* left allocated: a leak, LeakSanitizer's to report */
	} else {
		checking = false;
		status = jumped & 0xff;
		for (size_t i = 0; i < nr_live; i++)
			__real_free(live[i]);
		nr_live = 0;
	}
	fclose(stderr);
	stderr = saved;
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *argv[MAX_ARGS + 1];
	char *buf = malloc(size + ARGV_PAD), *msg = NULL;
	size_t len = 0, cmd;
	int argc = 0, status;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(buf + size, 0, ARGV_PAD);
	for (char *p = buf; p <= buf + size && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	for (cmd = 0; cmd < sizeof(commands) / sizeof(commands[0]); cmd++)
		if (!strcmp(argv[0], commands[cmd].name))
			break;
	if (cmd == sizeof(commands) / sizeof(commands[0]))
		goto out;

	status = check(commands[cmd].fn, argc, argv, &msg, &len);
	if (status != KP_EXIT_OK && status != KP_EXIT_ERROR && status != KP_EXIT_USAGE &&
	    status != 130) {
		fprintf(stderr, "fuzz-options: %s: status %d\n%s", argv[0], status, msg);
		abort();
	}
	if (status && status != 130 && !len) {
		fprintf(stderr, "fuzz-options: %s: status %d and no message\n", argv[0], status);
		abort();
	}
	free(msg);
out:
	free(buf);
	return 0;
}
