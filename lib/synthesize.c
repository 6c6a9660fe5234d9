// SPDX-License-Identifier: GPL-2.0
/* Side-band records for processes that exist before recording starts, from /proc. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/synthesize.h"

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)
#define MAX_ID_SIZE 64

/* Room for the largest record built here: an MMAP2 with a PATH_MAX name and a trailer. */
union synth_buf {
	union perf_event event;
	struct perf_record_mmap2 mmap2;
	uint64_t align[(sizeof(struct perf_record_mmap2) + MAX_ID_SIZE) / 8 + 1];
};

static const char *synth__proc(const struct kp_synth *s)
{
	return s->proc ? s->proc : "/proc";
}

static int synth__emit(const struct kp_synth *s, union synth_buf *buf, size_t size)
{
	unsigned int id_size = s->id_size > MAX_ID_SIZE ? MAX_ID_SIZE : s->id_size;

	memset((char *)buf + size, 0, id_size);
	buf->event.header.size = size + id_size;
	return s->fn(s->arg, &buf->event);
}

int kp_synthesize__kernel_mmap(const struct kp_synth *s)
{
	uint64_t text = 0, etext = 0, addr;
	char line[512], sym[256], type;
	union synth_buf buf;
	struct perf_record_mmap *mm = &buf.event.mmap;
	static const char name[] = "[kernel.kallsyms]_text";
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kallsyms", synth__proc(s));
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, sym) != 3)
			continue;
		if (!strcmp(sym, "_text"))
			text = addr;
		else if (!strcmp(sym, "_etext"))
			etext = addr;
		if (text && etext)
			break;
	}
	fclose(f);
	if (!text || etext <= text)
		return 0;	/* addresses hidden: nothing to say */

	memset(&buf, 0, sizeof(buf));
	mm->header.type = PERF_RECORD_MMAP;
	mm->header.misc = PERF_RECORD_MISC_KERNEL;
	mm->pid = -1;
	mm->tid = 0;
	mm->start = text;
	mm->len = etext - text;
	mm->pgoff = text;
	memcpy(mm->filename, name, sizeof(name));
	return synth__emit(s, &buf,
			   offsetof(struct perf_record_mmap, filename) + ALIGN8(sizeof(name)));
}

struct proc_status {
	char name[16];
	pid_t tgid, ppid;
};

static int read_status(const struct kp_synth *s, pid_t pid, pid_t tid, struct proc_status *st)
{
	char path[PATH_MAX], line[256];
	FILE *f;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/%d/task/%d/status", synth__proc(s), pid, tid);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Name:", 5)) {
			char *p = line + 5;

			while (*p == ' ' || *p == '\t')
				p++;
			p[strcspn(p, "\n")] = 0;
			memcpy(st->name, p, strnlen(p, sizeof(st->name) - 1));
		} else if (!strncmp(line, "Tgid:", 5)) {
			st->tgid = atoi(line + 5);
		} else if (!strncmp(line, "PPid:", 5)) {
			st->ppid = atoi(line + 5);
		}
	}
	fclose(f);
	return st->tgid ? 0 : -ESRCH;
}

static int synth__comm(const struct kp_synth *s, pid_t pid, pid_t tid, const char *name)
{
	union synth_buf buf;
	struct perf_record_comm *c = &buf.event.comm;
	size_t len = strnlen(name, sizeof(c->comm) - 1) + 1;

	memset(&buf, 0, sizeof(buf));
	c->header.type = PERF_RECORD_COMM;
	c->pid = pid;
	c->tid = tid;
	memcpy(c->comm, name, len - 1);
	return synth__emit(s, &buf, offsetof(struct perf_record_comm, comm) + ALIGN8(len));
}

static int synth__fork(const struct kp_synth *s, pid_t pid, pid_t tid, pid_t ppid, pid_t ptid)
{
	union synth_buf buf;
	struct perf_record_fork *fk = &buf.event.fork;

	memset(&buf, 0, sizeof(buf));
	fk->header.type = PERF_RECORD_FORK;
	fk->pid = pid;
	fk->tid = tid;
	fk->ppid = ppid;
	fk->ptid = ptid;
	fk->time = 0;
	return synth__emit(s, &buf, sizeof(*fk));
}

int kp_synthesize__parse_maps_line(char *line, struct kp_maps_entry *e)
{
	char perms[5];
	int n = 0;
	char *name;

	memset(e, 0, sizeof(*e));
	line[strcspn(line, "\n")] = 0;
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 " %n", &e->start,
		   &e->end, perms, &e->pgoff, &e->maj, &e->min, &e->ino, &n) < 7 || !n ||
	    strlen(perms) != 4 || e->end <= e->start)
		return -EINVAL;
	name = line + n;
	while (*name == ' ')
		name++;
	e->name = *name ? name : "//anon";
	if (perms[0] == 'r')
		e->prot |= PROT_READ;
	if (perms[1] == 'w')
		e->prot |= PROT_WRITE;
	if (perms[2] == 'x')
		e->prot |= PROT_EXEC;
	e->flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
	return 0;
}

static int synth__mmaps(const struct kp_synth *s, pid_t pid, pid_t tid)
{
	char path[PATH_MAX], line[PATH_MAX + 128];
	struct kp_maps_entry e;
	union synth_buf buf;
	struct perf_record_mmap2 *mm = &buf.mmap2;
	int err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/maps", synth__proc(s), pid);
	f = fopen(path, "r");
	if (!f)
		return 0;	/* gone, or not ours to read */
	while (!err && fgets(line, sizeof(line), f)) {
		size_t len;

		if (kp_synthesize__parse_maps_line(line, &e) || !(e.prot & PROT_EXEC))
			continue;
		len = strnlen(e.name, PATH_MAX - 1) + 1;
		memset(&buf, 0, offsetof(struct perf_record_mmap2, filename));
		mm->header.type = PERF_RECORD_MMAP2;
		mm->header.misc = PERF_RECORD_MISC_USER;
		mm->pid = pid;
		mm->tid = tid;
		mm->start = e.start;
		mm->len = e.end - e.start;
		mm->pgoff = e.pgoff;
		mm->maj = e.maj;
		mm->min = e.min;
		mm->ino = e.ino;
		mm->ino_generation = 0;
		mm->prot = e.prot;
		mm->flags = e.flags;
		memcpy(mm->filename, e.name, len - 1);
		memset(mm->filename + len - 1, 0, ALIGN8(len) - (len - 1));
		err = synth__emit(s, &buf, offsetof(struct perf_record_mmap2, filename) + ALIGN8(len));
	}
	fclose(f);
	return err;
}

int kp_synthesize__comm(const struct kp_synth *s, pid_t pid)
{
	struct proc_status st;

	if (read_status(s, pid, pid, &st))
		return 0;
	return synth__comm(s, st.tgid, pid, st.name);
}

int kp_synthesize__thread(const struct kp_synth *s, pid_t tid)
{
	struct proc_status st;
	int err;

	/* /proc/TID/task/TID works for any thread id, not only a process's. */
	if (read_status(s, tid, tid, &st))
		return 0;
	err = synth__comm(s, st.tgid, tid, st.name);
	if (!err)
		err = synth__mmaps(s, st.tgid, tid);
	return err;
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

/* The numeric entries of a /proc directory, sorted; *@nr receives the count. */
static int list_pids(const char *path, pid_t **pids, int *nr)
{
	struct dirent *d;
	pid_t *arr = NULL, *tmp;
	int n = 0, alloc = 0;
	DIR *dir = opendir(path);

	*pids = NULL;
	*nr = 0;
	if (!dir)
		return -errno;
	while ((d = readdir(dir)) != NULL) {
		if (!is_number(d->d_name))
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			tmp = realloc(arr, alloc * sizeof(*arr));
			if (!tmp) {
				free(arr);
				closedir(dir);
				return -ENOMEM;
			}
			arr = tmp;
		}
		arr[n++] = atoi(d->d_name);
	}
	closedir(dir);
	qsort(arr, n, sizeof(*arr), cmp_pid);
	*pids = arr;
	*nr = n;
	return 0;
}

int kp_synthesize__process(const struct kp_synth *s, pid_t pid)
{
	char path[PATH_MAX];
	struct proc_status st;
	pid_t *tids;
	int nr, err;
	bool leader_seen = false;

	snprintf(path, sizeof(path), "%s/%d/task", synth__proc(s), pid);
	err = list_pids(path, &tids, &nr);
	if (err)
		return err == -ENOMEM ? err : 0;
	for (int i = 0; i < nr && !err; i++) {
		if (read_status(s, pid, tids[i], &st))
			continue;	/* the thread exited meanwhile */
		if (tids[i] == st.tgid) {
			err = synth__fork(s, st.tgid, tids[i], st.ppid, st.ppid);
			leader_seen = true;
		} else {
			err = synth__fork(s, st.tgid, tids[i], st.tgid, st.tgid);
		}
		if (!err)
			err = synth__comm(s, st.tgid, tids[i], st.name);
	}
	free(tids);
	if (!err && leader_seen)
		err = synth__mmaps(s, pid, pid);
	return err;
}

int kp_synthesize__all(const struct kp_synth *s)
{
	pid_t *pids;
	int nr, err;

	err = list_pids(synth__proc(s), &pids, &nr);
	if (err)
		return err;
	for (int i = 0; i < nr && !err; i++)
		err = kp_synthesize__process(s, pids[i]);
	free(pids);
	return err;
}
