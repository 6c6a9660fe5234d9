// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "cmd/builtin.h"

int cmd_report(int argc, const char **argv, struct kp_ctx *ctx)
{
	fprintf(stderr, "kprof: report: not implemented yet\n");
	return KP_EXIT_ERROR;
}
