// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-dlopen: probes in a library loaded later.  Opens libprobe-lib.so (next
 * to this program) with dlopen, calls plib_work() N times (default 100),
 * closes it, opens it again and calls plib_work() M times (default 10) and
 * plib_other() once.  Prints "opened twice" and exits 0 (1 when the library
 * cannot be loaded).
 *
 *	ubp-dlopen [N [M]]
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *load(const char *self, void (**work)(void), void (**other)(void))
{
	char path[PATH_MAX];
	const char *slash = strrchr(self, '/');
	void *h;

	snprintf(path, sizeof(path), "%.*slibprobe-lib.so", slash ? (int)(slash - self + 1) : 0,
		 self);
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "ubp-dlopen: %s\n", dlerror());
		return NULL;
	}
	*work = (void (*)(void))dlsym(h, "plib_work");
	*other = (void (*)(void))dlsym(h, "plib_other");
	return *work && *other ? h : NULL;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	unsigned long m = argc > 2 ? strtoul(argv[2], NULL, 10) : 10;
	void (*work)(void), (*other)(void);
	void *h = load(argv[0], &work, &other);

	if (!h)
		return 1;
	for (unsigned long i = 0; i < n; i++)
		work();
	dlclose(h);
	h = load(argv[0], &work, &other);
	if (!h)
		return 1;
	for (unsigned long i = 0; i < m; i++)
		work();
	other();
	dlclose(h);
	printf("opened twice\n");
	return 0;
}
