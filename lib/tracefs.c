// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "lib/tracefs.h"

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif
#ifndef DEBUGFS_MAGIC
#define DEBUGFS_MAGIC 0x64626720
#endif

static int tracefs__check(const char *dir)
{
	char events[PATH_MAX];
	struct statfs sfs;

	if (statfs(dir, &sfs) < 0)
		return -errno;
	/* debugfs/tracing is tracefs too (an automount) on recent kernels */
	if (sfs.f_type != TRACEFS_MAGIC && sfs.f_type != DEBUGFS_MAGIC)
		return -ENOENT;
	snprintf(events, sizeof(events), "%s/events", dir);
	if (access(events, R_OK | X_OK) < 0)
		return errno == ENOENT ? -ENOENT : -EACCES;
	return 0;
}

int kp_tracefs_dir(char *buf, size_t sz)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	int err = -ENODEV, e;
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		e = tracefs__check(dirs[i]);
		if (!e) {
			snprintf(buf, sz, "%s", dirs[i]);
			return 0;
		}
		if (e == -EACCES && err != -EACCES) {
			err = e;
			snprintf(buf, sz, "%s", dirs[i]); /* for the message */
		}
	}
	if (err == -ENODEV && geteuid() == 0 && mount("nodev", dirs[0], "tracefs", 0, NULL) == 0 &&
	    !tracefs__check(dirs[0])) {
		snprintf(buf, sz, "%s", dirs[0]);
		return 0;
	}
	return err;
}

int kp_read_file(const char *path, char **bufp, size_t *sizep)
{
	size_t size = 0, alloc = 4096;
	char *buf, *nbuf;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(alloc);
	if (!buf) {
		err = -ENOMEM;
		goto out_close;
	}
	for (;;) {
		if (alloc - size < 2) {
			if (alloc >= KP_TRACEFS_MAX_FILE) {
				err = -EFBIG;
				goto out_free;
			}
			alloc *= 2;
			nbuf = realloc(buf, alloc);
			if (!nbuf) {
				err = -ENOMEM;
				goto out_free;
			}
			buf = nbuf;
		}
		n = read(fd, buf + size, alloc - size - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		size += n;
	}
	buf[size] = '\0';
	*bufp = buf;
	*sizep = size;
	close(fd);
	return 0;

out_free:
	free(buf);
out_close:
	close(fd);
	return err;
}

int kp_tracefs_read(const char *rel, char **buf, size_t *size)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	int err = kp_tracefs_dir(dir, sizeof(dir));

	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return kp_read_file(path, buf, size);
}

static int tracefs__valid_name(const char *s)
{
	if (!*s || strlen(s) > 255)
		return 0;
	for (; *s; s++)
		if (*s == '/' || (s[0] == '.' && s[1] == '.'))
			return 0;
	return 1;
}

int kp_tracefs_event_id(const char *sys, const char *name, uint64_t *id)
{
	char rel[600], *buf, *end;
	size_t size;
	int err;

	if (!tracefs__valid_name(sys) || !tracefs__valid_name(name))
		return -ENOENT;
	snprintf(rel, sizeof(rel), "events/%s/%s/id", sys, name);
	err = kp_tracefs_read(rel, &buf, &size);
	if (err)
		return err == -ENOTDIR ? -ENOENT : err;
	errno = 0;
	*id = strtoull(buf, &end, 10);
	err = (errno || end == buf) ? -EINVAL : 0;
	free(buf);
	return err;
}
