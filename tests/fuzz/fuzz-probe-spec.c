// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: probe specs (`--uprobe BIN:SYM+OFF ARGS`, `--kprobe …`), as
 * record, stat and top parse them. The first byte picks the probe kind, the
 * rest is the spec.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_probe_spec spec;
	enum kp_probe_kind kind;
	char err[256], *str;

	if (!size)
		return 0;
	kind = (enum kp_probe_kind)(data[0] % 4);
	str = malloc(size);
	if (!str)
		return 0;
	memcpy(str, data + 1, size - 1);
	str[size - 1] = '\0';
	memset(err, 0, sizeof(err));
	if (!kp_probe_spec__parse(&spec, kind, str, err, sizeof(err)))
		kp_probe_spec__exit(&spec);
	else if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n') || !err[0])
		abort();	/* errors are one non-empty line */
	free(str);
	return 0;
}
