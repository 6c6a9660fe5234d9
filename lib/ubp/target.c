// SPDX-License-Identifier: GPL-2.0
/* The breakpoint engine's view of a target: memory, maps, auxv, injected syscalls, refusals. */
#include <elf.h>
#include <gelf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "lib/ubp/ubp-int.h"

int ubp_mem__read(int fd, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len, (off_t)addr);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int ubp_mem__write(int fd, uint64_t addr, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, (off_t)addr);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

struct maps_line {
	uint64_t start, end, pgoff;
	char path[4096];
};

static int maps__next(FILE *f, struct maps_line *m)
{
	char line[4200];

	if (!fgets(line, sizeof(line), f))
		return 0;
	m->path[0] = 0;
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %4095[^\n]", &m->start,
		   &m->end, &m->pgoff, m->path) < 3)
		m->path[0] = 0;
	return 1;
}

static FILE *maps__open(pid_t pid)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/maps", (int)pid);
	return fopen(p, "re");
}

int ubp_maps__read(struct ubp_maps *m, pid_t pid)
{
	struct maps_line *l = malloc(sizeof(*l));
	int ret = 0;
	FILE *f;

	m->v = NULL;
	m->nr = 0;
	if (!l)
		return -ENOMEM;
	f = maps__open(pid);
	if (!f) {
		free(l);
		return -errno;
	}
	while (maps__next(f, l)) {
		char *p = l->path;
		struct ubp_map *v;

		while (*p == ' ')
			p++;
		if (*p != '/')
			continue;
		v = realloc(m->v, (m->nr + 1) * sizeof(*v));
		if (!v) {
			ret = -ENOMEM;
			break;
		}
		m->v = v;
		v[m->nr] = (struct ubp_map){ .start = l->start, .end = l->end, .pgoff = l->pgoff,
					     .path = strdup(p) };
		if (!v[m->nr].path) {
			ret = -ENOMEM;
			break;
		}
		m->nr++;
	}
	fclose(f);
	free(l);
	if (ret)
		ubp_maps__exit(m);
	return ret;
}

uint64_t ubp_maps__lookup(const struct ubp_maps *m, const char *path, uint64_t offset)
{
	for (int i = 0; i < m->nr; i++) {
		const struct ubp_map *v = &m->v[i];

		if (offset < v->pgoff || offset >= v->pgoff + (v->end - v->start) ||
		    strcmp(v->path, path))
			continue;
		return v->start + (offset - v->pgoff);
	}
	return 0;
}

void ubp_maps__exit(struct ubp_maps *m)
{
	for (int i = 0; i < m->nr; i++)
		free(m->v[i].path);
	free(m->v);
	m->v = NULL;
	m->nr = 0;
}

#define GAP_MIN		0x10000ULL		/* vm.mmap_min_addr */
#define GAP_MAX		0x7ffffffff000ULL	/* the top of user space */
#define GAP_REACH	(1ULL << 30)

static void gap__try(uint64_t gs, uint64_t ge, uint64_t near, uint64_t size, uint64_t *best,
		     uint64_t *best_dist)
{
	uint64_t cand, dist;

	gs = gs < GAP_MIN ? GAP_MIN : gs;
	ge = ge > GAP_MAX ? GAP_MAX : ge;
	/* Leave a page free on each side: no accidental merge with a neighbour. */
	if (ge <= gs || ge - gs < size + 2 * 4096)
		return;
	gs += 4096;
	ge -= 4096;
	if (near < gs)
		cand = gs;
	else if (near >= ge - size)
		cand = ge - size;
	else
		cand = near & ~4095ULL;
	dist = cand > near ? cand - near : near - cand;
	if (dist < GAP_REACH && dist < *best_dist) {
		*best = cand;
		*best_dist = dist;
	}
}

uint64_t ubp_maps__find_gap(pid_t pid, uint64_t near, uint64_t size)
{
	struct maps_line *m = malloc(sizeof(*m));
	uint64_t prev_end = 0, best = 0, best_dist = UINT64_MAX;
	FILE *f;

	if (!m)
		return 0;
	f = maps__open(pid);
	while (f && maps__next(f, m)) {
		gap__try(prev_end, m->start, near, size, &best, &best_dist);
		if (m->end > prev_end)
			prev_end = m->end;
	}
	if (f) {
		gap__try(prev_end, GAP_MAX, near, size, &best, &best_dist);
		fclose(f);
	}
	free(m);
	return best;
}

uint64_t ubp_auxv__get(pid_t pid, uint64_t type)
{
	uint64_t av[2], val = 0;
	char p[64];
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/auxv", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (read(fd, av, sizeof(av)) == sizeof(av) && av[0] != AT_NULL) {
		if (av[0] == type) {
			val = av[1];
			break;
		}
	}
	close(fd);
	return val;
}

long ubp_inject_syscall(pid_t tid, int mem_fd, long nr, const long args[6], int *sig)
{
	kp_ubp_regs saved, r;
	uint8_t text[sizeof(kp_ubp_syscall)];
	uint64_t pc;
	long ret;
	int status, err;

	if (ptrace(PTRACE_GETREGS, tid, NULL, &saved))
		return -errno;
	pc = kp_arch_ubp__pc(&saved);
	err = ubp_mem__read(mem_fd, pc, text, sizeof(text));
	if (!err)
		err = ubp_mem__write(mem_fd, pc, kp_ubp_syscall, sizeof(kp_ubp_syscall));
	if (err)
		return err;
	r = saved;
	kp_arch_ubp__set_syscall(&r, nr, args);
	if (ptrace(PTRACE_SETREGS, tid, NULL, &r)) {
		ret = -errno;
		goto out_text;
	}
	for (;;) {
		if (ptrace(PTRACE_SINGLESTEP, tid, NULL, NULL) ||
		    waitpid(tid, &status, __WALL) != tid) {
			ret = -errno;
			goto out_regs;
		}
		if (!WIFSTOPPED(status)) {
			ret = -ESRCH;
			goto out_text;
		}
		if (WSTOPSIG(status) == SIGTRAP)
			break;
		if (!(status >> 16))		/* a signal for the target: keep it for later */
			*sig = WSTOPSIG(status);
	}
	if (ptrace(PTRACE_GETREGS, tid, NULL, &r)) {
		ret = -errno;
		goto out_regs;
	}
	/*
	 * Stepped out of a syscall stop (an exec event), the trap comes before
	 * any instruction ran, and the syscall's return clobbered the number:
	 * nothing ran, say so rather than return a register's junk.
	 */
	if (kp_arch_ubp__pc(&r) != pc + sizeof(kp_ubp_syscall)) {
		ret = -EAGAIN;
		goto out_regs;
	}
	ret = kp_arch_ubp__syscall_ret(&r);
out_regs:
	ptrace(PTRACE_SETREGS, tid, NULL, &saved);
out_text:
	ubp_mem__write(mem_fd, pc, text, sizeof(text));
	return ret;
}

long ubp_proc__status(pid_t pid, const char *key)
{
	char p[64], line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	f = fopen(p, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

void kp_ubp__attach_strerror(pid_t pid, int errnum, char *buf, size_t size)
{
	long uid = ubp_proc__status(pid, "Uid"), tracer = ubp_proc__status(pid, "TracerPid");
	int scope = -1;
	FILE *f;

	if (errnum == ESRCH || uid < 0) {
		snprintf(buf, size, "cannot attach to process %d: no such process", (int)pid);
		return;
	}
	f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	if (f) {
		if (fscanf(f, "%d", &scope) != 1)
			scope = -1;
		fclose(f);
	}
	if (tracer > 0)
		snprintf(buf, size, "cannot attach to process %d: it is already traced by process "
			 "%ld", (int)pid, tracer);
	else if (errnum == EPERM && (uid_t)uid != geteuid() && geteuid() != 0)
		snprintf(buf, size, "cannot attach to process %d: it belongs to another user "
			 "(uid %ld)", (int)pid, uid);
	else if (errnum == EPERM && scope >= 1 && geteuid() != 0)
		snprintf(buf, size, "cannot attach to process %d: kernel.yama.ptrace_scope is %d "
			 "(only descendants%s can be traced)", (int)pid, scope,
			 scope == 1 ? " or processes that allow it" : "");
	else
		snprintf(buf, size, "cannot attach to process %d: %s", (int)pid, strerror(errnum));
}

/* The value of symbol @name in the ELF file @path (.dynsym, then .symtab); 0: none. */
uint64_t ubp_elf__sym(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t val = 0;
	Elf_Scn *scn = NULL;
	Elf *elf;

	if (fd < 0)
		return 0;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	for (int pass = 0; elf && pass < 2 && !val; pass++) {
		scn = NULL;
		while (!val && (scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			Elf_Data *data;

			if (!gelf_getshdr(scn, &sh) ||
			    sh.sh_type != (pass ? SHT_SYMTAB : SHT_DYNSYM) || !sh.sh_entsize)
				continue;
			data = elf_getdata(scn, NULL);
			for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym sym;
				const char *n;

				if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
					continue;
				n = elf_strptr(elf, sh.sh_link, sym.st_name);
				if (n && !strcmp(n, name)) {
					val = sym.st_value;
					break;
				}
			}
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return val;
}
