/* SPDX-License-Identifier: GPL-2.0 */
/* GNU build ids (NT_GNU_BUILD_ID notes) of ELF files and of the running kernel. */
#ifndef KPROF_LIB_BUILD_ID_H
#define KPROF_LIB_BUILD_ID_H

#include <stddef.h>
#include <stdint.h>

#define KP_BUILD_ID_SIZE 20		/* the most perf.data stores (sha1) */
#define KP_BUILD_ID_HEX_SIZE (2 * KP_BUILD_ID_SIZE + 1)

/* Build id of the ELF file at @path.  Returns its size (1..20) or -errno (-ENOENT: no note). */
int kp_build_id__read_file(const char *path, uint8_t id[KP_BUILD_ID_SIZE]);

/* Build id of the running kernel, from /sys/kernel/notes; same returns. */
int kp_build_id__read_kernel(uint8_t id[KP_BUILD_ID_SIZE]);

/* Build id of a notes blob (the contents of a PT_NOTE segment or SHT_NOTE section). */
int kp_build_id__from_notes(const void *notes, size_t size, uint8_t id[KP_BUILD_ID_SIZE]);

/* Lower-case hex of @size bytes of @id into @buf (KP_BUILD_ID_HEX_SIZE bytes). */
char *kp_build_id__hex(const uint8_t *id, int size, char *buf);

#endif /* KPROF_LIB_BUILD_ID_H */
