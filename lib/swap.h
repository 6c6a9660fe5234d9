/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Converting records and attrs of a perf.data written on a machine of the other
 * byte order into this machine's order, in place.
 */
#ifndef KPROF_LIB_SWAP_H
#define KPROF_LIB_SWAP_H

#include <linux/perf_event.h>
#include <perf/event.h>
#include <stddef.h>

void kp_swap_header(struct perf_event_header *h);

/*
 * Convert a perf_event_attr of @size bytes (its fields up to @size; the
 * bitfield word is bit-reversed per byte, as big-endian compilers allocate
 * bitfields from the top).  Used both ways.
 */
void kp_swap_attr(struct perf_event_attr *attr, size_t size);

/*
 * Convert the body of a record whose header is already converted.  @attr
 * gives the sample layout (PERF_RECORD_SAMPLE) and the sample_id trailer of
 * other kernel records; NULL when unknown (the trailer is then left alone).
 * Payloads that are byte strings (raw data, stacks, names) are left alone.
 * Returns 0 or -EINVAL when a variable-length field runs past the record.
 */
int kp_swap_event(union perf_event *event, const struct perf_event_attr *attr);

#endif /* KPROF_LIB_SWAP_H */
