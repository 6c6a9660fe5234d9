/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by t-writer.c and t-feature-write.c: a fake process (comm, mmap2,
 * samples of two events) written through kp_writer, and a way to run the
 * peer (perf) on the result and capture its stdout and stderr.
 */
#ifndef KPROF_TESTS_UNIT_WRITER_FIXTURE_H
#define KPROF_TESTS_UNIT_WRITER_FIXTURE_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "lib/env.h"
#include "lib/writer.h"

#define FX_PID 4242
#define FX_TID 4243
#define FX_COMM "fakeproc"
#define FX_DSO "/usr/bin/true"
#define FX_MAP_START 0x400000ULL
#define FX_MAP_LEN 0x10000ULL
#define FX_KERNEL_START 0xffffffff81000000ULL
#define FX_T0 1000000000ULL
#define FX_NR_SAMPLES_A 6	/* cpu-clock */
#define FX_NR_SAMPLES_B 4	/* task-clock */
#define FX_SAMPLE_TYPE \
	(PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID | PERF_SAMPLE_PERIOD)

static const uint64_t fx_ids_a[] = { 101, 102 };
static const uint64_t fx_ids_b[] = { 201, 202 };

struct fx_rec {
	union {
		struct perf_event_header h;
		char d[512];
	};
	size_t n;
};

static inline void fx_put(struct fx_rec *r, const void *p, size_t n)
{
	memcpy(r->d + r->n, p, n);
	r->n += n;
}

static inline void fx_u32(struct fx_rec *r, uint32_t v)
{
	fx_put(r, &v, 4);
}

static inline void fx_u64(struct fx_rec *r, uint64_t v)
{
	fx_put(r, &v, 8);
}

static inline void fx_begin(struct fx_rec *r, uint32_t type, uint16_t misc)
{
	memset(r, 0, sizeof(*r));
	r->h.type = type;
	r->h.misc = misc;
	r->n = sizeof(r->h);
}

static inline void fx_str(struct fx_rec *r, const char *s)
{
	size_t n = strlen(s) + 1, pad = (n + 7) & ~(size_t)7;

	fx_put(r, s, n);
	r->n += pad - n;	/* d[] is zeroed by fx_begin */
}

/* sample_id_all trailer for FX_SAMPLE_TYPE: pid, tid, time, id */
static inline void fx_id(struct fx_rec *r, uint64_t time, uint64_t id)
{
	fx_u32(r, FX_PID);
	fx_u32(r, FX_TID);
	fx_u64(r, time);
	fx_u64(r, id);
}

static inline int fx_end(struct kp_writer *w, struct fx_rec *r)
{
	r->h.size = (uint16_t)r->n;
	return kp_writer__write_event(w, (const union perf_event *)r->d);
}

static inline void fx_attr(struct perf_event_attr *attr, uint64_t config)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = config;
	attr->sample_period = 4000;
	attr->freq = 1;
	attr->sample_type = FX_SAMPLE_TYPE;
	attr->read_format = PERF_FORMAT_ID;
	attr->disabled = 1;
	attr->inherit = 1;
	attr->mmap = 1;
	attr->comm = 1;
	attr->task = 1;
	attr->sample_id_all = 1;
	attr->mmap2 = 1;
	attr->comm_exec = 1;
}

static inline int fx_add_evsels(struct kp_writer *w)
{
	struct perf_event_attr a;
	int err;

	fx_attr(&a, PERF_COUNT_SW_CPU_CLOCK);
	err = kp_writer__add_evsel(w, &a, "cpu-clock", fx_ids_a, 2);
	if (err)
		return err;
	fx_attr(&a, PERF_COUNT_SW_TASK_CLOCK);
	return kp_writer__add_evsel(w, &a, "task-clock", fx_ids_b, 2);
}

/* Kernel MMAP (as perf synthesizes it), COMM, MMAP2, then the samples; bytes written or -errno. */
static inline long fx_write_records(struct kp_writer *w)
{
	struct fx_rec r;
	long total = 0;
	int err, i;

	fx_begin(&r, PERF_RECORD_MMAP, PERF_RECORD_MISC_KERNEL);
	fx_u32(&r, (uint32_t)-1);
	fx_u32(&r, 0);
	fx_u64(&r, FX_KERNEL_START);
	fx_u64(&r, 0x1000000);
	fx_u64(&r, FX_KERNEL_START);	/* pgoff: address of _text */
	fx_str(&r, "[kernel.kallsyms]_text");
	fx_u64(&r, 0);			/* sample_id: pid/tid, time, id */
	fx_u64(&r, 0);
	fx_u64(&r, 0);
	if ((err = fx_end(w, &r)))
		return err;
	total += (long)r.n;

	fx_begin(&r, PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC);
	fx_u32(&r, FX_PID);
	fx_u32(&r, FX_TID);
	fx_str(&r, FX_COMM);
	fx_id(&r, FX_T0, fx_ids_a[0]);
	if ((err = fx_end(w, &r)))
		return err;
	total += (long)r.n;

	fx_begin(&r, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER);
	fx_u32(&r, FX_PID);
	fx_u32(&r, FX_TID);
	fx_u64(&r, FX_MAP_START);
	fx_u64(&r, FX_MAP_LEN);
	fx_u64(&r, 0);		/* pgoff */
	fx_u32(&r, 0);		/* maj */
	fx_u32(&r, 0);		/* min */
	fx_u64(&r, 0);		/* ino */
	fx_u64(&r, 0);		/* ino_generation */
	fx_u32(&r, 5);		/* PROT_READ | PROT_EXEC */
	fx_u32(&r, 2);		/* MAP_PRIVATE */
	fx_str(&r, FX_DSO);
	fx_id(&r, FX_T0 + 1000, fx_ids_a[0]);
	if ((err = fx_end(w, &r)))
		return err;
	total += (long)r.n;

	for (i = 0; i < FX_NR_SAMPLES_A + FX_NR_SAMPLES_B; i++) {
		int a = i < FX_NR_SAMPLES_A;
		uint64_t id = a ? fx_ids_a[i % 2] : fx_ids_b[i % 2];

		fx_begin(&r, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER);
		fx_u64(&r, FX_MAP_START + 0x100 + 0x10 * (uint64_t)i);	/* ip */
		fx_u32(&r, FX_PID);
		fx_u32(&r, FX_TID);
		fx_u64(&r, FX_T0 + 1000000ULL * (uint64_t)(i + 1));	/* time */
		fx_u64(&r, id);
		fx_u64(&r, 250000);					/* period */
		if ((err = fx_end(w, &r)))
			return err;
		total += (long)r.n;
	}
	return total;
}

/* A fixed environment, so that the values perf prints are known. */
static inline void fx_env(struct kp_env *env)
{
	static struct kp_build_id bids[2];
	static struct kp_pmu_mapping pmus[2] = {
		{ .type = 1, .name = (char *)"software" },
		{ .type = 2, .name = (char *)"tracepoint" },
	};
	int n;

	memset(env, 0, sizeof(*env));
	env->hostname = (char *)"fxhost";
	env->os_release = (char *)"6.1.0-fx";
	env->version = (char *)"kprof 0.1.0";
	env->arch = (char *)"x86_64";
	env->cpudesc = (char *)"Fake CPU 3000";
	env->cpuid = (char *)"GenuineIntel,6,85,4";
	env->cmdline = (char *)"/usr/bin/kprof record -o fx.data -- fakeproc";
	env->nr_cpus_avail = 4;
	env->nr_cpus_online = 3;
	env->total_mem = 16384000;
	env->clockid_res_ns = 1;
	env->first_sample_time = FX_T0 + 1000000ULL;
	env->last_sample_time = FX_T0 + 1000000ULL * (FX_NR_SAMPLES_A + FX_NR_SAMPLES_B);
	env->has_sample_time = 1;
	/* Real build ids, so that perf finds them matching what is on disk. */
	memset(bids, 0, sizeof(bids));
	env->nr_build_ids = 0;
	n = kp_build_id__read_file(FX_DSO, bids[0].id);
	if (n > 0) {
		bids[0].pid = -1;
		bids[0].misc = PERF_RECORD_MISC_USER;
		bids[0].size = (uint8_t)n;
		bids[0].filename = (char *)FX_DSO;
		env->nr_build_ids++;
	}
	n = kp_build_id__read_kernel(bids[env->nr_build_ids].id);
	if (n > 0) {
		struct kp_build_id *b = &bids[env->nr_build_ids++];

		b->pid = -1;
		b->misc = PERF_RECORD_MISC_KERNEL;
		b->size = (uint8_t)n;
		b->filename = (char *)"[kernel.kallsyms]";
	}
	env->build_ids = bids;
	env->pmus = pmus;
	env->nr_pmus = 2;
}

/* Run @cmd; its stdout and stderr land in malloc'ed strings.  Returns the exit status. */
static inline int fx_run(const char *cmd, char **out, char **err)
{
	char of[] = "/tmp/kp-fx-outXXXXXX", ef[] = "/tmp/kp-fx-errXXXXXX";
	int ofd = mkstemp(of), efd = mkstemp(ef), st;
	char *full = NULL;
	FILE *f;
	long n;

	if (ofd < 0 || efd < 0 || asprintf(&full, "(%s) >%s 2>%s </dev/null", cmd, of, ef) < 0)
		abort();
	close(ofd);
	close(efd);
	st = system(full);
	free(full);
	for (int i = 0; i < 2; i++) {
		const char *p = i ? ef : of;
		char **dst = i ? err : out;

		f = fopen(p, "r");
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		*dst = calloc(1, (size_t)n + 1);
		if (fread(*dst, 1, (size_t)n, f) != (size_t)n)
			abort();
		fclose(f);
		unlink(p);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline int fx_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static inline int fx_have_perf(void)
{
	return system("perf --version >/dev/null 2>&1") == 0;
}

/* A scratch directory (mkdtemp(fx_dir) in main) and files in it. */
static char fx_dir[] = "/tmp/kp-t-writer-XXXXXX";

static inline char *fx_path(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", fx_dir, name);
	return buf[i];
}

static inline char *fx_slurp(const char *p, size_t *size)
{
	struct stat st;
	char *d;
	int fd = open(p, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return NULL;
	d = malloc((size_t)st.st_size + 1);
	if (read(fd, d, (size_t)st.st_size) != st.st_size)
		abort();
	close(fd);
	*size = (size_t)st.st_size;
	return d;
}

static inline uint64_t fx_u64_at(const char *d, size_t off)
{
	uint64_t v;

	memcpy(&v, d + off, sizeof(v));
	return v;
}

static inline uint32_t fx_u32_at(const char *d, size_t off)
{
	uint32_t v;

	memcpy(&v, d + off, sizeof(v));
	return v;
}

/* The features the fixture's env has, as a bitmap word. */

/* Write the fixture to @p (or to stdout redirected into @p when @pipe). */
static inline long fx_write(const char *p, bool pipe, bool finish, const struct kp_env *env)
{
	struct kp_writer *w;
	int saved = -1, err;
	long n;

	if (pipe) {
		int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		fflush(stdout);
		saved = dup(STDOUT_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	err = kp_writer__open(&w, pipe ? "-" : p);
	if (!err)
		err = fx_add_evsels(w);
	if (!err)
		err = kp_writer__start(w, env);
	n = err ? err : fx_write_records(w);
	if (n >= 0 && finish)
		err = kp_writer__finish(w, env);
	if (n >= 0 && err)
		n = err;
	kp_writer__delete(w);
	if (pipe) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	return n;
}

#endif /* KPROF_TESTS_UNIT_WRITER_FIXTURE_H */
