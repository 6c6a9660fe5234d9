/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Threads of a machine, by tid, following perf's rules: a thread first seen
 * with pid != tid shares its process leader's address space; a new thread is
 * named ":TID" until a COMM (or its parent's comm at FORK) names it.
 */
#ifndef KPROF_LIB_THREAD_H
#define KPROF_LIB_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct kp_maps;

#define KP_COMM_LEN 32

struct kp_thread {
	pid_t pid, tid, ppid;
	/*
	 * The comm as perf keeps it: the first name given to a thread
	 * overwrites its ":TID" placeholder in place (perf's comm__override),
	 * later ones are new strings.  Strings live as long as the machine.
	 */
	char *comm;
	bool comm_set;
	bool dead;		/* an EXIT was seen */
	struct kp_maps *maps;
	struct kp_thread *hnext;	/* hash chain (live threads) */
	struct kp_thread *all_next;	/* every thread ever created, for freeing */
};

struct kp_comm_chunk;

struct kp_threads {
	struct kp_thread **hash;
	size_t nr, nr_buckets;
	struct kp_thread *all;
	struct kp_thread *last;		/* last match, as perf caches it */
	struct kp_comm_chunk *comms;
};

void kp_threads__init(struct kp_threads *threads);
void kp_threads__exit(struct kp_threads *threads);
struct kp_thread *kp_threads__find(struct kp_threads *threads, pid_t tid);
/* A new thread (pid, tid) named ":TID", without maps; NULL on ENOMEM. */
struct kp_thread *kp_threads__add(struct kp_threads *threads, pid_t pid, pid_t tid);
/* Drop @thread from the table (it stays allocated). */
void kp_threads__remove(struct kp_threads *threads, struct kp_thread *thread);

/* perf's __thread__set_comm(): override the placeholder, or add a new comm. */
int kp_thread__set_comm(struct kp_threads *threads, struct kp_thread *thread, const char *comm);

#endif /* KPROF_LIB_THREAD_H */
