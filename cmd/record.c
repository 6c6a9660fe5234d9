// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "cmd/builtin.h"

int cmd_record(int argc, const char **argv, struct kp_ctx *ctx)
{
	fprintf(stderr, "kprof: record: not implemented yet\n");
	return KP_EXIT_ERROR;
}
