// SPDX-License-Identifier: GPL-2.0
/*
 * JIT symbol maps: /tmp/perf-PID.map, one "START SIZE name" line per symbol
 * (hex numbers, no 0x needed), written by JIT compilers for profilers.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/symbol.h"

/* perf's hex2u64(): strtoull base 16; returns how many characters it took. */
static size_t hex_prefix(const char *s, uint64_t *val)
{
	char *end;

	*val = strtoull(s, &end, 16);
	return end - s;
}

int kp_symtab__load_perf_map(struct kp_symtab *st, const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int nr = 0, err = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while ((len = getline(&line, &cap, f)) > 0) {
		uint64_t start, size;
		size_t pos;

		line[--len] = '\0';	/* the newline (perf drops the last byte regardless) */
		pos = hex_prefix(line, &start) + 1;
		if ((ssize_t)pos + 2 >= len)
			continue;
		pos += hex_prefix(line + pos, &size) + 1;
		if ((ssize_t)pos + 2 >= len)
			continue;
		err = kp_symtab__add(st, start, size, STB_GLOBAL, STT_FUNC, line + pos,
				     len - pos);
		if (err)
			break;
		nr++;
	}
	free(line);
	fclose(f);
	return err ? err : nr;
}
