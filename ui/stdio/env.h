/* SPDX-License-Identifier: GPL-2.0 */
/* `report --header`: what a perf.data says about its run, as perf report --header prints it. */
#ifndef KPROF_UI_STDIO_ENV_H
#define KPROF_UI_STDIO_ENV_H

#include <stdio.h>

struct kp_session;

/* @path: the input ("-" for standard input), for "captured on". */
void kp_stdio_env__fprintf(FILE *fp, const struct kp_session *session, const char *path);

#endif /* KPROF_UI_STDIO_ENV_H */
