// SPDX-License-Identifier: GPL-2.0
/*
 * The machine: threads, maps and DSOs rebuilt from side-band records with
 * perf 6.1's rules (tools/perf/util/machine.c is the reference read, not
 * copied), so that samples resolve to the same (comm, dso, symbol).
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "lib/dso.h"
#include "lib/kallsyms.h"
#include "lib/machine.h"
#include "lib/map.h"
#include "lib/thread.h"

#define KERNEL_MMAP_NAME "[kernel.kallsyms]"

struct kp_machine {
	struct kp_machine_opts opts;
	struct kp_threads threads;
	struct kp_dsos dsos;
	struct kp_map_pool pool;
	struct kp_maps *kmaps;
	struct kp_map *kernel_map;
	char ref_name[64];		/* "_text" from "[kernel.kallsyms]_text" */
	uint64_t ref_addr;		/* its address at record time (the MMAP's pgoff) */
};

static enum kp_dso_kind dso_kind_for(const char *name, int kernel)
{
	if (!strcmp(name, "[vdso]"))
		return KP_DSO_VDSO;
	if (!strncmp(name, "/tmp/perf-", 10))
		return KP_DSO_PERF_MAP;
	if (kernel)
		return strncmp(name, KERNEL_MMAP_NAME, sizeof(KERNEL_MMAP_NAME) - 2) ?
			       KP_DSO_MODULE : KP_DSO_KERNEL;
	return KP_DSO_USER;
}

int kp_machine__new(struct kp_machine **machine, const struct kp_machine_opts *opts)
{
	struct kp_machine *m = calloc(1, sizeof(*m));
	uint32_t i;

	*machine = NULL;
	if (!m)
		return -ENOMEM;
	if (opts)
		m->opts = *opts;
	kp_threads__init(&m->threads);
	kp_dsos__init(&m->dsos);
	m->kmaps = kp_maps__new();
	if (!m->kmaps)
		goto out_enomem;
	/* build ids from the file's BUILD_ID feature: host kernel and user DSOs */
	for (i = 0; m->opts.env && i < m->opts.env->nr_build_ids; i++) {
		const struct kp_build_id *b = &m->opts.env->build_ids[i];
		int cpumode = b->misc & PERF_RECORD_MISC_CPUMODE_MASK;
		int kernel = cpumode == PERF_RECORD_MISC_KERNEL;
		struct kp_dso *dso;

		if (!b->filename || (cpumode != PERF_RECORD_MISC_KERNEL &&
				     cpumode != PERF_RECORD_MISC_USER))
			continue;
		dso = kp_dsos__findnew(&m->dsos, b->filename, dso_kind_for(b->filename, kernel));
		if (!dso)
			goto out_enomem;
		kp_dso__set_build_id(dso, b->id, b->size);
		dso->header_build_id = true;
	}
	*machine = m;
	return 0;
out_enomem:
	kp_machine__delete(m);
	return -ENOMEM;
}

void kp_machine__delete(struct kp_machine *m)
{
	if (!m)
		return;
	kp_threads__exit(&m->threads);
	kp_maps__put(m->kmaps);
	kp_map_pool__exit(&m->pool);
	kp_dsos__exit(&m->dsos);
	free(m);
}

/* --- threads ---------------------------------------------------------------- */

static struct kp_thread *machine__findnew_thread(struct kp_machine *m, pid_t pid, pid_t tid);

/* A thread first seen without its pid learns it later: then it shares the leader's maps. */
static int machine__update_thread_pid(struct kp_machine *m, struct kp_thread *t, pid_t pid)
{
	struct kp_thread *leader;

	if (pid == t->pid || pid == -1 || t->pid != -1)
		return 0;
	t->pid = pid;
	if (t->pid == t->tid)
		return 0;
	leader = machine__findnew_thread(m, pid, pid);
	if (!leader)
		return -ENOMEM;
	if (t->maps == leader->maps)
		return 0;
	kp_maps__put(t->maps);
	t->maps = kp_maps__get(leader->maps);
	return 0;
}

static struct kp_thread *machine__findnew_thread(struct kp_machine *m, pid_t pid, pid_t tid)
{
	struct kp_thread *t = kp_threads__find(&m->threads, tid), *leader;

	if (t) {
		if (machine__update_thread_pid(m, t, pid))
			return NULL;
		return t;
	}
	t = kp_threads__add(&m->threads, pid, tid);
	if (!t)
		return NULL;
	if (pid == tid || pid == -1) {
		t->maps = kp_maps__new();
	} else {
		leader = machine__findnew_thread(m, pid, pid);
		t->maps = leader ? kp_maps__get(leader->maps) : NULL;
	}
	if (!t->maps) {
		kp_threads__remove(&m->threads, t);
		return NULL;
	}
	return t;
}

static int machine__process_comm(struct kp_machine *m, const union perf_event *ev)
{
	size_t off = offsetof(struct perf_record_comm, comm);
	struct kp_thread *t;

	/* the name must end inside the record */
	if (ev->header.size <= off || !memchr(ev->comm.comm, '\0', ev->header.size - off))
		return 0;
	t = machine__findnew_thread(m, ev->comm.pid, ev->comm.tid);
	if (!t)
		return -ENOMEM;
	return kp_thread__set_comm(&m->threads, t, ev->comm.comm);
}

static int machine__process_fork(struct kp_machine *m, const union perf_event *ev)
{
	struct kp_thread *t = kp_threads__find(&m->threads, ev->fork.tid), *parent;
	bool clone_maps = !(ev->header.misc & PERF_RECORD_MISC_FORK_EXEC);
	int err;

	if (t && machine__update_thread_pid(m, t, ev->fork.pid))
		return -ENOMEM;
	parent = machine__findnew_thread(m, ev->fork.ppid, ev->fork.ptid);
	if (!parent)
		return -ENOMEM;
	if (parent->pid != (pid_t)ev->fork.ppid) {
		/* not really the parent (a lost or reordered FORK): start again */
		kp_threads__remove(&m->threads, parent);
		if (parent == t)
			t = NULL;
		parent = machine__findnew_thread(m, ev->fork.ppid, ev->fork.ptid);
		if (!parent)
			return -ENOMEM;
	}
	/* a thread already known under this tid is a previous user of the tid */
	if (t)
		kp_threads__remove(&m->threads, t);
	t = machine__findnew_thread(m, ev->fork.pid, ev->fork.tid);
	if (!t)
		return -ENOMEM;
	if (parent->comm_set) {
		err = kp_thread__set_comm(&m->threads, t, parent->comm);
		if (err)
			return err;
	}
	t->ppid = parent->tid;
	/* a new thread shares its process's maps; a new process gets a copy */
	if (t->pid == parent->pid || t->maps == parent->maps || !clone_maps)
		return 0;
	return kp_maps__clone(t->maps, parent->maps, &m->pool);
}

static int machine__process_exit(struct kp_machine *m, const union perf_event *ev)
{
	struct kp_thread *t = kp_threads__find(&m->threads, ev->fork.tid);

	if (t) {
		t->dead = true;
		return machine__update_thread_pid(m, t, ev->fork.pid);
	}
	return 0;
}

/* --- maps ------------------------------------------------------------------- */

struct mmap_info {
	uint64_t start, len, pgoff;
	uint32_t pid, tid, prot, flags;
	const char *filename;
	const uint8_t *build_id;
	int build_id_size;
};

/* "/lib/modules/.../foo-bar.ko.xz" -> "[foo_bar]" (perf's kmod_path__parse_name) */
static void module_short_name(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t i, n;

	base = base ? base + 1 : path;
	if (base[0] == '[') {
		snprintf(buf, size, "%.*s", (int)(size - 1), base);
		return;
	}
	n = strcspn(base, ".");
	if (n > size - 3)
		n = size - 3;
	snprintf(buf, size, "[%.*s]", (int)n, base);
	for (i = 1; buf[i]; i++)
		if (buf[i] == '-')
			buf[i] = '_';
}

static int machine__kernel_mmap(struct kp_machine *m, const struct mmap_info *xm)
{
	bool is_kernel = !strncmp(xm->filename, KERNEL_MMAP_NAME, sizeof(KERNEL_MMAP_NAME) - 2);
	struct kp_dso *dso;
	struct kp_map *map;

	if (xm->filename[0] == '/' || (!is_kernel && xm->filename[0] == '[')) {
		char name[256];

		dso = kp_dsos__findnew(&m->dsos, xm->filename, KP_DSO_MODULE);
		if (!dso)
			return -ENOMEM;
		if (dso->short_name == dso->long_name ||
		    (dso->short_name > dso->long_name &&
		     dso->short_name <= dso->long_name + strlen(dso->long_name))) {
			char *s;

			module_short_name(xm->filename, name, sizeof(name));
			s = strdup(name);
			if (!s)
				return -ENOMEM;
			dso->short_name = s;
		}
		map = kp_map__new(&m->pool, xm->start, xm->start + xm->len, 0, dso);
		if (!map)
			return -ENOMEM;
		if (xm->build_id_size)
			kp_dso__set_build_id(dso, xm->build_id, xm->build_id_size);
		return kp_maps__add(m->kmaps, map);
	}
	if (!is_kernel)
		return 0;
	dso = kp_dsos__findnew(&m->dsos, KERNEL_MMAP_NAME, KP_DSO_KERNEL);
	if (!dso)
		return -ENOMEM;
	map = kp_map__new(&m->pool, xm->start, xm->start + xm->len, 0, dso);
	if (!map)
		return -ENOMEM;
	map->identity = true;
	if (xm->start == 0 && xm->len == 0)
		map->end = ~0ULL;
	if (m->kernel_map)
		kp_maps__remove(m->kmaps, m->kernel_map);
	m->kernel_map = map;
	if (xm->build_id_size)
		kp_dso__set_build_id(dso, xm->build_id, xm->build_id_size);
	if (xm->pgoff) {
		snprintf(m->ref_name, sizeof(m->ref_name), "%s",
			 xm->filename + sizeof(KERNEL_MMAP_NAME) - 1);
		m->ref_addr = xm->pgoff;
	}
	return kp_maps__add(m->kmaps, map);
}

static bool is_anon_memory(const char *name, uint32_t flags)
{
	return !strcmp(name, "//anon") || !strncmp(name, "/dev/zero", 9) ||
	       !strncmp(name, "/anon_hugepage", 14) || (flags & MAP_HUGETLB);
}

static bool is_no_dso_memory(const char *name)
{
	return !strncmp(name, "[stack", 6) || !strncmp(name, "/SYSV", 5) || !strcmp(name, "[heap]");
}

static int machine__user_mmap(struct kp_machine *m, const struct mmap_info *xm)
{
	struct kp_thread *t = machine__findnew_thread(m, xm->pid, xm->tid);
	const char *name = xm->filename;
	bool anon = is_anon_memory(name, xm->flags), no_dso = is_no_dso_memory(name);
	uint64_t pgoff = xm->pgoff;
	enum kp_dso_kind kind = KP_DSO_USER;
	char jit[64];
	struct kp_dso *dso;
	struct kp_map *map;

	if (!t)
		return -ENOMEM;
	if ((anon || no_dso) && (xm->prot & PROT_EXEC)) {
		snprintf(jit, sizeof(jit), "/tmp/perf-%d.map", t->pid);
		name = jit;
		kind = KP_DSO_PERF_MAP;
	} else if (anon || no_dso) {
		kind = KP_DSO_NO_FILE;
	} else if (!strcmp(name, "[vdso]")) {
		kind = KP_DSO_VDSO;
		pgoff = 0;
	}
	dso = kp_dsos__findnew(&m->dsos, name, kind);
	if (!dso)
		return -ENOMEM;
	if (kind == KP_DSO_NO_FILE)
		dso->loaded = true;
	map = kp_map__new(&m->pool, xm->start, xm->start + xm->len, pgoff, dso);
	if (!map)
		return -ENOMEM;
	map->prot = xm->prot;
	map->flags = xm->flags;
	map->identity = anon || no_dso;
	if (xm->build_id_size)
		kp_dso__set_build_id(dso, xm->build_id, xm->build_id_size);
	return kp_maps__insert(t->maps, map, &m->pool);
}

static int machine__process_mmap(struct kp_machine *m, const union perf_event *ev)
{
	int cpumode = ev->header.misc & PERF_RECORD_MISC_CPUMODE_MASK;
	struct mmap_info xm = { 0 };

	if (ev->header.type == PERF_RECORD_MMAP) {
		xm.start = ev->mmap.start;
		xm.len = ev->mmap.len;
		xm.pgoff = ev->mmap.pgoff;
		xm.pid = ev->mmap.pid;
		xm.tid = ev->mmap.tid;
		xm.prot = ev->header.misc & PERF_RECORD_MISC_MMAP_DATA ? 0 : PROT_EXEC;
		xm.filename = ev->mmap.filename;
		if (ev->header.size < offsetof(struct perf_record_mmap, filename) + 1)
			return 0;
	} else {
		xm.start = ev->mmap2.start;
		xm.len = ev->mmap2.len;
		xm.pgoff = ev->mmap2.pgoff;
		xm.pid = ev->mmap2.pid;
		xm.tid = ev->mmap2.tid;
		xm.prot = ev->mmap2.prot;
		xm.flags = ev->mmap2.flags;
		xm.filename = ev->mmap2.filename;
		if (ev->header.size < offsetof(struct perf_record_mmap2, filename) + 1)
			return 0;
		if (ev->header.misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
			xm.build_id = ev->mmap2.build_id;
			xm.build_id_size = ev->mmap2.build_id_size > KP_BUILD_ID_SIZE ?
						   KP_BUILD_ID_SIZE : ev->mmap2.build_id_size;
		}
	}
	/* the name must end inside the record */
	if (!memchr(xm.filename, '\0', (const char *)ev + ev->header.size - xm.filename))
		return 0;
	if (cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL)
		return cpumode == PERF_RECORD_MISC_KERNEL ? machine__kernel_mmap(m, &xm) : 0;
	return machine__user_mmap(m, &xm);
}

int kp_machine__process_event(struct kp_machine *m, const union perf_event *event,
			      const struct kp_sample *sample)
{
	switch (event->header.type) {
	case PERF_RECORD_COMM:
		return machine__process_comm(m, event);
	case PERF_RECORD_FORK:
		if (event->header.size < offsetof(struct perf_record_fork, time))
			return 0;
		return machine__process_fork(m, event);
	case PERF_RECORD_EXIT:
		if (event->header.size < offsetof(struct perf_record_fork, time))
			return 0;
		return machine__process_exit(m, event);
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		return machine__process_mmap(m, event);
	default:
		return 0;
	}
}

/* --- symbols ---------------------------------------------------------------- */

static bool file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Which kallsyms describes the recorded kernel (perf's dso__find_kallsyms, without kcore). */
static const char *machine__kallsyms_path(struct kp_machine *m, struct kp_dso *kernel,
					  char *buf, size_t size)
{
	uint8_t id[KP_BUILD_ID_SIZE];
	char dir[4096], hex[KP_BUILD_ID_HEX_SIZE];
	int n;

	if (m->opts.kallsyms)
		return m->opts.kallsyms;
	if (!kernel->build_id_size)
		return "/proc/kallsyms";
	n = kp_build_id__read_kernel(id);
	if (n == kernel->build_id_size && !memcmp(id, kernel->build_id, n))
		return "/proc/kallsyms";
	kp_build_id__hex(kernel->build_id, kernel->build_id_size, hex);
	snprintf(buf, size, "%s/" KERNEL_MMAP_NAME "/%s/kallsyms", kp_buildid_dir(dir, sizeof(dir)),
		 hex);
	return file_exists(buf) ? buf : NULL;
}

static void machine__load_kernel(struct kp_machine *m)
{
	struct kp_map *map = m->kernel_map;
	struct kp_dso *kernel = map ? map->dso : NULL;
	const struct kp_symbol *first, *last;
	const char *path;
	char buf[4200];
	int ret;

	if (!kernel || kernel->loaded)
		return;
	kernel->loaded = true;
	path = machine__kallsyms_path(m, kernel, buf, sizeof(buf));
	if (!path) {
		kernel->load_err = -ENOENT;
		return;
	}
	ret = kp_kallsyms__load(kernel, path, m->kmaps, m->ref_name, m->ref_addr);
	if (ret <= 0) {
		kernel->load_err = ret < 0 ? ret : -ENOENT;
		return;
	}
	/* perf's map__fixup_start/end: the kernel map now spans its symbols */
	first = kp_symtab__first(&kernel->symtab);
	last = kp_symtab__last(&kernel->symtab);
	if (first && last) {
		map->start = first->start;
		map->end = last->end;
		kp_maps__sort(m->kmaps);
	}
}

static void machine__load_map(struct kp_machine *m, struct kp_map *map)
{
	struct kp_dso *dso = map->dso;

	if (dso->loaded)
		return;
	if (dso->kind == KP_DSO_KERNEL || dso->kind == KP_DSO_MODULE) {
		/* module symbols come from the kernel's kallsyms */
		machine__load_kernel(m);
		dso->loaded = true;
		return;
	}
	kp_dso__load(dso);
}

int kp_machine__resolve_addr(struct kp_machine *m, struct kp_thread *thread, uint8_t cpumode,
			     uint64_t addr, unsigned int flags, struct kp_addr_location *al)
{
	const struct kp_maps *maps;
	struct kp_map *map;

	memset(al, 0, sizeof(*al));
	al->thread = thread;
	al->addr = addr;
	al->map_addr = addr;
	al->cpumode = cpumode;
	switch (cpumode) {
	case PERF_RECORD_MISC_KERNEL:
		al->level = 'k';
		maps = m->kmaps;
		break;
	case PERF_RECORD_MISC_USER:
		al->level = '.';
		maps = thread->maps;
		break;
	default:
		/* guests are not followed (perf report without --guest) */
		al->level = 'H';
		return 0;
	}
	map = kp_maps__find(maps, addr);
	if (!map)
		return 0;
	if (cpumode == PERF_RECORD_MISC_KERNEL)
		machine__load_map(m, map);	/* may move the kernel map: perf does the same */
	al->map = map;
	al->dso = map->dso;
	al->map_addr = kp_map__map_ip(map, addr);
	map->dso->hit = true;
	if (flags & KP_RESOLVE_NO_SYM || m->opts.no_symbols)
		return 0;
	machine__load_map(m, map);
	al->sym = kp_symtab__find(&map->dso->symtab, al->map_addr);
	return 0;
}

int kp_machine__resolve(struct kp_machine *m, const struct kp_sample *sample, unsigned int flags,
			struct kp_addr_location *al)
{
	pid_t pid = sample->has_tid ? (pid_t)sample->pid : -1;
	pid_t tid = sample->has_tid ? (pid_t)sample->tid : -1;
	struct kp_thread *t = machine__findnew_thread(m, pid, tid);

	if (!t)
		return -ENOMEM;
	return kp_machine__resolve_addr(m, t, sample->misc & PERF_RECORD_MISC_CPUMODE_MASK,
					sample->ip, flags, al);
}

int kp_machine__for_each_dso(struct kp_machine *m, int (*fn)(struct kp_dso *dso, void *arg),
			     void *arg)
{
	struct kp_dso *dso;
	int ret;

	for (dso = m->dsos.head; dso; dso = dso->next) {
		ret = fn(dso, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* --- accessors -------------------------------------------------------------- */

pid_t kp_thread__pid(const struct kp_thread *thread)
{
	return thread->pid;
}

pid_t kp_thread__tid(const struct kp_thread *thread)
{
	return thread->tid;
}

const char *kp_thread__comm(const struct kp_thread *thread)
{
	return thread->comm;
}

const char *kp_dso__short_name(const struct kp_dso *dso)
{
	return dso->short_name;
}

const char *kp_dso__long_name(const struct kp_dso *dso)
{
	return dso->long_name;
}

bool kp_dso__is_kernel(const struct kp_dso *dso)
{
	return dso->kind == KP_DSO_KERNEL || dso->kind == KP_DSO_MODULE;
}

bool kp_dso__hit(const struct kp_dso *dso)
{
	return dso->hit;
}

int kp_dso__build_id(struct kp_dso *dso, uint8_t id[20])
{
	int n;

	if (!dso->build_id_size) {
		switch (dso->kind) {
		case KP_DSO_KERNEL:
			n = kp_build_id__read_kernel(id);
			break;
		case KP_DSO_USER:
		case KP_DSO_MODULE:
			n = kp_build_id__read_file(dso->long_name, id);
			break;
		case KP_DSO_VDSO:
			n = kp_vdso__build_id_self(id);
			break;
		default:
			n = -ENOENT;
		}
		if (n <= 0)
			return n < 0 ? n : -ENOENT;
		kp_dso__set_build_id(dso, id, n);
	}
	memcpy(id, dso->build_id, dso->build_id_size);
	return dso->build_id_size;
}
