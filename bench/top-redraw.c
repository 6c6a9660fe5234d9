// SPDX-License-Identifier: GPL-2.0
/*
 * bench/top-redraw: the browser's frame time with many distinct symbols.
 *
 *	top-redraw [NR_SYMBOLS [FRAMES [TTY [g]]]]
 *
 * Fills lib/top's table with NR_SYMBOLS (default 20000) distinct symbols,
 * then for FRAMES frames (default 200) does what `kprof top` does once per
 * interval -- new hits, kp_top__snapshot(), the browser's copy, sort and
 * filter, a full redraw -- plus a page of scrolling, rendering through
 * ncurses to TTY (default /dev/null: newterm on it, size from $LINES and
 * $COLUMNS, or a tmux pane's tty).  Prints the mean, median and worst frame
 * times in ms, wall clock and the process's CPU time (the CPU figure is what
 * a loaded machine does not inflate).  With "g", every hit comes with a stack
 * of four frames (the symbol, two callers picked from it, a common root), as
 * `kprof top -g` counts, and every row's tree is open (`E`).  Built and run by
 * bench/top.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/top.h"
#include "ui/tui/hist-browser.h"

static double now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
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
	int stacks = argc > 4 && argv[4][0] == 'g';
	struct kp_hist_browser hb = { 0 };
	struct kp_top_key *keys;
	struct kp_snapshot snap;
	struct kp_top *top;
	double *t, *cpu, sum = 0, cpu_sum = 0;
	char (*names)[32];
	static int dso;

	keys = calloc(nr, sizeof(*keys));
	names = calloc(nr, sizeof(*names));
	t = calloc(frames, sizeof(*t));
	cpu = calloc(frames, sizeof(*cpu));
	if (!keys || !names || !t || !cpu || kp_top__new(&top))
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
	snap.has_callchains = snap.has_children = stacks;
	if (kp_hist_browser__start(&hb, tty)) {
		fprintf(stderr, "top-redraw: cannot open a terminal on '%s'\n", tty);
		return 1;
	}
	for (int f = 0; f < frames; f++) {
		double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);

		for (int i = 0; i < 4000; i++) {	/* one interval's samples at 4 kHz */
			int k = rand() % nr;

			if (stacks) {
				struct kp_top_key st[4] = { keys[k], keys[(k * 7 + 1) % nr],
							    keys[(k * 13 + 5) % nr], keys[0] };

				kp_top__add_stack(top, st, 4, 1);
			} else {
				kp_top__add(top, &keys[k], 1);
			}
		}
		kp_top__snapshot(top, &snap, 1.0);
		kp_hist_browser__update(&hb, &snap);
		if (stacks && !f)
			kp_hist_browser__key(&hb, 'E');
		kp_hist_browser__key(&hb, f % 2 ? KP_KEY_PGDN : KP_KEY_DOWN);
		kp_hist_browser__draw(&hb);
		t[f] = now_ms(CLOCK_MONOTONIC) - t0;
		cpu[f] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		sum += t[f];
		cpu_sum += cpu[f];
	}
	kp_hist_browser__exit(&hb);
	qsort(t, frames, sizeof(*t), cmp_double);
	qsort(cpu, frames, sizeof(*cpu), cmp_double);
	printf("symbols %d frames %d wall: mean %.2f median %.2f worst %.2f ms; "
	       "cpu: mean %.2f median %.2f worst %.2f ms\n", nr, frames, sum / frames,
	       t[frames / 2], t[frames - 1], cpu_sum / frames, cpu[frames / 2], cpu[frames - 1]);
	kp_top__delete(top);
	kp_snapshot__exit(&snap);
	free(keys);
	free(names);
	free(t);
	free(cpu);
	return 0;
}
