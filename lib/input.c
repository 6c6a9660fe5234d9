// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/header.h"
#include "lib/input.h"

static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

static int write_full(int fd, const void *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf = (const char *)buf + w;
		n -= w;
	}
	return 0;
}

static int input__map(struct kp_input *in, int fd, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	in->map = p;
	in->size = size;
	return 0;
}

/* A pipe whose first bytes are not a pipe-mode header: copy it all into a memfd and map that. */
static int input__buffer(struct kp_input *in, char *err, size_t errsz)
{
	char buf[65536];
	uint64_t total = in->npeek;
	int mfd, ret;
	ssize_t r;

	mfd = memfd_create("kprof-stdin", MFD_CLOEXEC);
	if (mfd < 0) {
		ret = -errno;
		snprintf(err, errsz, "cannot buffer the input: %s", strerror(errno));
		return ret;
	}
	ret = write_full(mfd, in->peek, in->npeek);
	while (!ret) {
		r = read_full(in->fd, buf, sizeof(buf));
		if (r <= 0) {
			ret = r;
			break;
		}
		ret = write_full(mfd, buf, r);
		total += r;
	}
	if (ret) {
		snprintf(err, errsz, "cannot buffer the input: %s", strerror(-ret));
		goto out_close;
	}
	if (!total) {
		ret = -EINVAL;
		snprintf(err, errsz, "file is empty");
		goto out_close;
	}
	ret = input__map(in, mfd, total);
	if (ret)
		snprintf(err, errsz, "cannot map the input: %s", strerror(-ret));
out_close:
	close(mfd);
	return ret;
}

int kp_input__open(struct kp_input *in, const char *path, char *err, size_t errsz)
{
	struct kp_pipe_header ph;
	struct stat st;
	int ret;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (!path || !strcmp(path, "-")) {
		in->name = "stdin";
		in->fd = 0;
	} else {
		in->name = path;
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			ret = -errno;
			snprintf(err, errsz, "cannot open: %s", strerror(errno));
			return ret;
		}
		in->own_fd = true;
	}
	if (fstat(in->fd, &st) < 0) {
		ret = -errno;
		snprintf(err, errsz, "cannot stat: %s", strerror(errno));
		return ret;
	}
	if (S_ISDIR(st.st_mode) && in->own_fd && !in->dir) {
		/* perf record --threads: header, attrs and features are in DIR/data */
		char sub[4096];
		int fd;

		snprintf(sub, sizeof(sub), "%s/data", path);
		fd = open(sub, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ret = -errno;
			snprintf(err, errsz, "is a directory without a 'data' file");
			return ret;
		}
		close(in->fd);
		in->fd = fd;
		in->dir = true;
		if (fstat(in->fd, &st) < 0) {
			ret = -errno;
			snprintf(err, errsz, "cannot stat: %s", strerror(errno));
			return ret;
		}
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "is a directory");
		return -EISDIR;
	}
	if (S_ISREG(st.st_mode) && lseek(in->fd, 0, SEEK_CUR) == 0) {
		if (st.st_size == 0) {
			snprintf(err, errsz, "file is empty");
			return -EINVAL;
		}
		ret = input__map(in, in->fd, st.st_size);
		if (ret)
			snprintf(err, errsz, "cannot map: %s", strerror(-ret));
		return ret;
	}

	/* Not mappable: look at the header to choose between streaming and buffering. */
	ret = read_full(in->fd, in->peek, sizeof(in->peek));
	if (ret < 0) {
		snprintf(err, errsz, "cannot read: %s", strerror(-ret));
		return ret;
	}
	in->npeek = ret;
	if (in->npeek == 0) {
		snprintf(err, errsz, "file is empty");
		return -EINVAL;
	}
	if (in->npeek == sizeof(ph)) {
		memcpy(&ph, in->peek, sizeof(ph));
		if ((ph.magic == KP_MAGIC2 && ph.size == sizeof(ph)) ||
		    (ph.magic == KP_MAGIC2_SWAPPED && ph.size == __builtin_bswap64(sizeof(ph)))) {
			in->stream = true;
			return 0;
		}
	}
	return input__buffer(in, err, errsz);
}

#define STREAM_BUF (256 * 1024)

ssize_t kp_input__read(struct kp_input *in, void *buf, size_t n)
{
	size_t done = 0, k;
	ssize_t r;

	if (in->peek_pos < in->npeek) {
		k = in->npeek - in->peek_pos;
		if (k > n)
			k = n;
		memcpy(buf, in->peek + in->peek_pos, k);
		in->peek_pos += k;
		done = k;
	}
	if (!in->rbuf && done < n) {
		in->rbuf = malloc(STREAM_BUF);
		if (!in->rbuf)
			return -ENOMEM;
	}
	while (done < n) {
		if (in->rpos == in->rlen) {
			r = read(in->fd, in->rbuf, STREAM_BUF);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				return -errno;
			}
			if (r == 0)
				break;
			in->rpos = 0;
			in->rlen = r;
		}
		k = in->rlen - in->rpos;
		if (k > n - done)
			k = n - done;
		memcpy((char *)buf + done, in->rbuf + in->rpos, k);
		in->rpos += k;
		done += k;
	}
	in->pos += done;
	return done;
}

void kp_input__close(struct kp_input *in)
{
	if (in->map)
		munmap(in->map, in->size);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->rbuf);
	in->rbuf = NULL;
	in->map = NULL;
	in->fd = -1;
}

int kp_input__map_file(const char *path, uint8_t **map, size_t *size)
{
	struct stat st;
	int fd, ret = 0;
	void *p;

	*map = NULL;
	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
	} else if (st.st_size) {
		p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			ret = -errno;
		} else {
			*map = p;
			*size = st.st_size;
		}
	}
	close(fd);
	return ret;
}
