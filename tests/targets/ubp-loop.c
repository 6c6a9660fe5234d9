// SPDX-License-Identifier: GPL-2.0
/*
 * ubp-loop: a long-lived process for attach tests.  Calls ubp_tick() every
 * millisecond forever; creates FILE once running; on SIGUSR1 prints how many
 * ticks it made and the first byte of ubp_tick's code in hex, and exits 0.
 *
 *	ubp-loop FILE
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t done;
static volatile unsigned long ticks;

static void on_usr1(int sig)
{
	(void)sig;
	done = 1;
}

__attribute__((noinline)) void ubp_tick(void)
{
	ticks++;
}

int main(int argc, char **argv)
{
	struct timespec ms = { 0, 1000000 };
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: ubp-loop FILE\n");
		return 129;
	}
	signal(SIGUSR1, on_usr1);
	fd = open(argv[1], O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
	while (!done) {
		ubp_tick();
		nanosleep(&ms, NULL);
	}
	printf("ticks>0 %d first-byte %02x\n", ticks > 0,
	       *(const volatile unsigned char *)ubp_tick);
	return 0;
}
