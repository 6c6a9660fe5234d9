// SPDX-License-Identifier: GPL-2.0
/* A lib/profile.h profile as a gzip'd pprof profile.proto, packed with protobuf-c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ui/pprof.h"
#include "ui/pprof/profile.pb-c.h"

typedef Perftools__Profiles__Profile pb_profile;
typedef Perftools__Profiles__ValueType pb_value_type;
typedef Perftools__Profiles__Sample pb_sample;
typedef Perftools__Profiles__Label pb_label;
typedef Perftools__Profiles__Mapping pb_mapping;
typedef Perftools__Profiles__Location pb_location;
typedef Perftools__Profiles__Line pb_line;
typedef Perftools__Profiles__Function pb_function;

#define LABELS 3 /* pid, tid, comm */

/* The string table and a hash of it (indexes + 1). */
struct strtab {
	char **strs;
	size_t nr, alloc;
	uint32_t *hash;
	size_t hash_size;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The index of @s, added (copied) when new; -1 on ENOMEM. */
static int64_t strtab__add(struct strtab *t, const char *s)
{
	size_t i;

	if (2 * (t->nr + 1) > t->hash_size) {
		size_t n = t->hash_size ? 2 * t->hash_size : 1024;
		uint32_t *h = calloc(n, sizeof(*h));

		if (!h)
			return -1;
		for (size_t k = 0; k < t->nr; k++) {
			i = str_hash(t->strs[k]) & (n - 1);
			while (h[i])
				i = (i + 1) & (n - 1);
			h[i] = k + 1;
		}
		free(t->hash);
		t->hash = h;
		t->hash_size = n;
	}
	i = str_hash(s) & (t->hash_size - 1);
	while (t->hash[i]) {
		if (!strcmp(t->strs[t->hash[i] - 1], s))
			return t->hash[i] - 1;
		i = (i + 1) & (t->hash_size - 1);
	}
	if (t->nr == t->alloc) {
		size_t n = t->alloc ? 2 * t->alloc : 256;
		char **v = realloc(t->strs, n * sizeof(*v));

		if (!v)
			return -1;
		t->strs = v;
		t->alloc = n;
	}
	t->strs[t->nr] = strdup(s);
	if (!t->strs[t->nr])
		return -1;
	t->hash[i] = ++t->nr;
	return t->nr - 1;
}

static void strtab__exit(struct strtab *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->hash);
}

/* Everything the packed message points at, freed at once. */
struct pprof {
	const struct kp_profile *p;
	struct strtab str;
	pb_profile msg;
	pb_value_type *vt, **vtp;
	pb_mapping *maps, **mapp;
	const char **map_names;	/* a mapping per DSO long name */
	pb_function *funcs, **funcp;
	pb_location *locs, **locp;
	pb_line *lines, **linep;
	uint64_t *loc_ids;	/* every stack's frame ids + 1 */
	pb_sample *samples, **samplep;
	int64_t *values;
	pb_label *labels, **labelp;
	bool err;
};

static int64_t pprof__str(struct pprof *pp, const char *s)
{
	int64_t i = strtab__add(&pp->str, s ? s : "");

	if (i < 0) {
		pp->err = true;
		return 0;
	}
	return i;
}

static bool event_is_clock(const char *name)
{
	return !strcmp(name, "cpu-clock") || !strcmp(name, "task-clock");
}

static int pprof__types(struct pprof *pp)
{
	size_t n = pp->p->nr_events;
	char buf[512];

	pp->vt = calloc(2 * n, sizeof(*pp->vt));
	pp->vtp = calloc(2 * n, sizeof(*pp->vtp));
	if (!pp->vt || !pp->vtp)
		return -ENOMEM;
	for (size_t e = 0; e < n; e++) {
		const char *name = pp->p->events[e].name;

		for (int k = 0; k < 2; k++) {
			perftools__profiles__value_type__init(&pp->vt[2 * e + k]);
			pp->vtp[2 * e + k] = &pp->vt[2 * e + k];
		}
		snprintf(buf, sizeof(buf), "%s.samples", name);
		pp->vt[2 * e].type = pprof__str(pp, n == 1 ? "samples" : buf);
		pp->vt[2 * e].unit = pprof__str(pp, "count");
		pp->vt[2 * e + 1].type = pprof__str(pp, name);
		pp->vt[2 * e + 1].unit = pprof__str(pp, event_is_clock(name) ? "nanoseconds" : "count");
	}
	pp->msg.n_sample_type = 2 * n;
	pp->msg.sample_type = pp->vtp;
	if (n) {
		pp->msg.default_sample_type = pp->vt[0].type;
		pp->msg.period_type = &pp->vt[1];
	}
	return 0;
}

/* The mapping id of @dso (one per long name), 0 for none. */
static uint64_t pprof__mapping(struct pprof *pp, struct kp_dso *dso)
{
	const char *name;
	pb_mapping *m;
	uint8_t id[20];
	char hex[41];
	int len;

	if (!dso)
		return 0;
	name = kp_dso__long_name(dso);
	for (size_t i = 0; i < pp->msg.n_mapping; i++)
		if (!strcmp(pp->map_names[i], name))
			return i + 1;
	m = &pp->maps[pp->msg.n_mapping];
	perftools__profiles__mapping__init(m);
	pp->mapp[pp->msg.n_mapping] = m;
	pp->map_names[pp->msg.n_mapping] = name;
	m->id = ++pp->msg.n_mapping;
	m->filename = pprof__str(pp, name);
	len = kp_dso__build_id(dso, id);
	for (int i = 0; i < len && i < 20; i++)
		sprintf(hex + 2 * i, "%02x", id[i]);
	if (len > 0)
		m->build_id = pprof__str(pp, hex);
	m->has_functions = true;
	return m->id;
}

/* A function, a location and a line per frame; ids are the frame index + 1. */
static int pprof__frames(struct pprof *pp)
{
	const struct kp_profile *p = pp->p;
	size_t n = p->nr_frames;
	char buf[32];

	pp->maps = calloc(n + 1, sizeof(*pp->maps));
	pp->mapp = calloc(n + 1, sizeof(*pp->mapp));
	pp->map_names = calloc(n + 1, sizeof(*pp->map_names));
	pp->funcs = calloc(n + 1, sizeof(*pp->funcs));
	pp->funcp = calloc(n + 1, sizeof(*pp->funcp));
	pp->locs = calloc(n + 1, sizeof(*pp->locs));
	pp->locp = calloc(n + 1, sizeof(*pp->locp));
	pp->lines = calloc(n + 1, sizeof(*pp->lines));
	pp->linep = calloc(n + 1, sizeof(*pp->linep));
	if (!pp->maps || !pp->mapp || !pp->map_names || !pp->funcs || !pp->funcp || !pp->locs ||
	    !pp->locp || !pp->lines || !pp->linep)
		return -ENOMEM;
	/* pprof names the profile ("File:") after the first mapping: the program's, not ld.so's */
	for (size_t i = 0; i < n; i++) {
		const char *name = p->frames[i].dso ? kp_dso__long_name(p->frames[i].dso) : "[";

		if (name[0] != '[' && !strstr(name, ".so")) {
			pprof__mapping(pp, p->frames[i].dso);
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct kp_frame *f = &p->frames[i];
		pb_function *fn = &pp->funcs[i];
		pb_location *loc = &pp->locs[i];
		pb_line *line = &pp->lines[i];
		const char *name = f->sym ? f->sym->name : NULL;

		if (!name) {
			snprintf(buf, sizeof(buf), "0x%" PRIx64, f->ip); /* as --folded */
			name = buf;
		}
		perftools__profiles__function__init(fn);
		fn->id = i + 1;
		fn->name = fn->system_name = pprof__str(pp, name);
		fn->filename = pprof__str(pp, f->dso ? kp_dso__long_name(f->dso) : "");
		pp->funcp[i] = fn;
		perftools__profiles__line__init(line);
		line->function_id = i + 1;
		pp->linep[i] = line;
		perftools__profiles__location__init(loc);
		loc->id = i + 1;
		loc->mapping_id = pprof__mapping(pp, f->dso);
		loc->address = f->ip;
		loc->n_line = 1;
		loc->line = &pp->linep[i];
		pp->locp[i] = loc;
	}
	pp->msg.n_function = pp->msg.n_location = n;
	pp->msg.function = pp->funcp;
	pp->msg.location = pp->locp;
	pp->msg.mapping = pp->mapp;
	return 0;
}

static int cmp_run(const void *a, const void *b)
{
	const struct kp_profile_sample *x = a, *y = b;

	return x->stack < y->stack ? -1 : x->stack > y->stack;
}

/* One sample per distinct (thread, stack). */
static int pprof__samples(struct pprof *pp)
{
	const struct kp_profile *p = pp->p;
	size_t nr = 0, nv = 2 * p->nr_events, s = 0;
	struct kp_profile_sample *runs = NULL;

	for (size_t t = 0; t < p->nr_threads; t++)
		nr += p->threads[t].nr_samples;
	pp->loc_ids = calloc(p->nr_stack_frames + 1, sizeof(*pp->loc_ids));
	pp->samples = calloc(nr + 1, sizeof(*pp->samples));
	pp->samplep = calloc(nr + 1, sizeof(*pp->samplep));
	pp->values = calloc(nr * nv + 1, sizeof(*pp->values));
	pp->labels = calloc(nr * LABELS + 1, sizeof(*pp->labels));
	pp->labelp = calloc(nr * LABELS + 1, sizeof(*pp->labelp));
	if (!pp->loc_ids || !pp->samples || !pp->samplep || !pp->values || !pp->labels ||
	    !pp->labelp)
		return -ENOMEM;
	for (size_t i = 0; i < p->nr_stack_frames; i++)
		pp->loc_ids[i] = p->stack_frames[i] + 1;
	for (size_t t = 0; t < p->nr_threads; t++) {
		const struct kp_profile_thread *th = &p->threads[t];
		size_t n = th->nr_samples;

		free(runs);
		runs = malloc((n ? n : 1) * sizeof(*runs));
		if (!runs)
			return -ENOMEM;
		memcpy(runs, th->samples, n * sizeof(*runs));
		qsort(runs, n, sizeof(*runs), cmp_run);
		for (size_t i = 0; i < n; i++) {
			pb_sample *smp;
			pb_label *l;
			int64_t *v;

			if (i && runs[i].stack == runs[i - 1].stack) {
				v = pp->samples[s - 1].value;
				v[2 * th->event] += runs[i].count;
				v[2 * th->event + 1] += runs[i].period;
				continue;
			}
			smp = &pp->samples[s];
			perftools__profiles__sample__init(smp);
			smp->n_location_id = p->stacks[runs[i].stack].nr;
			smp->location_id = pp->loc_ids + p->stacks[runs[i].stack].first;
			v = smp->value = pp->values + s * nv;
			smp->n_value = nv;
			v[2 * th->event] = runs[i].count;
			v[2 * th->event + 1] = runs[i].period;
			l = &pp->labels[s * LABELS];
			for (int k = 0; k < LABELS; k++) {
				perftools__profiles__label__init(&l[k]);
				pp->labelp[s * LABELS + k] = &l[k];
			}
			l[0].key = pprof__str(pp, "pid");
			l[0].num = th->pid;
			l[1].key = pprof__str(pp, "tid");
			l[1].num = th->tid;
			l[2].key = pprof__str(pp, "comm");
			l[2].str = pprof__str(pp, th->comm);
			smp->n_label = LABELS;
			smp->label = &pp->labelp[s * LABELS];
			pp->samplep[s++] = smp;
		}
	}
	free(runs);
	pp->msg.n_sample = s;
	pp->msg.sample = pp->samplep;
	return 0;
}

static int pprof__output(struct pprof *pp, const char *path)
{
	size_t len = perftools__profiles__profile__get_packed_size(&pp->msg);
	uint8_t *buf = malloc(len ? len : 1);
	gzFile gz;
	int err = 0, fd;

	if (!buf)
		return -ENOMEM;
	perftools__profiles__profile__pack(&pp->msg, buf);
	fd = strcmp(path, "-") ? -1 : dup(STDOUT_FILENO);
	gz = fd >= 0 ? gzdopen(fd, "wb") : gzopen(path, "wb");
	if (!gz) {
		err = errno ? -errno : -ENOMEM;
		if (fd >= 0)
			close(fd);
	} else {
		if (len && gzwrite(gz, buf, len) != (int)len)
			err = -EIO;
		if (gzclose(gz) != Z_OK && !err)
			err = -EIO;
	}
	free(buf);
	return err;
}

int kp_pprof__write(const struct kp_profile *profile, const char *path)
{
	struct pprof pp = { .p = profile };
	int err;

	perftools__profiles__profile__init(&pp.msg);
	pprof__str(&pp, "");
	err = pprof__types(&pp);
	if (!err)
		err = pprof__frames(&pp);
	if (!err)
		err = pprof__samples(&pp);
	if (!err && pp.err)
		err = -ENOMEM;
	if (!err) {
		pp.msg.n_string_table = pp.str.nr;
		pp.msg.string_table = pp.str.strs;
		err = pprof__output(&pp, path);
	}
	strtab__exit(&pp.str);
	free(pp.vt);
	free(pp.vtp);
	free(pp.maps);
	free(pp.mapp);
	free(pp.map_names);
	free(pp.funcs);
	free(pp.funcp);
	free(pp.locs);
	free(pp.locp);
	free(pp.lines);
	free(pp.linep);
	free(pp.loc_ids);
	free(pp.samples);
	free(pp.samplep);
	free(pp.values);
	free(pp.labels);
	free(pp.labelp);
	return err;
}
