// SPDX-License-Identifier: GPL-2.0
/* libFuzzer harness: `-e EVENT` strings, as record and stat parse them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse-events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kp_event_spec spec;
	char err[256], *str;

	str = malloc(size + 1);
	if (!str)
		return 0;
	memcpy(str, data, size);
	str[size] = '\0';
	memset(&spec, 0, sizeof(spec));
	if (!kp_parse_event(str, &spec, err, sizeof(err)))
		kp_event_spec__exit(&spec);
	else if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n'))
		abort();	/* errors are one line */
	free(str);
	return 0;
}
