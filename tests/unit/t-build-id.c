// SPDX-License-Identifier: GPL-2.0
/* Build ids read by kprof equal what readelf -n prints for the same files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "tests/unit/tap.h"

/* The build id readelf prints for @path, or "" */
static void readelf_build_id(const char *path, char *out, size_t sz)
{
	char cmd[512], line[512];
	FILE *p;

	out[0] = '\0';
	snprintf(cmd, sizeof(cmd), "readelf -n '%s' 2>/dev/null", path);
	p = popen(cmd, "r");
	if (!p)
		return;
	while (fgets(line, sizeof(line), p)) {
		char *s = strstr(line, "Build ID: ");

		if (s && sscanf(s + 10, "%127s", out) == 1)
			break;
	}
	pclose(p);
	(void)sz;
}

static void check_file(const char *path)
{
	uint8_t id[KP_BUILD_ID_SIZE];
	char hex[KP_BUILD_ID_HEX_SIZE], want[128];
	int n;

	readelf_build_id(path, want, sizeof(want));
	if (!want[0]) {
		tap_skip("readelf shows no build id");
		return;
	}
	n = kp_build_id__read_file(path, id);
	check_int(n, ==, 20);
	check_str(kp_build_id__hex(id, n, hex), want);
}

int main(void)
{
	static const unsigned char note[] = {
		4, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 'G', 'N', 'U', 0, 0xab, 0xcd, 0xef, 0,
	};
	static const unsigned char other_then_gnu[] = {
		4, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 'G', 'N', 'U', 0, 1, 2, 3, 4,
		4, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 'G', 'N', 'U', 0, 0x12, 0x34, 0, 0,
	};
	uint8_t id[KP_BUILD_ID_SIZE];
	char hex[KP_BUILD_ID_HEX_SIZE];
	char self[4096];
	ssize_t n;

	check_int(kp_build_id__from_notes(note, sizeof(note), id), ==, 3);
	check_str(kp_build_id__hex(id, 3, hex), "abcdef");
	check_int(kp_build_id__from_notes(other_then_gnu, sizeof(other_then_gnu), id), ==, 2);
	check_str(kp_build_id__hex(id, 2, hex), "1234");
	/* A note whose descriptor runs past the blob is not read. */
	check_int(kp_build_id__from_notes(note, sizeof(note) - 4, id), ==, -ENOENT);
	check_int(kp_build_id__from_notes(note, 5, id), ==, -ENOENT);

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		check_file(self);
	}
	check_file("/bin/sh");
	check_int(kp_build_id__read_file("/nonexistent/file", id), ==, -ENOENT);
	check_int(kp_build_id__read_file("/etc/passwd", id), ==, -ENOEXEC);
	return test_done();
}
