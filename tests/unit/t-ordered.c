// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/ordered.h"
#include "tests/unit/tap.h"

static char out[256];

static int deliver(struct kp_ordered *oe, struct kp_ordered_event *ev, void *data)
{
	size_t n = strlen(out);

	snprintf(out + n, sizeof(out) - n, "%s%llu", n ? " " : "",
		 (unsigned long long)ev->timestamp);
	return ev->timestamp == 666 ? -42 : 0;
}

static union perf_event ev = { .header = { .type = PERF_RECORD_SAMPLE, .size = 8 } };

static void q(struct kp_ordered *oe, uint64_t ts, bool copy)
{
	check_int(kp_ordered__queue(oe, &ev, ts, 0, copy), ==, 0);
}

int main(void)
{
	struct kp_ordered oe;

	kp_ordered__init(&oe, deliver, NULL);
	check_int(kp_ordered__queue(&oe, &ev, 0, 0, false), ==, -ETIME);
	check_int(kp_ordered__queue(&oe, &ev, ~0ULL, 0, false), ==, -ETIME);

	/* the first round only sets the limit; the next delivers up to it */
	q(&oe, 5, false), q(&oe, 3, true), q(&oe, 9, true);
	kp_ordered__flush(&oe, KP_OE_FLUSH_ROUND);
	check_str(out, "");
	q(&oe, 4, true), q(&oe, 12, false);
	kp_ordered__flush(&oe, KP_OE_FLUSH_ROUND);
	check_str(out, "3 4 5 9");
	kp_ordered__flush(&oe, KP_OE_FLUSH_ROUND);
	check_str(out, "3 4 5 9 12");
	check_int(oe.nr, ==, 0);
	/* a round on an empty queue leaves the limit at 12 */
	kp_ordered__flush(&oe, KP_OE_FLUSH_ROUND);
	check_uint(oe.next_flush, ==, 12);
	q(&oe, 8, true); /* older than the last delivered: counted */
	check_uint(oe.nr_unordered, ==, 1);
	/* the queue was empty: the newest timestamp restarts from 8 */
	check_uint(oe.max_timestamp, ==, 8);
	q(&oe, 20, true), q(&oe, 14, true);
	kp_ordered__flush(&oe, KP_OE_FLUSH_ROUND);
	check_str(out, "3 4 5 9 12 8");
	kp_ordered__flush(&oe, KP_OE_FLUSH_FINAL);
	check_str(out, "3 4 5 9 12 8 14 20");

	/* equal timestamps keep arrival order; HALF delivers the older half */
	out[0] = 0;
	q(&oe, 100, true), q(&oe, 300, true), q(&oe, 100, true), q(&oe, 200, true);
	kp_ordered__flush(&oe, KP_OE_FLUSH_HALF);
	check_str(out, "100 100 200");
	kp_ordered__flush(&oe, KP_OE_FLUSH_FINAL);
	check_str(out, "100 100 200 300");
	check_int(oe.nr, ==, 0);

	/* a delivery error stops the flush and is returned */
	out[0] = 0;
	q(&oe, 666, true), q(&oe, 700, true);
	check_int(kp_ordered__flush(&oe, KP_OE_FLUSH_FINAL), ==, -42);
	check_int(oe.nr, ==, 1);

	/* many copies: chunks are freed as their records are delivered */
	for (int i = 0; i < 100000; i++)
		if (kp_ordered__queue(&oe, &ev, 1000 + i, 0, true))
			break;
	check_int(oe.nr, ==, 100001);
	out[0] = 0;
	kp_ordered__flush(&oe, KP_OE_FLUSH_FINAL);
	check_int(oe.nr, ==, 0);
	check_uint(oe.copied_bytes, <=, 300 * 1024);
	kp_ordered__exit(&oe);
	return test_done();
}
