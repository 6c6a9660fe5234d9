// SPDX-License-Identifier: GPL-2.0
/* libprobe-lib.so: a shared library with functions probe-uselib calls a known number of times. */
volatile unsigned long plib_sink;

__attribute__((noinline)) void plib_work(void)
{
	plib_sink++;
}

__attribute__((noinline)) void plib_other(void)
{
	plib_sink += 2;
}
