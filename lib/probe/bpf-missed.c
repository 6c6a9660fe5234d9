// SPDX-License-Identifier: GPL-2.0
/* Miss counts of PMU kprobes from BPF perf links (Linux >= 6.7); see bpf-missed.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <internal/evsel.h>
#include <internal/xyarray.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "lib/evlist.h"
#include "lib/probe/bpf-missed.h"
#include "lib/probe/pmu.h"

/*
 * struct bpf_link_info up to perf_event.kprobe.missed, as Linux 6.7's uapi
 * lays it out (Debian 12's linux/bpf.h and libbpf 1.1 predate the perf_event
 * member, added in 6.6, and its missed field, added in 6.7): type, id and
 * prog_id, then the union at offset 16, whose perf_event arm is a u32 type
 * (enum bpf_perf_event_type), 32 bits of padding, and for kprobes and
 * kretprobes: func_name (in: a buffer, out: the symbol), name_len, offset,
 * addr, missed.  56 bytes: a kernel whose bpf_link_info is shorter (6.1 and
 * 6.6: 48) refuses the call with E2BIG, as the tail we pass is not zero.
 */
struct kp_bpf_link_info {
	uint32_t type;
	uint32_t id;
	uint32_t prog_id;
	uint32_t pad;
	struct {
		uint32_t type;
		uint32_t pad;
		uint64_t func_name;
		uint32_t name_len;
		uint32_t offset;
		uint64_t addr;
		uint64_t missed;
	} perf_event;
} __attribute__((aligned(8)));

_Static_assert(sizeof(struct kp_bpf_link_info) == 56, "bpf_link_info of Linux 6.7");
_Static_assert(__builtin_offsetof(struct kp_bpf_link_info, perf_event.missed) == 48,
	       "bpf_link_info.perf_event.kprobe.missed of Linux 6.7");

/* What the kernel leaves untouched when it has no missed field to fill. */
#define MISSED_UNSET UINT64_MAX

struct bpf_missed_evsel {
	const struct kp_evsel *evsel;
	int prog_fd;
	int *link_fds;
	int nr_links;
	bool complete;		/* every descriptor of the event is linked */
};

struct kp_bpf_missed {
	struct bpf_missed_evsel *evsels;
	int nr;
};

int kp_bpf_missed_prog(int *prog_fd)
{
	/* r0 = 1; exit: the hit goes on to the perf event */
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "kprof_missed", "GPL", insns, 2, NULL);

	if (fd < 0)
		return fd;	/* libbpf returns -errno */
	*prog_fd = fd;
	return 0;
}

int kp_bpf_missed_link(int prog_fd, int event_fd, int *link_fd)
{
	int fd = bpf_link_create(prog_fd, event_fd, BPF_PERF_EVENT, NULL);

	if (fd < 0)
		return fd;
	*link_fd = fd;
	return 0;
}

int kp_bpf_missed_query(int link_fd, uint32_t *type, uint64_t *missed)
{
	struct kp_bpf_link_info info;
	uint32_t len = sizeof(info);
	char name[256];
	int err;

	memset(&info, 0, sizeof(info));
	/* 6.6 fills nothing of perf_event without a name buffer */
	info.perf_event.func_name = (uint64_t)(uintptr_t)name;
	info.perf_event.name_len = sizeof(name);
	info.perf_event.missed = MISSED_UNSET;
	err = bpf_obj_get_info_by_fd(link_fd, &info, &len);
	if (err == -E2BIG)
		return -ENODATA;	/* a bpf_link_info without the field */
	if (err)
		return err;
	*type = info.perf_event.type;
	if (len < sizeof(info) || info.perf_event.missed == MISSED_UNSET ||
	    (info.perf_event.type != KP_BPF_PERF_EVENT_KPROBE &&
	     info.perf_event.type != KP_BPF_PERF_EVENT_KRETPROBE))
		return -ENODATA;
	*missed = info.perf_event.missed;
	return 0;
}

/* Hits the kernel kept from the events because another BPF program ran (6.7+). */
static uint64_t prog_recursion_misses(int prog_fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len) ||
	    len < __builtin_offsetof(struct bpf_prog_info, recursion_misses) + 8)
		return 0;
	return info.recursion_misses;
}

static bool is_kprobe(const struct kp_evsel *evsel)
{
	enum kp_probe_kind kind;

	return evsel->core && kp_probe_pmu__is_probe(&evsel->attr, &kind) &&
	       (kind == KP_PROBE_KPROBE || kind == KP_PROBE_KRETPROBE);
}

/* Link every open descriptor of @e->evsel; returns the first error, or 0. */
static int bpf_missed__link_evsel(struct bpf_missed_evsel *e)
{
	struct perf_evsel *core = e->evsel->core;
	int nr_cpus = perf_cpu_map__nr(perf_evsel__cpus(core));
	int nr_threads = perf_thread_map__nr(perf_evsel__threads(core));
	int err;

	e->link_fds = calloc((size_t)nr_cpus * nr_threads ?: 1, sizeof(int));
	if (!e->link_fds)
		return -ENOMEM;
	err = kp_bpf_missed_prog(&e->prog_fd);
	if (err)
		return err;
	for (int c = 0; c < nr_cpus; c++) {
		for (int t = 0; t < nr_threads; t++) {
			int *fd = core->fd ? xyarray__entry(core->fd, c, t) : NULL;

			if (!fd || *fd < 0)
				continue;
			err = kp_bpf_missed_link(e->prog_fd, *fd, &e->link_fds[e->nr_links]);
			if (err)
				return err;
			e->nr_links++;
		}
	}
	e->complete = e->nr_links > 0;
	return 0;
}

static void bpf_missed__close(struct bpf_missed_evsel *e)
{
	for (int i = 0; i < e->nr_links; i++)
		close(e->link_fds[i]);
	if (e->prog_fd >= 0)
		close(e->prog_fd);
	free(e->link_fds);
	e->link_fds = NULL;
	e->nr_links = 0;
	e->prog_fd = -1;
	e->complete = false;
}

int kp_bpf_missed__attach(struct kp_bpf_missed **bmp, struct kp_evlist *evlist)
{
	struct kp_bpf_missed *bm;
	size_t nr_fds = 0;
	uint64_t missed;
	uint32_t type;
	int err;

	*bmp = NULL;
	bm = calloc(1, sizeof(*bm));
	if (!bm || !(bm->evsels = calloc(evlist->nr_entries ?: 1, sizeof(*bm->evsels)))) {
		free(bm);
		return -ENOMEM;
	}
	for (int i = 0; i < evlist->nr_entries; i++) {
		struct kp_evsel *evsel = evlist->entries[i];

		if (!is_kprobe(evsel))
			continue;
		bm->evsels[bm->nr].evsel = evsel;
		bm->evsels[bm->nr].prog_fd = -1;
		bm->nr++;
		nr_fds += 1 + (size_t)perf_cpu_map__nr(perf_evsel__cpus(evsel->core)) *
				      perf_thread_map__nr(perf_evsel__threads(evsel->core));
	}
	if (!bm->nr) {
		err = -EOPNOTSUPP;
		goto out_err;
	}
	/* a link and a program besides the events' own descriptors */
	kp_probe_raise_nofile(2 * nr_fds);
	for (int i = 0; i < bm->nr; i++) {
		struct bpf_missed_evsel *e = &bm->evsels[i];

		err = bpf_missed__link_evsel(e);
		if (err == -ENOMEM)
			goto out_err;
		if (i == 0) {
			/* The first link says whether this kernel tells misses at all. */
			if (err || !e->complete ||
			    kp_bpf_missed_query(e->link_fds[0], &type, &missed)) {
				err = -EOPNOTSUPP;
				goto out_err;
			}
		}
		if (err)	/* out of descriptors, ...: this probe has no count */
			bpf_missed__close(e);
	}
	*bmp = bm;
	return 0;
out_err:
	kp_bpf_missed__delete(bm);
	return err;
}

int kp_bpf_missed__read(const struct kp_bpf_missed *bm, const struct kp_evsel *evsel,
			uint64_t *missed)
{
	for (int i = 0; bm && i < bm->nr; i++) {
		const struct bpf_missed_evsel *e = &bm->evsels[i];
		uint64_t sum = 0, m;
		uint32_t type;

		if (e->evsel != evsel)
			continue;
		if (!e->complete)
			return -ENODATA;
		for (int l = 0; l < e->nr_links; l++) {
			if (kp_bpf_missed_query(e->link_fds[l], &type, &m))
				return -ENODATA;
			sum += m;
		}
		*missed = sum + prog_recursion_misses(e->prog_fd);
		return 0;
	}
	return -ENODATA;
}

void kp_bpf_missed__delete(struct kp_bpf_missed *bm)
{
	if (!bm)
		return;
	for (int i = 0; i < bm->nr; i++)
		bpf_missed__close(&bm->evsels[i]);
	free(bm->evsels);
	free(bm);
}
