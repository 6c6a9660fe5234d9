/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands.  Each returns kprof's exit code (0 ok, 1 error, 129 usage). */
#ifndef KPROF_CMD_BUILTIN_H
#define KPROF_CMD_BUILTIN_H

#include "lib/ctx.h"

#define KP_EXIT_OK 0
#define KP_EXIT_ERROR 1
#define KP_EXIT_USAGE 129

int cmd_record(int argc, const char **argv, struct kp_ctx *ctx);
int cmd_report(int argc, const char **argv, struct kp_ctx *ctx);
int cmd_stat(int argc, const char **argv, struct kp_ctx *ctx);
int cmd_top(int argc, const char **argv, struct kp_ctx *ctx);
int cmd_probe(int argc, const char **argv, struct kp_ctx *ctx);
int cmd_list(int argc, const char **argv, struct kp_ctx *ctx);

#endif /* KPROF_CMD_BUILTIN_H */
