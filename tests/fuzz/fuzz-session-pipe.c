// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: a perf.data arriving on a pipe, as
 * `perf record -o - | kprof report` and `cat perf.data | kprof report`.
 * Inputs are capped at the pipe's size (run with -max_len=65536) so the whole
 * input is written before it is read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "tests/fuzz/fuzz-session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int p[2], saved;

	if (size > 65536)
		return 0;
	if (pipe2(p, O_CLOEXEC))
		abort();
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	if (size && write(p[1], data, size) != (ssize_t)size)
		abort();
	close(p[1]);
	saved = dup(0);
	if (saved < 0 || dup2(p[0], 0) < 0)
		abort();
	close(p[0]);
	fuzz_session_run(NULL);
	if (dup2(saved, 0) < 0)
		abort();
	close(saved);
	return 0;
}
