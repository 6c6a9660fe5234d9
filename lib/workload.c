// SPDX-License-Identifier: GPL-2.0
/* Fork the workload early, exec it late. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/workload.h"

static int check_exec(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EACCES;
	if (access(path, X_OK))
		return -errno;
	return 0;
}

/* What execvp would find for @cmd, as an error code. */
static int command_runnable(const char *cmd)
{
	const char *path, *p, *end;
	char buf[PATH_MAX];
	int err = -ENOENT, e;

	if (!*cmd)
		return -ENOENT;
	if (strchr(cmd, '/'))
		return check_exec(cmd);
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (p = path; ; p = end + 1) {
		end = strchrnul(p, ':');
		if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(end - p), p,
			     end == p ? "" : "/", cmd) < (int)sizeof(buf)) {
			e = check_exec(buf);
			if (!e)
				return 0;
			if (e == -EACCES)
				err = e;
		}
		if (!*end)
			break;
	}
	return err;
}

int kp_workload__prepare(struct kp_workload *w, const char *const *argv,
			 const sigset_t *child_mask, bool stdout_to_stderr)
{
	int go[2], errp[2], err;
	char c;

	memset(w, 0, sizeof(*w));
	w->pid = -1;
	w->go_fd = w->err_fd = -1;
	err = command_runnable(argv[0]);
	if (err)
		return err;
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(errp, O_CLOEXEC)) {
		err = -errno;
		goto out_close_go;
	}
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		err = -errno;
		goto out_close_err;
	}
	if (w->pid == 0) {
		close(go[1]);
		close(errp[0]);
		if (child_mask)
			sigprocmask(SIG_SETMASK, child_mask, NULL);
		if (stdout_to_stderr)
			dup2(STDERR_FILENO, STDOUT_FILENO);
		/* Wait for "go"; end of file means recording gave up. */
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		err = errno;
		if (write(errp[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(errp[1]);
	w->go_fd = go[1];
	w->err_fd = errp[0];
	return 0;

out_close_err:
	close(errp[0]);
	close(errp[1]);
out_close_go:
	close(go[0]);
	close(go[1]);
	return err;
}

int kp_workload__start(struct kp_workload *w)
{
	int child_err = 0;
	ssize_t n;
	char c = 1;

	if (write(w->go_fd, &c, 1) != 1)
		return -errno;
	close(w->go_fd);
	w->go_fd = -1;
	/* The error pipe closes on a successful exec (O_CLOEXEC). */
	do
		n = read(w->err_fd, &child_err, sizeof(child_err));
	while (n < 0 && errno == EINTR);
	close(w->err_fd);
	w->err_fd = -1;
	if (n == sizeof(child_err)) {
		kp_workload__reap(w, true);
		return -child_err;
	}
	return 0;
}

bool kp_workload__reap(struct kp_workload *w, bool block)
{
	pid_t ret;

	if (w->reaped || w->pid <= 0)
		return w->reaped;
	do
		ret = waitpid(w->pid, &w->status, block ? 0 : WNOHANG);
	while (ret < 0 && errno == EINTR);
	if (ret == w->pid)
		w->reaped = true;
	return w->reaped;
}

void kp_workload__kill(struct kp_workload *w)
{
	if (w->go_fd >= 0) {
		close(w->go_fd);	/* an unstarted child exits on EOF */
		w->go_fd = -1;
	} else if (w->pid > 0 && !w->reaped) {
		kill(w->pid, SIGTERM);
	}
	if (w->err_fd >= 0) {
		close(w->err_fd);
		w->err_fd = -1;
	}
	kp_workload__reap(w, true);
}

int kp_workload__exit_code(const struct kp_workload *w)
{
	if (!w->reaped)
		return 0;
	if (WIFEXITED(w->status))
		return WEXITSTATUS(w->status);
	if (WIFSIGNALED(w->status))
		return 128 + WTERMSIG(w->status);
	return 1;
}
