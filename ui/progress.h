/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress of a long record or report on a terminal: one line on stderr,
 * redrawn in place ("\r[ kprof report: 12.3 of 48.0 MB (25%), 450123 samples ]"),
 * erased at the end.  Only when stderr is a terminal and not quiet: never a
 * byte on a pipe or in a file.  Nothing is drawn before KP_PROGRESS_MIN bytes,
 * so short runs stay silent; the first line is drawn when that much is done,
 * then at most every KP_PROGRESS_INTERVAL_MS.
 *
 *	struct kp_progress p;
 *	kp_progress__init(&p, "kprof report", file_size, quiet);
 *	... kp_progress__add(&p, event->header.size, 1);	// per record
 *	kp_progress__done(&p);				// before printing anything else
 */
#ifndef KPROF_UI_PROGRESS_H
#define KPROF_UI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#define KP_PROGRESS_MIN (1ULL << 20)
#define KP_PROGRESS_STEP (64ULL << 10)	/* bytes between looks at the clock */
#define KP_PROGRESS_INTERVAL_MS 100

struct kp_progress {
	const char *title;	/* "kprof report" */
	uint64_t total;		/* bytes expected; 0: unknown (a pipe, a recording) */
	uint64_t bytes, samples;
	uint64_t next;		/* bytes at which to look again */
	uint64_t last_ms;	/* last redraw */
	bool enabled;		/* stderr is a terminal, not -q */
	bool shown;		/* a line is on the terminal */
};

void kp_progress__init(struct kp_progress *p, const char *title, uint64_t total, bool quiet);
void kp_progress__draw(struct kp_progress *p);

/* Count @bytes and @samples more. */
static inline void kp_progress__add(struct kp_progress *p, uint64_t bytes, uint64_t samples)
{
	p->bytes += bytes;
	p->samples += samples;
	if (p->bytes >= p->next)
		kp_progress__draw(p);
}

/* The totals so far (a recorder's counters). */
static inline void kp_progress__set(struct kp_progress *p, uint64_t bytes, uint64_t samples)
{
	p->bytes = bytes;
	p->samples = samples;
	if (p->bytes >= p->next)
		kp_progress__draw(p);
}

/* Erase the line (before any other message); drawing may resume later. */
void kp_progress__clear(struct kp_progress *p);
/* Erase the line and stop. */
void kp_progress__done(struct kp_progress *p);

#endif /* KPROF_UI_PROGRESS_H */
