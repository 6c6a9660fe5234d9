// SPDX-License-Identifier: GPL-2.0
/*
 * [vdso] symbols.  The vdso is not a file; perf reads its own process's
 * image (the same kernel gives every process the same one) unless its
 * build-id cache has the recorded one.  So do we: find [vdso] in
 * /proc/self/maps and read the ELF image from memory.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dso.h"

static int vdso__find_self(uint64_t *start, uint64_t *end)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "[vdso]"))
			continue;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, start, end) == 2 && *end > *start)
			ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

int kp_vdso__load_self(struct kp_symtab *st, const uint8_t *bid, int bid_size)
{
	uint64_t start, end;
	void *copy;
	int ret;

	ret = vdso__find_self(&start, &end);
	if (ret)
		return ret;
	/* a private copy: libelf may want to write (e.g. byte-swap) into the image */
	copy = malloc(end - start);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, (const void *)(uintptr_t)start, end - start);
	ret = kp_symtab__load_elf_mem(st, copy, end - start, bid, bid_size);
	free(copy);
	return ret;
}

int kp_vdso__build_id_self(uint8_t id[KP_BUILD_ID_SIZE])
{
	uint64_t start, end;
	void *copy;
	int ret;

	ret = vdso__find_self(&start, &end);
	if (ret)
		return ret;
	copy = malloc(end - start);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, (const void *)(uintptr_t)start, end - start);
	ret = kp_elf__build_id_mem(copy, end - start, id);
	free(copy);
	return ret;
}
