// SPDX-License-Identifier: GPL-2.0
/*
 * kprof — a perf_event-based profiler.  main(): global options and the
 * command table (perf.c and git.c style).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/builtin.h"

struct cmd_struct {
	const char *cmd;
	int (*fn)(int argc, const char **argv, struct kp_ctx *ctx);
	const char *help;
};

static const struct cmd_struct commands[] = {
	{ "record", cmd_record, "Run a command and record its profile into perf.data" },
	{ "report", cmd_report, "Read perf.data (kprof's or perf's) and display the profile" },
	{ "stat", cmd_stat, "Count events and probe hits (-k, -u ...) of a command" },
	{ "top", cmd_top, "Show live which symbols are hit (sampling), in a browser or as tables" },
	{ "probe", cmd_probe, "Add, list and delete persistent probes (kprobe_events, uprobe_events)" },
	{ "list", cmd_list, "List the events, PMUs, tracepoints and probe-able functions here" },
};

static const char kprof_usage[] =
	"usage: kprof [--version] [--help] [-v | -q] COMMAND [ARGS]\n";

static void list_commands(FILE *f)
{
	fprintf(f, "%s\n The kprof commands are:\n", kprof_usage);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "   %-10s %s\n", commands[i].cmd, commands[i].help);
	fprintf(f, "\n See 'kprof help COMMAND' for more information on a command.\n");
}

static const struct cmd_struct *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].cmd, name))
			return &commands[i];
	return NULL;
}

/* A failed write to stdout (a closed pipe, a full disk) is an error too. */
static int check_stdout(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE) {
			fprintf(stderr, "kprof: write error on standard output: %s\n",
				strerror(errno));
			return KP_EXIT_ERROR;
		}
	}
	return ret;
}

static int run_command(const struct cmd_struct *c, int argc, const char **argv,
		       struct kp_ctx *ctx)
{
	return check_stdout(c->fn(argc, argv, ctx));
}

/* `kprof help CMD` and `kprof CMD --help` print the command's option summary. */
static int cmd_help(int argc, const char **argv, struct kp_ctx *ctx)
{
	const struct cmd_struct *c;
	const char *hargv[] = { NULL, "-h", NULL };
	int status;
	pid_t pid;

	if (argc < 2) {
		list_commands(stdout);
		return KP_EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "kprof: '%s' is not a kprof command; see 'kprof help'\n",
			argv[1]);
		return KP_EXIT_ERROR;
	}
	hargv[0] = c->cmd;
	/*
	 * `kprof CMD -h` prints the usage on stderr and exits 129 (libsubcmd, like
	 * perf).  Asked for by `help`, the same text is wanted output: run the
	 * command in a child with stderr on stdout and turn 129 into success.
	 */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "kprof: cannot fork: %s\n", strerror(errno));
		return KP_EXIT_ERROR;
	}
	if (pid == 0) {
		dup2(STDOUT_FILENO, STDERR_FILENO);
		_exit(run_command(c, 2, hargv, ctx));
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return KP_EXIT_ERROR;
	if (WEXITSTATUS(status) == KP_EXIT_USAGE)
		return KP_EXIT_OK;
	return WEXITSTATUS(status);
}

int main(int argc, const char **argv)
{
	struct kp_ctx ctx = { .argv0 = "kprof", .argc = argc, .argv = argv };
	const struct cmd_struct *c;

	argv++;
	argc--;
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];

		if (!strcmp(opt, "--version") || !strcmp(opt, "-V")) {
			printf("kprof version %s\n", KPROF_VERSION);
			return check_stdout(KP_EXIT_OK);
		} else if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			list_commands(stdout);
			return check_stdout(KP_EXIT_OK);
		} else if (!strcmp(opt, "--list-cmds")) {
			/* For shell completion, as perf --list-cmds. */
			for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
				printf("%s ", commands[i].cmd);
			printf("help version\n");
			return check_stdout(KP_EXIT_OK);
		} else if (!strcmp(opt, "--list-opts")) {
			printf("--version --help --verbose --quiet --list-cmds --list-opts\n");
			return check_stdout(KP_EXIT_OK);
		} else if (!strcmp(opt, "-v") || !strcmp(opt, "--verbose")) {
			ctx.verbose++;
		} else if (!strcmp(opt, "-q") || !strcmp(opt, "--quiet")) {
			ctx.quiet = true;
		} else {
			fprintf(stderr, "kprof: unknown option: %s\n%s", opt, kprof_usage);
			return KP_EXIT_USAGE;
		}
		argv++;
		argc--;
	}
	if (argc == 0) {
		list_commands(stderr);
		return KP_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help"))
		return check_stdout(cmd_help(argc, argv, &ctx));
	if (!strcmp(argv[0], "version")) {
		printf("kprof version %s\n", KPROF_VERSION);
		return check_stdout(KP_EXIT_OK);
	}
	c = find_command(argv[0]);
	if (!c) {
		fprintf(stderr, "kprof: '%s' is not a kprof command; see 'kprof help'\n",
			argv[0]);
		return KP_EXIT_USAGE;
	}
	return run_command(c, argc, argv, &ctx);
}
