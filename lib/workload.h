/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command `record -- CMD` runs: forked before the events are opened (so
 * they can name its pid), held on a "go" pipe, and exec'ed only when recording
 * is ready (perf's workload prepare/start).
 */
#ifndef KPROF_LIB_WORKLOAD_H
#define KPROF_LIB_WORKLOAD_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct kp_workload {
	pid_t pid;
	int go_fd;		/* write end of the go pipe */
	int err_fd;		/* read end of the exec-error pipe */
	int status;		/* wait status, once reaped */
	bool reaped;
};

/*
 * Check that @argv[0] can be run (searching $PATH like execvp), then fork a
 * child that waits for kp_workload__start().  The child gets signal mask
 * @child_mask; with @stdout_to_stderr its stdout is its stderr (when kprof's
 * stdout carries the data).  Returns 0 or -errno (-ENOENT: no such command,
 * -EACCES: not executable).
 */
int kp_workload__prepare(struct kp_workload *w, const char *const *argv,
			 const sigset_t *child_mask, bool stdout_to_stderr);

/* Let the child exec.  Returns 0, or -errno when the exec failed (the child is reaped). */
int kp_workload__start(struct kp_workload *w);

/* Kill (SIGTERM) and reap a child that was never started or must not go on. */
void kp_workload__kill(struct kp_workload *w);

/* Reap the child if it has exited (@block: wait for it).  Returns true once reaped. */
bool kp_workload__reap(struct kp_workload *w, bool block);

/* kprof's exit code for the child's wait status: its exit code, or 128 + signal. */
int kp_workload__exit_code(const struct kp_workload *w);

#endif /* KPROF_LIB_WORKLOAD_H */
