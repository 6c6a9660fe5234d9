// SPDX-License-Identifier: GPL-2.0
/* The tracefs backend: dynamic events in a "kprof_<pid>" group, opened as tracepoints. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "lib/evlist.h"
#include "lib/evsel.h"
#include "lib/probe/pmu.h"
#include "lib/probe/tracefs.h"
#include "lib/tracefs.h"

#define KP_TRACEFS_GROUP_PREFIX "kprof_"
#define KP_EVENT_NAME_MAX 63	/* the kernel's MAX_EVENT_NAME_LEN is 64 */

void kp_probe_tracefs__init(struct kp_probe_tracefs *tf, pid_t pid, unsigned int maxactive)
{
	memset(tf, 0, sizeof(*tf));
	snprintf(tf->group, sizeof(tf->group), KP_TRACEFS_GROUP_PREFIX "%d", (int)pid);
	tf->maxactive = maxactive;
}

void kp_probe_tracefs__init_persistent(struct kp_probe_tracefs *tf, unsigned int maxactive)
{
	memset(tf, 0, sizeof(*tf));
	tf->maxactive = maxactive;
}

const char *kp_probe_tracefs__group(const struct kp_probe_tracefs *tf,
				    const struct kp_probe_point *point, char *buf, size_t size)
{
	const char *colon = strchr(point->event, ':');

	if (tf->group[0] || !colon)
		return tf->group[0] ? tf->group : "probe";
	snprintf(buf, size, "%.*s", (int)(colon - point->event), point->event);
	return buf;
}

/* Whether tracefs can create probes of @kind (kprobe_events, uprobe_events). */
static bool tracefs__has_events(enum kp_probe_kind kind)
{
	char dir[256], path[320];

	if (kp_tracefs_dir(dir, sizeof(dir)))
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir,
		 kp_probe_kind__is_user(kind) ? "uprobe_events" : "kprobe_events");
	return access(path, W_OK) == 0;
}

bool kp_probe_tracefs__wanted(const struct kp_probe_set *set, enum kp_probe_backend backend,
			      unsigned int maxactive)
{
	bool have[4] = { false }, missing[4] = { false };

	if (!set || !set->nr_points || backend == KP_BACKEND_PMU)
		return false;
	if (backend == KP_BACKEND_TRACEFS)
		return true;
	for (int i = 0; i < set->nr_matches; i++)
		if (set->matches[i].spec->backend == KP_BACKEND_TRACEFS)
			return true;
	for (int i = 0; i < set->nr_points; i++) {
		enum kp_probe_kind kind = set->points[i].kind;
		struct kp_probe_pmu pmu;

		if (maxactive && kind == KP_PROBE_KRETPROBE)
			return true;
		if (!have[kind]) {
			have[kind] = true;
			/* Without the PMU, tracefs if it can; else the PMU's error says why. */
			missing[kind] = kp_probe_pmu__find(kind, NULL, &pmu) == -ENOENT &&
					tracefs__has_events(kind);
		}
		if (missing[kind])
			return true;
	}
	return false;
}

void kp_probe_tracefs_location(const struct kp_probe_point *point, char *addr, size_t size)
{
	if (point->path)
		snprintf(addr, size, "%s:%#" PRIx64, point->path, point->offset);
	else if (!point->symbol)
		snprintf(addr, size, "%#" PRIx64, point->addr + point->offset);
	else if (point->offset)
		snprintf(addr, size, "%s+%" PRIu64, point->symbol, point->offset);
	else
		snprintf(addr, size, "%s", point->symbol);
}

char *kp_probe_tracefs_args(const struct kp_probe_spec *spec)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < spec->nr_args; i++)
		len += strlen(spec->args[i].fetch) + 2 +
		       (spec->args[i].name ? strlen(spec->args[i].name) : 0);
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (int i = 0; i < spec->nr_args; i++) {
		if (i)
			strcat(s, " ");
		if (spec->args[i].name) {
			strcat(s, spec->args[i].name);
			strcat(s, "=");
		}
		strcat(s, spec->args[i].fetch);
	}
	return s;
}

/* The event name in the group: the point's name after "group:", unique in @tf. */
static char *tracefs__name(struct kp_probe_tracefs *tf, const struct kp_probe_point *point)
{
	const char *colon = strchr(point->event, ':');
	const char *base = colon ? colon + 1 : point->event;
	char name[KP_EVENT_NAME_MAX + 1];

	snprintf(name, sizeof(name), "%s", base);
	for (int n = 2;; n++) {
		bool dup = false;

		for (int i = 0; i < tf->nr && !dup; i++)
			dup = tf->names[i] && !strcmp(tf->names[i], name);
		if (!dup)
			break;
		snprintf(name, sizeof(name), "%.*s_%d", KP_EVENT_NAME_MAX - 12, base, n & 0xffff);
	}
	return strdup(name);
}

/*
 * A kretprobe with a maxactive, "r<N>:group/event addr args" written to
 * kprobe_events by hand: libtracefs 1.6 writes the definition the kernel
 * refuses ("Group name must follow the same rules as C identifiers").  The
 * handle comes back from tracefs_dynevent_get(), for destroy; NULL with errno.
 */
static struct tracefs_dynevent *tracefs__kretprobe_max(const char *group, const char *name,
						       const char *addr, const char *args,
						       unsigned int max)
{
	char dir[256], path[320], *def;
	struct tracefs_dynevent *dev;
	int err = 0, fd;

	if (kp_tracefs_dir(dir, sizeof(dir)))
		return NULL;
	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	if (asprintf(&def, "r%u:%s/%s %s%s%s\n", max, group, name, addr, *args ? " " : "",
		     args) < 0)
		return NULL;
	/* Not stdio: fopen("a") seeks to the end, which kprobe_events refuses (EINVAL). */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0 || write(fd, def, strlen(def)) != (ssize_t)strlen(def))
		err = errno ?: EINVAL;
	if (fd >= 0)
		close(fd);
	free(def);
	if (err) {
		errno = err;
		return NULL;
	}
	dev = tracefs_dynevent_get(TRACEFS_DYNEVENT_KRETPROBE, group, name);
	if (!dev)
		errno = ENOENT;
	return dev;
}

static struct tracefs_dynevent *tracefs__alloc(const struct kp_probe_tracefs *tf,
					       const struct kp_probe_point *point,
					       const char *name, const char *args)
{
	char addr[4096], gbuf[128];
	const char *group = kp_probe_tracefs__group(tf, point, gbuf, sizeof(gbuf));

	switch (point->kind) {
	case KP_PROBE_KPROBE:
		kp_probe_tracefs_location(point, addr, sizeof(addr));
		return tracefs_kprobe_alloc(group, name, addr, args);
	case KP_PROBE_KRETPROBE:
		kp_probe_tracefs_location(point, addr, sizeof(addr));
		if (tf->maxactive)
			return tracefs__kretprobe_max(group, name, addr, args, tf->maxactive);
		return tracefs_kretprobe_alloc(group, name, addr, args, 0);
	case KP_PROBE_UPROBE:
		return tracefs_uprobe_alloc(group, name, point->path, point->offset, args);
	case KP_PROBE_URETPROBE:
		return tracefs_uretprobe_alloc(group, name, point->path, point->offset, args);
	}
	return NULL;
}

/* One line for a refused probe: the kernel's error_log when it says something. */
static void tracefs__strerror(const struct kp_probe_point *point, const char *spec, int err,
			      char *buf, size_t size)
{
	char *log = tracefs_error_last(NULL);
	char *what = log ? strstr(log, "error: ") : NULL;

	if (what) {
		what += strlen("error: ");
		what[strcspn(what, "\n")] = 0;
	}
	if (err == EACCES || err == EPERM)
		snprintf(buf, size, "no permission to create probe '%s' in tracefs: it needs root "
			 "(CAP_SYS_ADMIN)%s", spec,
			 kp_probe_kind__is_user(point->kind) ?
			 "; '--engine=ptrace' probes your own programs without privileges" : "");
	else if ((err == ENOENT || err == ENODEV) && kp_probe_kind__is_user(point->kind))
		snprintf(buf, size, "cannot register uprobe '%s': no uprobe_events in tracefs (the "
			 "kernel needs CONFIG_UPROBE_EVENTS)", spec);
	else if (err == ENOENT || err == ENODEV)
		snprintf(buf, size, "cannot register kprobe '%s': this kernel has no kprobes (no "
			 "kprobe_events in tracefs; it was built without CONFIG_KPROBES / "
			 "CONFIG_KPROBE_EVENTS)", spec);
	else if (what && *what)
		snprintf(buf, size, "the kernel refused probe '%s': %s", spec, what);
	else
		snprintf(buf, size, "the kernel refused probe '%s': %s", spec, strerror(err));
	free(log);
}

int kp_probe_tracefs__create(struct kp_probe_tracefs *tf, struct kp_probe_set *set, char *errbuf,
			     size_t errsz)
{
	int err;

	tf->devs = calloc(set->nr_points ?: 1, sizeof(*tf->devs));
	tf->names = calloc(set->nr_points ?: 1, sizeof(*tf->names));
	if (!tf->devs || !tf->names)
		goto out_nomem;
	for (int i = 0; i < set->nr_points; i++) {
		struct kp_probe_point *point = &set->points[i];
		const struct kp_probe_spec *spec = set->matches[point->match].spec;
		struct tracefs_dynevent *dev;
		bool created;
		char *args;

		tf->nr = i + 1;
		if (point->dropped)
			continue;
		if (!tracefs__has_events(point->kind)) {
			tracefs__strerror(point, spec->str, ENOENT, errbuf, errsz);
			return -ENOENT;
		}
		tf->names[i] = tracefs__name(tf, point);
		args = kp_probe_tracefs_args(spec);
		if (!tf->names[i] || !args) {
			free(args);
			goto out_nomem;
		}
		tracefs_error_clear(NULL);
		errno = 0;
		dev = tracefs__alloc(tf, point, tf->names[i], args);
		free(args);
		created = point->kind == KP_PROBE_KRETPROBE && tf->maxactive;
		if (!dev && !created)
			goto out_nomem;
		if (!dev || (!created && tracefs_dynevent_create(dev))) {
			err = errno ?: EINVAL;
			if (dev)
				tracefs_dynevent_free(dev);
			if (spec->is_glob) {
				if (kp_probe_set__drop(set, point))
					goto out_nomem;
				continue;
			}
			tracefs__strerror(point, spec->str, err, errbuf, errsz);
			return -err;
		}
		tf->devs[i] = dev;
	}
	return 0;
out_nomem:
	snprintf(errbuf, errsz, "cannot create the probes: %s", strerror(ENOMEM));
	return -ENOMEM;
}

int kp_probe_tracefs__id(const struct kp_probe_tracefs *tf, const struct kp_probe_set *set, int i,
			 uint64_t *id)
{
	char gbuf[128];

	if (i < 0 || i >= tf->nr || !tf->names[i])
		return -ENOENT;
	return kp_tracefs_event_id(kp_probe_tracefs__group(tf, &set->points[i], gbuf, sizeof(gbuf)),
				   tf->names[i], id);
}

int kp_probe_tracefs__add_events(struct kp_probe_tracefs *tf, struct kp_probe_set *set,
				 struct kp_evlist *evlist, const struct perf_event_attr *tmpl,
				 int nr_fds_per_event, char *errbuf, size_t errsz)
{
	int err = kp_probe_tracefs__create(tf, set, errbuf, errsz), nr = 0;

	if (err)
		return err;
	for (int i = 0; i < set->nr_points; i++) {
		struct kp_probe_point *point = &set->points[i];
		struct perf_event_attr attr = *tmpl;
		struct kp_evsel *evsel;
		uint64_t id;

		if (point->dropped)
			continue;
		err = kp_probe_tracefs__id(tf, set, i, &id);
		if (err) {
			snprintf(errbuf, errsz, "cannot find the tracepoint of probe '%s/%s': %s",
				 tf->group, tf->names[i], strerror(-err));
			return err;
		}
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = id;
		attr.config1 = attr.config2 = 0;
		err = kp_evlist__add(evlist, &attr, point->event, &evsel);
		if (err) {
			snprintf(errbuf, errsz, "cannot set up the probes: %s", strerror(-err));
			return err;
		}
		evsel->priv = point;
		nr++;
	}
	if (!nr) {
		snprintf(errbuf, errsz, "the kernel refused every probe");
		return -EINVAL;
	}
	err = kp_probe_raise_nofile((size_t)nr * nr_fds_per_event);
	if (err)
		snprintf(errbuf, errsz,
			 "%d probes need %zu descriptors: raise the hard limit ('ulimit -Hn')", nr,
			 (size_t)nr * nr_fds_per_event);
	return err;
}

/*
 * kprobe_profile: "  [GROUP/]EVENT NHIT NMISSED" (older kernels print the event
 * name alone); uprobe_profile: "  FILE [GROUP/]EVENT NHIT".
 */
static int tracefs__profile(const char *file, const char *group, const char *name, bool uprobe,
			    uint64_t *nhit, uint64_t *nmissed)
{
	char *buf, *line, *save = NULL, full[160];
	size_t size;
	int err = kp_tracefs_read(file, &buf, &size), found = -ENOENT;

	if (err)
		return err;
	snprintf(full, sizeof(full), "%s/%s", group, name);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char f1[4096], f2[4096];
		unsigned long long a = 0, b = 0;
		const char *ev;

		if (uprobe) {
			if (sscanf(line, " %4095s %4095s %llu", f1, f2, &a) != 3)
				continue;
			ev = f2;
		} else {
			if (sscanf(line, " %4095s %llu %llu", f1, &a, &b) != 3)
				continue;
			ev = f1;
		}
		/* The group-qualified name wins over a bare name of another group. */
		if (!strcmp(ev, full) || (found && !strcmp(ev, name))) {
			*nhit = a;
			*nmissed = b;
			found = 0;
			if (!strcmp(ev, full))
				break;
		}
	}
	free(buf);
	return found;
}

int kp_probe_tracefs__misses(const struct kp_probe_tracefs *tf, const struct kp_probe_set *set,
			     struct kp_probe_miss *misses)
{
	for (int i = 0; i < set->nr_points; i++) {
		const struct kp_probe_point *point = &set->points[i];
		bool user = kp_probe_kind__is_user(point->kind);
		uint64_t nhit = 0, nmissed = 0;
		char gbuf[128];

		memset(&misses[i], 0, sizeof(misses[i]));
		if (i >= tf->nr || !tf->devs[i])
			continue;
		if (tracefs__profile(user ? "uprobe_profile" : "kprobe_profile",
				     kp_probe_tracefs__group(tf, point, gbuf, sizeof(gbuf)),
				     tf->names[i], user, &nhit, &nmissed))
			continue;
		misses[i].hits_known = true;
		misses[i].hits = nhit;
		misses[i].missed_known = !user;
		misses[i].missed = user ? 0 : nmissed;
	}
	return 0;
}

static int tracefs__free(struct kp_probe_tracefs *tf, bool destroy)
{
	int ret = 0;

	for (int i = 0; i < tf->nr; i++) {
		if (tf->devs && tf->devs[i]) {
			if (destroy && tracefs_dynevent_destroy(tf->devs[i], false) &&
			    tracefs_dynevent_destroy(tf->devs[i], true) && !ret)
				ret = -(errno ?: EBUSY);
			tracefs_dynevent_free(tf->devs[i]);
		}
		if (tf->names)
			free(tf->names[i]);
	}
	free(tf->devs);
	free(tf->names);
	tf->devs = NULL;
	tf->names = NULL;
	tf->nr = 0;
	return ret;
}

int kp_probe_tracefs__destroy(struct kp_probe_tracefs *tf)
{
	return tracefs__free(tf, true);
}

void kp_probe_tracefs__exit(struct kp_probe_tracefs *tf)
{
	tracefs__free(tf, false);
}

bool kp_probe_tracefs_group_pid(const char *group, pid_t *pid)
{
	const char *p = group + strlen(KP_TRACEFS_GROUP_PREFIX);
	char *end;
	long v;

	if (strncmp(group, KP_TRACEFS_GROUP_PREFIX, strlen(KP_TRACEFS_GROUP_PREFIX)) ||
	    !isdigit((unsigned char)*p))
		return false;
	v = strtol(p, &end, 10);
	if (*end || v <= 0 || v > INT32_MAX)
		return false;
	if (pid)
		*pid = (pid_t)v;
	return true;
}

/* Whether @pid is a running kprof (a reused pid runs something else). */
static bool kprof_alive(pid_t pid)
{
	char path[64], *comm = NULL;
	size_t size;
	bool alive;

	if (kill(pid, 0) && errno == ESRCH)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (kp_read_file(path, &comm, &size))
		return false;
	alive = !strncmp(comm, "kprof", 5);
	free(comm);
	return alive;
}

/* Same group and event. */
static bool dynevent_same(struct tracefs_dynevent *a, struct tracefs_dynevent *b)
{
	char *ga = NULL, *ea = NULL, *gb = NULL, *eb = NULL;
	bool same;

	tracefs_dynevent_info(a, &ga, &ea, NULL, NULL, NULL);
	tracefs_dynevent_info(b, &gb, &eb, NULL, NULL, NULL);
	same = ga && gb && ea && eb && !strcmp(ga, gb) && !strcmp(ea, eb);
	free(ga);
	free(ea);
	free(gb);
	free(eb);
	return same;
}

struct tracefs_dynevent **kp_probe_tracefs_get_all(void)
{
	struct tracefs_dynevent **all;
	int n = 0;

	all = tracefs_dynevent_get_all(TRACEFS_DYNEVENT_KPROBE | TRACEFS_DYNEVENT_KRETPROBE |
				       TRACEFS_DYNEVENT_UPROBE | TRACEFS_DYNEVENT_URETPROBE,
				       NULL);
	for (int i = 0; all && all[i]; i++) {
		bool dup = false;

		for (int j = 0; j < n && !dup; j++)
			dup = dynevent_same(all[j], all[i]);
		if (dup)
			tracefs_dynevent_free(all[i]);
		else
			all[n++] = all[i];
	}
	if (all)
		all[n] = NULL;
	return all;
}

int kp_probe_tracefs_remove_stale(int *nr)
{
	struct tracefs_dynevent **all;
	int n = 0, ret = 0;

	if (nr)
		*nr = 0;
	all = kp_probe_tracefs_get_all();
	if (!all)
		return 0;
	for (int i = 0; all[i]; i++) {
		char *system = NULL, *event = NULL;
		pid_t pid;

		tracefs_dynevent_info(all[i], &system, &event, NULL, NULL, NULL);
		if (system && kp_probe_tracefs_group_pid(system, &pid) && pid != getpid() &&
		    !kprof_alive(pid)) {
			if (tracefs_dynevent_destroy(all[i], true))
				ret = ret ?: -(errno ?: EBUSY);
			else
				n++;
		}
		free(system);
		free(event);
	}
	tracefs_dynevent_list_free(all);
	if (nr)
		*nr = n;
	return ret;
}
