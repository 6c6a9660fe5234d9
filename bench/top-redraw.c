// SPDX-License-Identifier: GPL-2.0
/*
 * bench/top-redraw: the browser's frame time with many distinct symbols.
 *
 *	top-redraw [NR_SYMBOLS [FRAMES [TTY]]]
 *
 * Fills lib/top's table with NR_SYMBOLS (default 20000) distinct symbols,
 * then for FRAMES frames (default 200) does what `kprof top` does once per
 * interval -- new hits, kp_top__snapshot(), the browser's copy, sort and
 * filter, a full redraw -- plus a page of scrolling, rendering through
 * ncurses to TTY (default /dev/null: newterm on it, size from $LINES and
 * $COLUMNS, or a tmux pane's tty).  Prints the mean, median and worst frame
 * times in ms.  Built and run by bench/top.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/top.h"
#include "ui/tui/hist-browser.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int nr = argc > 1 ? atoi(argv[1]) : 20000;
	int frames = argc > 2 ? atoi(argv[2]) : 200;
	const char *tty = argc > 3 ? argv[3] : "/dev/null";
	struct kp_hist_browser hb = { 0 };
	struct kp_top_key *keys;
	struct kp_snapshot snap;
	struct kp_top *top;
	double *t, sum = 0;
	char (*names)[32];
	static int dso;

	keys = calloc(nr, sizeof(*keys));
	names = calloc(nr, sizeof(*names));
	t = calloc(frames, sizeof(*t));
	if (!keys || !names || !t || kp_top__new(&top))
		return 1;
	kp_snapshot__init(&snap);
	snap.live = true;
	snprintf(snap.events, sizeof(snap.events), "cpu-clock");
	srand(1);
	for (int i = 0; i < nr; i++) {
		snprintf(names[i], sizeof(names[i]), "bench_symbol_%05d", i);
		keys[i] = (struct kp_top_key){ .dso = &dso, .dso_name = "bench", .sym = names[i],
					       .sym_name = names[i], .level = i % 5 ? '.' : 'k' };
		kp_top__add(top, &keys[i], 1 + rand() % 1000);
	}
	if (kp_hist_browser__start(&hb, tty)) {
		fprintf(stderr, "top-redraw: cannot open a terminal on '%s'\n", tty);
		return 1;
	}
	for (int f = 0; f < frames; f++) {
		double t0 = now_ms();

		for (int i = 0; i < 4000; i++)	/* one interval's samples at 4 kHz */
			kp_top__add(top, &keys[rand() % nr], 1);
		kp_top__snapshot(top, &snap, 1.0);
		kp_hist_browser__update(&hb, &snap);
		kp_hist_browser__key(&hb, f % 2 ? KP_KEY_PGDN : KP_KEY_DOWN);
		kp_hist_browser__draw(&hb);
		t[f] = now_ms() - t0;
		sum += t[f];
	}
	kp_hist_browser__exit(&hb);
	qsort(t, frames, sizeof(*t), cmp_double);
	printf("symbols %d frames %d mean %.2f ms median %.2f ms worst %.2f ms\n", nr, frames,
	       sum / frames, t[frames / 2], t[frames - 1]);
	kp_top__delete(top);
	kp_snapshot__exit(&snap);
	free(keys);
	free(names);
	free(t);
	return 0;
}
