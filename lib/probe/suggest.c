// SPDX-License-Identifier: GPL-2.0
/* "did you mean ...": the names nearest to an unknown symbol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/resolve.h"

#define MAX_LEN 128

/* Levenshtein distance, giving up (returning @limit + 1) once it exceeds @limit. */
static int distance(const char *a, const char *b, int limit)
{
	int la = strlen(a), lb = strlen(b), row[MAX_LEN + 1];

	if (la > MAX_LEN || lb > MAX_LEN || abs(la - lb) > limit)
		return limit + 1;
	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int diag = row[0], best;

		row[0] = i;
		best = row[0];
		for (int j = 1; j <= lb; j++) {
			int up = row[j], v;

			v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

struct cand {
	const char *name;
	int score;
};

int kp_probe_suggest(const char *name, const char *const *names, size_t nr, int max, char *buf,
		     size_t size)
{
	int len = strlen(name), limit = len < 6 ? 2 : len / 3, n = 0;
	struct cand best[8] = { { 0 } };
	size_t used = 0;

	if (max > 8)
		max = 8;
	buf[0] = 0;
	for (size_t i = 0; i < nr; i++) {
		int score = distance(name, names[i], limit), pos;

		/* A name that starts with what was typed is near too ("vfs_rea" -> "vfs_read"). */
		if (score > limit && len >= 3 && !strncmp(names[i], name, len))
			score = limit;
		if (score > limit)
			continue;
		for (pos = 0; pos < n; pos++) {
			if (!strcmp(best[pos].name, names[i]))
				break;
			if (score < best[pos].score ||
			    (score == best[pos].score && strcmp(names[i], best[pos].name) < 0))
				break;
		}
		if (pos < n && !strcmp(best[pos].name, names[i]))
			continue;
		if (pos >= max)
			continue;
		if (n < max)
			n++;
		memmove(&best[pos + 1], &best[pos], (n - 1 - pos) * sizeof(best[0]));
		best[pos].name = names[i];
		best[pos].score = score;
	}
	for (int i = 0; i < n && used < size; i++) {
		const char *sep = !i ? "" : i == n - 1 ? " or " : ", ";
		int w = snprintf(buf + used, size - used, "%s'%s'", sep, best[i].name);

		if (w < 0)
			break;
		used += w;
	}
	return n;
}
