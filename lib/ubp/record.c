// SPDX-License-Identifier: GPL-2.0
/*
 * `kprof record --engine=ptrace`: every hit of the breakpoint engine becomes a
 * PERF_RECORD_SAMPLE of its probe's event.  Nothing in the kernel writes the
 * side-band records here, so they are synthesized from /proc the first time a
 * thread hits (FORK, COMM, MMAP2 of the process, lib/synthesize.c), and again
 * when a hit falls outside the maps said so far (exec, dlopen).  Those
 * records carry the hit's time in their sample_id trailer: the file is in time
 * order, which lets rounds be closed as it goes.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <linux/hw_breakpoint.h>

#include "arch-ubp.h"		/* arch/<arch>/arch-ubp.h */
#include "lib/build-id.h"
#include "lib/env.h"
#include "lib/feature-misses.h"
#include "lib/probe/resolve.h"
#include "lib/sample.h"
#include "lib/synthesize.h"
#include "lib/ubp/record.h"
#include "lib/ubp/ubp.h"
#include "lib/writer.h"
#include "regs.h"		/* arch/<arch>/regs.h */

#define UBP_REC_ROUND	4096	/* samples between FINISHED_ROUND records */
#define UBP_REC_STACK	127	/* frames of a -g stack (kernel.perf_event_max_stack) */

/* An executable mapping said with an MMAP2. */
struct ubp_rec_map {
	pid_t pid;
	uint64_t start, end;
	char *path;
};

struct ubp_rec {
	const struct kp_record_opts *opts;
	struct kp_record_stats *st;
	char *err;
	size_t errsz;
	struct kp_writer *writer;
	struct kp_env env;
	struct perf_event_attr attr;	/* every probe's (the first also tracks) */
	const struct kp_probe_set *set;
	pid_t *tids;			/* threads said with a COMM */
	int nr_tids, last_tid;
	struct ubp_rec_map *maps;
	int nr_maps, last_map;
	bool *hit_probe;		/* per probe: had a sample (its file's build id is written) */
	uint64_t synth_time;		/* the sample_id time of synthesized records */
	uint64_t *buf;			/* one sample */
	size_t buf_words;
	unsigned int round;
	int write_err;
};

static int rec__write(struct ubp_rec *r, union perf_event *ev)
{
	int err;

	if (r->write_err)
		return r->write_err;
	err = kp_writer__write_event(r->writer, ev);
	if (err) {
		r->write_err = err;
		if (!strcmp(r->opts->output, "-"))
			snprintf(r->err, r->errsz, "cannot write standard output: %s",
				 strerror(-err));
		else
			snprintf(r->err, r->errsz, "cannot write '%s': %s", r->opts->output,
				 strerror(-err));
		return err;
	}
	r->st->records++;
	return 0;
}

static int rec__note_tid(struct ubp_rec *r, pid_t tid)
{
	pid_t *t;

	for (int i = 0; i < r->nr_tids; i++)
		if (r->tids[i] == tid)
			return 0;
	t = realloc(r->tids, (r->nr_tids + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	r->tids = t;
	t[r->nr_tids++] = tid;
	return 0;
}

static int rec__note_map_path(struct ubp_rec *r, const struct perf_record_mmap2 *mm,
			      const char *path)
{
	struct ubp_rec_map *m = realloc(r->maps, (r->nr_maps + 1) * sizeof(*m));

	if (!m)
		return -ENOMEM;
	r->maps = m;
	m = &m[r->nr_maps];
	*m = (struct ubp_rec_map){ .pid = mm->pid, .start = mm->start, .end = mm->start + mm->len,
				   .path = strdup(path) };
	if (!m->path)
		return -ENOMEM;
	r->nr_maps++;
	return 0;
}

static int rec__note_map(struct ubp_rec *r, const struct perf_record_mmap2 *mm)
{
	return rec__note_map_path(r, mm, mm->filename);
}

/* A synthesized record: its trailer gets the time, then it is noted and written. */
static int rec__synth_event(void *arg, union perf_event *ev)
{
	struct ubp_rec *r = arg;
	unsigned int id_size = kp_sample__id_size(&r->attr);
	uint64_t *trailer = (uint64_t *)((char *)ev + ev->header.size - id_size);
	int err = 0;

	/* The trailer: TID, TIME, CPU, IDENTIFIER (rec__attr's sample_type). */
	trailer[1] = r->synth_time;
	trailer[3] = 1;
	if (ev->header.type == PERF_RECORD_COMM) {
		trailer[0] = (uint32_t)ev->comm.pid | (uint64_t)(uint32_t)ev->comm.tid << 32;
		err = rec__note_tid(r, ev->comm.tid);
	} else if (ev->header.type == PERF_RECORD_MMAP2) {
		trailer[0] = (uint32_t)ev->mmap2.pid | (uint64_t)(uint32_t)ev->mmap2.tid << 32;
		err = rec__note_map(r, &ev->mmap2);
	} else if (ev->header.type == PERF_RECORD_FORK) {
		trailer[0] = (uint32_t)ev->fork.pid | (uint64_t)(uint32_t)ev->fork.tid << 32;
	}
	return err ? err : rec__write(r, ev);
}

static struct kp_synth rec__synth(struct ubp_rec *r)
{
	return (struct kp_synth){ .id_size = kp_sample__id_size(&r->attr),
				  .fn = rec__synth_event, .arg = r };
}

/*
 * dwarf: the file mappings that are not code too (as mmap_data has the kernel
 * say them), where unwinders look for .eh_frame_hdr.
 */
static int rec__data_mmaps(struct ubp_rec *r, pid_t pid)
{
	union {
		struct perf_record_mmap2 mm;
		uint64_t words[(sizeof(struct perf_record_mmap2) + 64) / 8 + 1];
	} *ev = malloc(sizeof(*ev));
	char path[64], line[PATH_MAX + 128];
	struct kp_maps_entry e;
	int err = 0;
	FILE *f;

	if (!ev)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	while (f && !err && fgets(line, sizeof(line), f)) {
		unsigned int id_size = kp_sample__id_size(&r->attr);
		size_t len, size;

		if (kp_synthesize__parse_maps_line(line, &e) || (e.prot & PROT_EXEC) ||
		    e.name[0] != '/')
			continue;
		len = strnlen(e.name, PATH_MAX - 1) + 1;
		size = offsetof(struct perf_record_mmap2, filename) + ((len + 7) & ~(size_t)7);
		memset(ev, 0, size + id_size);
		ev->mm.header.type = PERF_RECORD_MMAP2;
		ev->mm.header.misc = PERF_RECORD_MISC_USER | PERF_RECORD_MISC_MMAP_DATA;
		ev->mm.header.size = size + id_size;
		ev->mm.pid = pid;
		ev->mm.tid = pid;
		ev->mm.start = e.start;
		ev->mm.len = e.end - e.start;
		ev->mm.pgoff = e.pgoff;
		ev->mm.maj = e.maj;
		ev->mm.min = e.min;
		ev->mm.ino = e.ino;
		ev->mm.prot = e.prot;
		ev->mm.flags = e.flags;
		memcpy(ev->mm.filename, e.name, len - 1);
		err = rec__synth_event(r, (union perf_event *)ev);
	}
	if (f)
		fclose(f);
	free(ev);
	return err;
}

/* Is @ip of @pid inside a mapping of @path said so far? */
static bool rec__mapped(struct ubp_rec *r, pid_t pid, uint64_t ip, const char *path)
{
	const struct ubp_rec_map *m;

	if (r->last_map < r->nr_maps) {
		m = &r->maps[r->last_map];
		if (m->pid == pid && ip >= m->start && ip < m->end && !strcmp(m->path, path))
			return true;
	}
	for (int i = r->nr_maps - 1; i >= 0; i--) {
		m = &r->maps[i];
		if (m->pid != pid || ip < m->start || ip >= m->end)
			continue;
		if (strcmp(m->path, path))
			return false;	/* the latest word on this address is another file */
		r->last_map = i;
		return true;
	}
	return false;
}

/* Make sure a reader knows the hit's thread and the mapping of its probe. */
static int rec__side_band(struct ubp_rec *r, const struct kp_ubp_hit *hit)
{
	const char *path = r->set->points[hit->probe].path;
	struct kp_synth s = rec__synth(r);
	bool known = r->last_tid < r->nr_tids && r->tids[r->last_tid] == hit->tid;

	r->synth_time = hit->time;
	for (int i = 0; !known && i < r->nr_tids; i++) {
		if (r->tids[i] == hit->tid) {
			r->last_tid = i;
			known = true;
		}
	}
	if (!rec__mapped(r, hit->pid, hit->ip, path)) {
		/* A new process, an exec or a dlopen: say it all again. */
		struct perf_record_mmap2 mm = { .pid = hit->pid, .start = hit->ip, .len = 1 };
		int err = kp_synthesize__process(&s, hit->pid);

		if (!err && (r->attr.sample_type & PERF_SAMPLE_STACK_USER))
			err = rec__data_mmaps(r, hit->pid);
		if (err || rec__mapped(r, hit->pid, hit->ip, path))
			return err;
		/* /proc does not show it: remember the address, not to read /proc each hit */
		err = rec__note_map_path(r, &mm, path);
		return err;
	}
	if (!known)
		return kp_synthesize__comm(&s, hit->tid);	/* a new thread */
	return 0;
}

/* Read @len bytes at @addr of @pid in page-sized pieces; returns the bytes read from the start. */
static size_t rec__read_mem(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = 4096 - ((addr + done) & 4095);
		struct iovec l, rm;
		ssize_t got;

		if (n > len - done)
			n = len - done;
		l = (struct iovec){ (char *)buf + done, n };
		rm = (struct iovec){ (void *)(uintptr_t)(addr + done), n };
		got = process_vm_readv(pid, &l, 1, &rm, 1, 0);
		if (got <= 0)
			break;
		done += got;
		if ((size_t)got < n)
			break;
	}
	return done;
}

/* -g: the user stack by frame pointers, as the kernel walks it for a uprobe. */
static size_t rec__callchain(const struct kp_ubp_hit *hit, const kp_ubp_regs *regs, uint64_t *out)
{
	uint64_t fp = regs ? kp_arch_ubp__fp(regs) : 0, frame[2];
	size_t n = 0;

	out[n++] = PERF_CONTEXT_USER;
	out[n++] = hit->ip;
	while (n < UBP_REC_STACK + 1 && fp) {
		if (rec__read_mem(hit->tid, fp, frame, sizeof(frame)) != sizeof(frame))
			break;
		out[n++] = hit->tramp ? hit->real_ret(hit, fp + 8, frame[1]) : frame[1];
		fp = frame[0];
	}
	return n;
}

static int rec__grow(struct ubp_rec *r, size_t words)
{
	uint64_t *b;

	if (words <= r->buf_words)
		return 0;
	b = realloc(r->buf, words * sizeof(*b));
	if (!b)
		return -ENOMEM;
	r->buf = b;
	r->buf_words = words;
	return 0;
}

/* The sample of @hit in rec__attr's layout. */
static int rec__sample(struct ubp_rec *r, const struct kp_ubp_hit *hit)
{
	const kp_ubp_regs *regs = hit->regs;
	uint64_t stack = r->attr.sample_stack_user, *u;
	size_t n = 1;
	int cpu = sched_getcpu();

	if (rec__grow(r, 1 + 8 + UBP_REC_STACK + 2 + 1 + KP_UBP_PERF_NR_REGS + 2 + stack / 8))
		return -ENOMEM;
	u = r->buf;
	u[n++] = hit->probe + 1;				/* IDENTIFIER */
	u[n++] = hit->ip;					/* IP */
	u[n++] = (uint32_t)hit->pid | (uint64_t)(uint32_t)hit->tid << 32;	/* TID */
	u[n++] = hit->time;					/* TIME */
	u[n++] = cpu < 0 ? 0 : (uint32_t)cpu;			/* CPU */
	u[n++] = 1;						/* PERIOD */
	if (r->attr.sample_type & PERF_SAMPLE_CALLCHAIN) {
		if (r->attr.sample_type & PERF_SAMPLE_STACK_USER) {
			u[n++] = 0;	/* dwarf: the user part is the stack below, as the kernel's */
		} else {
			size_t nr = rec__callchain(hit, regs, u + n + 1);

			u[n] = nr;
			n += 1 + nr;
		}
	}
	if ((r->attr.sample_type & PERF_SAMPLE_REGS_USER) && !regs) {
		u[n++] = PERF_SAMPLE_REGS_ABI_NONE;	/* no registers: no stack either */
		u[n++] = 0;
	} else if (r->attr.sample_type & PERF_SAMPLE_REGS_USER) {
		size_t got;

		u[n++] = PERF_SAMPLE_REGS_ABI_64;
		kp_arch_ubp__perf_regs(regs, hit->ip, u + n);
		n += KP_UBP_PERF_NR_REGS;
		u[n++] = stack;
		memset(u + n, 0, stack);
		got = rec__read_mem(hit->tid, kp_arch_ubp__sp(regs), u + n, stack);
		for (size_t w = 0; hit->tramp && w < got / 8; w++)	/* hijacked returns */
			if (u[n + w] == hit->tramp)
				u[n + w] = hit->real_ret(hit, kp_arch_ubp__sp(regs) + w * 8, u[n + w]);
		n += stack / 8;
		u[n++] = got;
	}
	((struct perf_event_header *)u)->type = PERF_RECORD_SAMPLE;
	((struct perf_event_header *)u)->misc = PERF_RECORD_MISC_USER;
	((struct perf_event_header *)u)->size = n * 8;
	return 0;
}

static void rec__hit(void *arg, const struct kp_ubp_hit *hit)
{
	struct ubp_rec *r = arg;
	struct kp_env *env = &r->env;
	int err;

	if (r->write_err)
		return;
	err = rec__side_band(r, hit);
	if (!err)
		err = rec__sample(r, hit);
	if (!err)
		err = rec__write(r, (union perf_event *)r->buf);
	if (err) {
		if (!r->write_err) {
			r->write_err = err;
			snprintf(r->err, r->errsz, "cannot record a hit: %s", strerror(-err));
		}
		return;
	}
	r->st->samples++;
	r->hit_probe[hit->probe] = true;
	if (!env->has_sample_time)
		env->first_sample_time = hit->time;
	env->last_sample_time = hit->time;
	env->has_sample_time = 1;
	if (++r->round >= UBP_REC_ROUND) {
		struct perf_event_header round = { .type = PERF_RECORD_FINISHED_ROUND,
						   .size = sizeof(round) };

		r->round = 0;
		rec__write(r, (union perf_event *)&round);
	}
}

/* A failed write ends the run (detach) at the next tick. */
static int rec__tick(void *arg)
{
	struct ubp_rec *r = arg;

	return r->write_err ? 1 : 0;
}

static void rec__warn(void *arg, const char *msg)
{
	struct ubp_rec *r = arg;

	if (r->opts->warn)
		r->opts->warn(r->opts->warn_arg, msg);
}

/* "probe_app:work_a" -> "ubp:work_a" */
static int rec__event_name(const struct kp_probe_point *pt, char *buf, size_t size)
{
	const char *colon = strchr(pt->event, ':');

	return snprintf(buf, size, "ubp:%s", colon ? colon + 1 : pt->event) >= (int)size ?
		       -ENAMETOOLONG : 0;
}

static void rec__attr(struct ubp_rec *r)
{
	const struct kp_record_opts *o = r->opts;
	struct perf_event_attr *a = &r->attr;

	a->size = sizeof(*a);
	/* What a hit is: an execute breakpoint (bp_addr: the ELF address, set per probe). */
	a->type = PERF_TYPE_BREAKPOINT;
	a->bp_type = HW_BREAKPOINT_X;
	a->bp_len = sizeof(long);
	a->sample_period = 1;
	a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD;
	if (o->callchain != KP_CALLCHAIN_NONE)
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (o->callchain == KP_CALLCHAIN_DWARF) {
		a->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		a->sample_regs_user = KP_PERF_REGS_USER_MASK;
		a->sample_stack_user = o->stack_size ?: KP_RECORD_DEFAULT_STACK_SIZE;
		a->exclude_callchain_user = 1;
	}
	a->read_format = PERF_FORMAT_ID;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	a->inherit = !o->no_inherit;
	a->sample_id_all = 1;
}

/*
 * Each probe's hits and misses (returns lost), for the summary and, in a file,
 * kprof's KPROF_MISSES feature: the engine's counts are exact, source ptrace.
 */
static int rec__misses(struct ubp_rec *r, const struct kp_ubp_result *ur)
{
	struct kp_misses *m = &r->st->misses;
	int err = 0;

	for (int i = 0; i < r->set->nr_points && !err; i++) {
		char name[256];

		err = rec__event_name(&r->set->points[i], name, sizeof(name));
		if (!err)
			err = kp_misses__add(m, name, ur->hits[i], true,
					     ur->missed ? ur->missed[i] : 0, KP_MISS_SRC_PTRACE);
	}
	if (err || r->st->pipe)
		return err;
	r->env.misses = calloc(1, sizeof(*r->env.misses));
	if (!r->env.misses)
		return -ENOMEM;
	return kp_misses__copy(r->env.misses, m);
}

/* Build ids of the files that had hits (the DSOs of the samples). */
static int rec__build_ids(struct ubp_rec *r)
{
	for (int i = 0; i < r->set->nr_points; i++) {
		const char *path = r->set->points[i].path;
		uint8_t id[KP_BUILD_ID_SIZE];
		bool dup = false;
		int size, err;

		if (!r->hit_probe[i])
			continue;
		for (int j = 0; j < i && !dup; j++)
			dup = r->hit_probe[j] && !strcmp(r->set->points[j].path, path);
		size = dup ? 0 : kp_build_id__read_file(path, id);
		if (size <= 0)
			continue;
		err = kp_env__add_build_id(&r->env, path, -1, PERF_RECORD_MISC_USER, id, size);
		if (err)
			return err;
	}
	return 0;
}

static int rec__check(const struct kp_record_opts *o, struct kp_ubp_opts *uo, char *err,
		      size_t errsz)
{
	const struct kp_probe_set *set = o->probes;

	if (o->nr_events || o->all_cpus || o->cpu_list || o->tids) {
		snprintf(err, errsz, "the ptrace engine records -u probes only (no -e, -a, -C or -t)");
		return -EINVAL;
	}
	if (o->live) {
		snprintf(err, errsz, "the ptrace engine has no live mode here");
		return -EINVAL;
	}
	if (o->pids) {
		if (strchr(o->pids, ',')) {
			snprintf(err, errsz, "the ptrace engine attaches to one process (-p PID)");
			return -EINVAL;
		}
		uo->pid = atoi(o->pids);
	}
	if (!set || !set->nr_points) {
		snprintf(err, errsz, "nothing to record: the ptrace engine needs -u probes");
		return -EINVAL;
	}
	for (int i = 0; i < set->nr_points; i++) {
		if (set->points[i].kind != KP_PROBE_UPROBE &&
		    set->points[i].kind != KP_PROBE_URETPROBE) {
			snprintf(err, errsz, "probe '%s': the ptrace engine has no kernel probes",
				 set->points[i].event);
			return -EINVAL;
		}
	}
	return 0;
}

static int rec__open(struct ubp_rec *r)
{
	const struct kp_record_opts *o = r->opts;
	struct kp_synth s = rec__synth(r);
	int err;

	err = kp_env__collect(&r->env, o->cmd_argc, o->cmd_argv);
	if (err) {
		snprintf(r->err, r->errsz, "cannot collect the header data: %s", strerror(-err));
		return err;
	}
	err = kp_writer__open(&r->writer, o->output);
	if (err) {
		snprintf(r->err, r->errsz, "cannot open '%s': %s", o->output, strerror(-err));
		return err;
	}
	r->st->pipe = kp_writer__is_pipe(r->writer);
	for (int i = 0; i < r->set->nr_points && !err; i++) {
		struct perf_event_attr attr = r->attr;
		uint64_t id = i + 1;
		char name[256];

		attr.bp_addr = r->set->points[i].addr;
		if (i == 0) {	/* the first event tracks tasks, as perf's first one does */
			attr.mmap = attr.mmap2 = attr.comm = attr.comm_exec = attr.task = 1;
			attr.mmap_data = o->callchain == KP_CALLCHAIN_DWARF;
		}
		err = rec__event_name(&r->set->points[i], name, sizeof(name));
		if (!err)
			err = kp_writer__add_evsel(r->writer, &attr, name, &id, 1);
	}
	if (!err)
		err = kp_writer__start(r->writer, &r->env);
	if (!err)
		err = kp_synthesize__kernel_mmap(&s);
	if (!err && o->pids)
		err = kp_synthesize__process(&s, atoi(o->pids));
	if (!err)
		err = kp_writer__write_finished_init(r->writer);
	if (err && !r->err[0])
		snprintf(r->err, r->errsz, "cannot write '%s': %s", o->output, strerror(-err));
	return err;
}

int kp_ubp_record__run(const struct kp_record_opts *opts, struct kp_record_stats *st, char *err,
		       size_t errsz)
{
	struct ubp_rec r = { .opts = opts, .st = st, .err = err, .errsz = errsz,
			     .set = opts->probes };
	struct kp_ubp_opts uo = { .argv = opts->argv, .no_inherit = opts->no_inherit,
				  .hit = rec__hit, .warn = rec__warn, .tick = rec__tick, .arg = &r };
	struct kp_ubp_probe *probes = NULL;
	struct kp_ubp_result ur = { 0 };
	bool created = false;
	int ret;

	memset(st, 0, sizeof(*st));
	err[0] = 0;
	ret = rec__check(opts, &uo, err, errsz);
	if (ret)
		return ret;
	rec__attr(&r);
	probes = calloc(r.set->nr_points, sizeof(*probes));
	r.hit_probe = calloc(r.set->nr_points, sizeof(*r.hit_probe));
	if (!probes || !r.hit_probe) {
		ret = -ENOMEM;
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	for (int i = 0; i < r.set->nr_points; i++) {
		const struct kp_probe_point *pt = &r.set->points[i];

		probes[i] = (struct kp_ubp_probe){ .path = pt->path, .offset = pt->offset,
						   .name = pt->symbol ?: pt->event,
						   .ret = pt->kind == KP_PROBE_URETPROBE };
	}
	uo.probes = probes;
	uo.nr_probes = r.set->nr_points;
	ret = rec__open(&r);
	created = r.writer && !st->pipe;
	if (ret)
		goto out;
	ret = kp_ubp__run(&uo, &ur, err, errsz);
	if (!ret && r.write_err)
		ret = r.write_err;	/* err says it */
	if (ret)
		goto out;
	st->has_workload = ur.has_workload;
	st->exit_code = ur.exit_code;
	ret = rec__misses(&r, &ur);
	if (ret) {
		if (!err[0])
			snprintf(err, errsz, "cannot write '%s': %s", opts->output, strerror(-ret));
		goto out;
	}
	ret = rec__build_ids(&r);
	if (!ret)
		ret = kp_writer__finish(r.writer, &r.env);
	if (ret) {
		snprintf(err, errsz, "cannot write '%s': %s", opts->output, strerror(-ret));
		goto out;
	}
	st->bytes = kp_writer__bytes(r.writer);
	created = false;
out:
	kp_ubp_result__exit(&ur);
	kp_writer__delete(r.writer);
	if (created && !r.write_err)
		unlink(opts->output);
	kp_env__exit(&r.env);
	for (int i = 0; i < r.nr_maps; i++)
		free(r.maps[i].path);
	free(r.maps);
	free(r.tids);
	free(r.buf);
	free(r.hit_probe);
	free(probes);
	return ret;
}
