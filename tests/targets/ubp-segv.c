// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-segv: a program that catches its own SIGSEGV.  ubp_touch() writes to a
 * page that is PROT_NONE on every odd call; the SIGSEGV handler
 * (ubp_on_segv) makes the page writable, the write is retried and succeeds,
 * and the page is protected again.  N calls (default 100) make N / 2 faults.
 * Prints "touches 100 faults 50 sum 5050" and exits 0.
 *
 *	ubp-segv [N]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile unsigned long *page;
static volatile sig_atomic_t faults;

__attribute__((noinline)) void ubp_on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if ((unsigned long *)si->si_addr != page)
		_exit(99);
	faults++;
	mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
}

__attribute__((noinline)) void ubp_touch(unsigned long i)
{
	*page += i;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	struct sigaction sa;

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = ubp_on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	for (unsigned long i = 1; i <= n; i++) {
		if (i % 2)
			mprotect((void *)page, 4096, PROT_NONE);
		ubp_touch(i);
	}
	printf("touches %lu faults %d sum %lu\n", n, (int)faults, *page);
	return 0;
}
