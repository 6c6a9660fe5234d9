// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/map.h"
#include "lib/thread.h"

struct kp_comm_chunk {
	struct kp_comm_chunk *next;
	size_t used;
	char data[16384];
};

static char *threads__comm_alloc(struct kp_threads *threads, size_t size)
{
	struct kp_comm_chunk *c = threads->comms;

	if (size > sizeof(c->data))
		return NULL;
	if (!c || c->used + size > sizeof(c->data)) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->used = 0;
		c->next = threads->comms;
		threads->comms = c;
	}
	c->used += size;
	return c->data + c->used - size;
}

void kp_threads__init(struct kp_threads *threads)
{
	memset(threads, 0, sizeof(*threads));
}

void kp_threads__exit(struct kp_threads *threads)
{
	struct kp_thread *t = threads->all, *next;

	for (; t; t = next) {
		next = t->all_next;
		kp_maps__put(t->maps);
		free(t);
	}
	while (threads->comms) {
		struct kp_comm_chunk *c = threads->comms->next;

		free(threads->comms);
		threads->comms = c;
	}
	free(threads->hash);
	kp_threads__init(threads);
}

static inline size_t tid_bucket(const struct kp_threads *threads, pid_t tid)
{
	return ((size_t)(unsigned int)tid * 2654435761u) & (threads->nr_buckets - 1);
}

struct kp_thread *kp_threads__find(struct kp_threads *threads, pid_t tid)
{
	struct kp_thread *t = threads->last;

	if (t && t->tid == tid)
		return t;
	if (!threads->nr_buckets)
		return NULL;
	for (t = threads->hash[tid_bucket(threads, tid)]; t; t = t->hnext) {
		if (t->tid == tid) {
			threads->last = t;
			return t;
		}
	}
	return NULL;
}

static int threads__grow(struct kp_threads *threads)
{
	size_t old = threads->nr_buckets, n = old ? old * 2 : 256, i;
	struct kp_thread **hash = calloc(n, sizeof(*hash)), **oldh = threads->hash;

	if (!hash)
		return -ENOMEM;
	threads->hash = hash;
	threads->nr_buckets = n;
	for (i = 0; i < old; i++) {
		struct kp_thread *t = oldh[i], *next;

		for (; t; t = next) {
			size_t b = tid_bucket(threads, t->tid);

			next = t->hnext;
			t->hnext = hash[b];
			hash[b] = t;
		}
	}
	free(oldh);
	return 0;
}

struct kp_thread *kp_threads__add(struct kp_threads *threads, pid_t pid, pid_t tid)
{
	struct kp_thread *t;
	size_t b;

	if (threads->nr >= threads->nr_buckets && threads__grow(threads))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->comm = threads__comm_alloc(threads, KP_COMM_LEN);
	if (!t->comm) {
		free(t);
		return NULL;
	}
	snprintf(t->comm, KP_COMM_LEN, ":%d", tid);
	t->pid = pid;
	t->tid = tid;
	t->ppid = -1;
	b = tid_bucket(threads, tid);
	t->hnext = threads->hash[b];
	threads->hash[b] = t;
	t->all_next = threads->all;
	threads->all = t;
	threads->nr++;
	threads->last = t;
	return t;
}

void kp_threads__remove(struct kp_threads *threads, struct kp_thread *thread)
{
	struct kp_thread **p;

	if (threads->last == thread)
		threads->last = NULL;
	if (!threads->nr_buckets)
		return;
	for (p = &threads->hash[tid_bucket(threads, thread->tid)]; *p; p = &(*p)->hnext) {
		if (*p == thread) {
			*p = thread->hnext;
			thread->hnext = NULL;
			threads->nr--;
			return;
		}
	}
}

int kp_thread__set_comm(struct kp_threads *threads, struct kp_thread *thread, const char *comm)
{
	size_t len = strnlen(comm, 4096);
	char *s;

	if (!thread->comm_set && len < KP_COMM_LEN) {
		memcpy(thread->comm, comm, len + 1);
	} else if (strcmp(thread->comm, comm)) {
		s = threads__comm_alloc(threads, len + 1);
		if (!s)
			return -ENOMEM;
		memcpy(s, comm, len);
		s[len] = '\0';
		thread->comm = s;
	}
	thread->comm_set = true;
	return 0;
}
