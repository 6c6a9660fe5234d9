// SPDX-License-Identifier: GPL-2.0
/* A progress line on a terminal's stderr (ui/progress.h). */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ui/progress.h"

static uint64_t progress__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void kp_progress__init(struct kp_progress *p, const char *title, uint64_t total, bool quiet)
{
	*p = (struct kp_progress){
		.title = title,
		.total = total,
		.next = KP_PROGRESS_MIN,
		.enabled = !quiet && isatty(STDERR_FILENO),
	};
	if (!p->enabled)
		p->next = UINT64_MAX;	/* kp_progress__add() never calls in */
}

void kp_progress__draw(struct kp_progress *p)
{
	double mb = p->bytes / 1e6;
	uint64_t now;

	p->next = p->bytes + KP_PROGRESS_STEP;
	if (!p->enabled)
		return;
	now = progress__now_ms();
	if (p->shown && now - p->last_ms < KP_PROGRESS_INTERVAL_MS)
		return;
	p->last_ms = now;
	p->shown = true;
	/* \r to the start of the line, then the text, then erase what is left of the old one */
	if (p->total && p->bytes <= p->total)
		fprintf(stderr, "\r[ %s: %.1f of %.1f MB (%d%%), %llu samples ]\033[K", p->title, mb,
			p->total / 1e6, (int)(p->bytes * 100 / p->total),
			(unsigned long long)p->samples);
	else
		fprintf(stderr, "\r[ %s: %.1f MB, %llu samples ]\033[K", p->title, mb,
			(unsigned long long)p->samples);
	fflush(stderr);
}

void kp_progress__clear(struct kp_progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = false;
}

void kp_progress__done(struct kp_progress *p)
{
	kp_progress__clear(p);
	p->enabled = false;
	p->next = UINT64_MAX;
}
