/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records for what existed before recording started, read from /proc, in the
 * shape perf writes them so readers build the same threads and maps: the
 * kernel map ("[kernel.kallsyms]_text"), and per process FORK and COMM for
 * every thread and an MMAP2 for every executable mapping of /proc/PID/maps.
 * Records carry a zeroed sample_id trailer of @id_size bytes, as perf's do.
 */
#ifndef KPROF_LIB_SYNTHESIZE_H
#define KPROF_LIB_SYNTHESIZE_H

#include <perf/event.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct kp_synth {
	unsigned int id_size;		/* kp_sample__id_size() of the first event */
	int (*fn)(void *arg, union perf_event *event);	/* receives each record */
	void *arg;
	const char *proc;		/* "/proc" unless a test says otherwise */
};

/*
 * PERF_RECORD_MMAP of pid -1 for the kernel text from /proc/kallsyms (_text to
 * _etext).  Returns 0, also when the addresses are hidden (kptr_restrict; then
 * nothing is written), or the first non-zero return of fn / -errno.
 */
int kp_synthesize__kernel_mmap(const struct kp_synth *s);

/*
 * A whole process: FORK and COMM for each thread of /proc/PID/task (the main
 * thread's parent from its status file, other threads' parent the main thread),
 * then MMAP2 for the process's executable maps (none for kernel threads).
 * A process that vanished meanwhile is not an error.
 */
int kp_synthesize__process(const struct kp_synth *s, pid_t pid);

/* One thread (-t): COMM, and the process's executable maps. */
int kp_synthesize__thread(const struct kp_synth *s, pid_t tid);

/* Only a COMM record for @pid (the forked workload before its exec). */
int kp_synthesize__comm(const struct kp_synth *s, pid_t pid);

/* Every process of /proc (-a). */
int kp_synthesize__all(const struct kp_synth *s);

/* One line of /proc/PID/maps. */
struct kp_maps_entry {
	uint64_t start, end, pgoff;
	uint32_t maj, min;
	uint64_t ino;
	uint32_t prot, flags;		/* PROT_*, MAP_PRIVATE or MAP_SHARED */
	const char *name;		/* into the line: path, "[vdso]", or "//anon" */
};

/* Parse a maps line (its trailing newline is cut).  Returns 0 or -EINVAL. */
int kp_synthesize__parse_maps_line(char *line, struct kp_maps_entry *e);

#endif /* KPROF_LIB_SYNTHESIZE_H */
