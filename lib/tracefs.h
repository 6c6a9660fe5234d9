/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding tracefs (mounting it at /sys/kernel/tracing when we are root and it is
 * absent) and reading its files, which report st_size 0 and must be read to EOF.
 */
#ifndef KPROF_LIB_TRACEFS_H
#define KPROF_LIB_TRACEFS_H

#include <stddef.h>
#include <stdint.h>

/* Files larger than this are refused (-EFBIG) rather than read into memory. */
#define KP_TRACEFS_MAX_FILE (64UL << 20)

/*
 * Put the tracefs mount point ("/sys/kernel/tracing") into @buf.  Returns 0,
 * -ENODEV when tracefs is neither mounted nor mountable, -EACCES when it exists
 * but cannot be read (@buf then names it).
 */
int kp_tracefs_dir(char *buf, size_t sz);

/* Read the whole file @rel (relative to the tracefs root) into a malloc'ed, NUL-terminated buffer. */
int kp_tracefs_read(const char *rel, char **buf, size_t *size);

/* Read any file to EOF (procfs, sysfs, tracefs), same contract as kp_tracefs_read(). */
int kp_read_file(const char *path, char **buf, size_t *size);

/*
 * The id of tracepoint @sys:@name (events/@sys/@name/id).  Returns 0,
 * -ENOENT when the tracepoint does not exist, or the error of kp_tracefs_dir()
 * (-ENODEV, -EACCES).
 */
int kp_tracefs_event_id(const char *sys, const char *name, uint64_t *id);

#endif /* KPROF_LIB_TRACEFS_H */
