// SPDX-License-Identifier: GPL-2.0
/*
 * libubp-ctor.so: its constructor calls ubp_ctor_work() 3 times, before the
 * program's entry point (ld.so runs it); the program calls it too.
 */
volatile unsigned long ubp_ctor_sink;

__attribute__((noinline)) void ubp_ctor_work(void)
{
	ubp_ctor_sink++;
}

__attribute__((constructor)) static void ubp_ctor_init(void)
{
	for (int i = 0; i < 3; i++)
		ubp_ctor_work();
}
