// SPDX-License-Identifier: GPL-2.0
#include <byteswap.h>
#include <errno.h>
#include <string.h>

#include "lib/sample.h"
#include "tests/unit/tap.h"

static uint64_t buf[64];

/* A sample record of @n body words. */
static union perf_event *mk(const uint64_t *words, int n, bool swap)
{
	struct perf_event_header *h = (void *)buf;
	int i;

	memset(buf, 0, sizeof(buf));
	h->type = PERF_RECORD_SAMPLE;
	h->misc = PERF_RECORD_MISC_USER;
	h->size = 8 + 8 * n;
	for (i = 0; i < n; i++)
		buf[1 + i] = swap ? bswap_64(words[i]) : words[i];
	return (union perf_event *)buf;
}

static void test_basic(void)
{
	struct perf_event_attr attr = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_ID | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD |
			       PERF_SAMPLE_CALLCHAIN,
		.sample_period = 4000,
		.freq = 1,
	};
	uint64_t w[] = { 0x401000, 7ULL << 32 | 5, 123456789, 42, 1, 4001, 2, 0xa, 0xb };
	struct kp_sample s;

	check_int(kp_sample__parse(&s, &attr, mk(w, 9, false), false), ==, 0);
	check_uint(s.ip, ==, 0x401000);
	check_int(s.pid, ==, 5);
	check_int(s.tid, ==, 7);
	check_uint(s.time, ==, 123456789);
	check_uint(s.id, ==, 42);
	check_int(s.cpu, ==, 1);
	check_uint(s.period, ==, 4001);
	check(s.callchain != NULL);
	check_uint(s.callchain->nr, ==, 2);
	check_uint(s.callchain->ips[1], ==, 0xb);
	check_int(s.misc, ==, PERF_RECORD_MISC_USER);
	check(s.has_time && s.has_cpu && s.has_tid);
	/* callchain longer than the record */
	w[6] = 3;
	check_int(kp_sample__parse(&s, &attr, mk(w, 9, false), false), ==, -EINVAL);
	/* record cut before the period */
	check_int(kp_sample__parse(&s, &attr, mk(w, 5, false), false), ==, -EINVAL);
	/* byte-swapped: pid and tid are two u32 in the writer's order */
	{
		uint64_t sw[] = { 0x401000, 0, 99, 42, 0, 10, 0 };
		union perf_event *ev = mk(sw, 7, true);
		uint32_t pidtid[2] = { bswap_32(5), bswap_32(7) }, cpu[2] = { bswap_32(3), 0 };

		memcpy(&buf[2], pidtid, 8);
		memcpy(&buf[5], cpu, 8);
		check_int(kp_sample__parse(&s, &attr, ev, true), ==, 0);
		check_uint(s.ip, ==, 0x401000);
		check_int(s.pid, ==, 5);
		check_int(s.tid, ==, 7);
		check_uint(s.time, ==, 99);
		check_int(s.cpu, ==, 3);
		check_uint(s.period, ==, 10);
	}
}

static void test_no_period(void)
{
	struct perf_event_attr attr = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID,
		.sample_period = 100000,
	};
	uint64_t w[] = { 1, 2, 3, 4 };
	struct kp_sample s;

	/* perf uses attr.sample_period when the record has no period (-c N) */
	check_int(kp_sample__parse(&s, &attr, mk(w, 4, false), false), ==, 0);
	check_uint(s.period, ==, 100000);
	check_int(kp_sample__id_pos(&attr), ==, 3);
	check_int(kp_sample__id_pos_other(&attr), ==, 1);
	attr.sample_id_all = 1;
	check_int(kp_sample__id_size(&attr), ==, 24);
	attr.sample_type |= PERF_SAMPLE_CPU | PERF_SAMPLE_STREAM_ID;
	check_int(kp_sample__id_pos_other(&attr), ==, 3);
	attr.sample_type |= PERF_SAMPLE_IDENTIFIER;
	check_int(kp_sample__id_pos(&attr), ==, 0);
	check_int(kp_sample__id_pos_other(&attr), ==, 1);
	attr.sample_type = PERF_SAMPLE_IP;
	check_int(kp_sample__id_pos(&attr), ==, -1);
	check_int(kp_sample__id_pos_other(&attr), ==, -1);
}

static void test_id_trailer(void)
{
	struct perf_event_attr attr = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_CPU | PERF_SAMPLE_IDENTIFIER,
		.sample_id_all = 1,
	};
	/* a LOST record: id, lost, then tid, time, cpu, identifier */
	uint64_t w[] = { 9, 17, 3ULL << 32 | 2, 555, 1, 77 };
	union perf_event *ev = mk(w, 6, false);
	struct kp_sample s;

	ev->header.type = PERF_RECORD_LOST;
	check_int(kp_sample__parse_id(&s, &attr, ev, false), ==, 0);
	check_int(s.pid, ==, 2);
	check_int(s.tid, ==, 3);
	check_uint(s.time, ==, 555);
	check_int(s.cpu, ==, 1);
	check_uint(s.id, ==, 77);
	ev->header.size = 8 + 16;
	check_int(kp_sample__parse_id(&s, &attr, ev, false), ==, -EINVAL);
	attr.sample_id_all = 0;
	check_int(kp_sample__parse_id(&s, &attr, ev, false), ==, 0);
	check(!s.has_time);
}

static void test_raw_and_stack(void)
{
	struct perf_event_attr attr = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_RAW | PERF_SAMPLE_REGS_USER |
			       PERF_SAMPLE_STACK_USER,
		.sample_regs_user = 0x7,
	};
	uint64_t w[16] = { 0x10 };
	uint32_t rawsz = 12;
	struct kp_sample s;
	union perf_event *ev;

	/* raw: u32 size + 12 bytes = 16 bytes (2 words); regs: abi + 3; stack: 8 bytes */
	w[3] = 2; /* abi */
	w[4] = 1, w[5] = 2, w[6] = 3; /* regs */
	w[7] = 8; /* stack size */
	w[8] = 0x1122334455667788ULL; /* stack bytes */
	w[9] = 6; /* dyn size */
	ev = mk(w, 10, false);
	memcpy(&buf[2], &rawsz, 4);
	check_int(kp_sample__parse(&s, &attr, ev, false), ==, 0);
	check_int(s.raw_size, ==, 12);
	check(s.raw_data == (uint8_t *)&buf[2] + 4);
	check_uint(s.user_abi, ==, 2);
	check_uint(s.user_regs[2], ==, 3);
	check_uint(s.user_stack_size, ==, 8);
	check_uint(s.user_stack_dyn_size, ==, 6);
	rawsz = 1000;
	memcpy(&buf[2], &rawsz, 4);
	check_int(kp_sample__parse(&s, &attr, ev, false), ==, -EINVAL);
}

static void test_read(void)
{
	struct perf_event_attr attr = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_READ,
		.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID | PERF_FORMAT_LOST |
			       PERF_FORMAT_TOTAL_TIME_ENABLED,
	};
	/* ip, nr, enabled, { value, id, lost } x 2 */
	uint64_t w[] = { 0x10, 2, 999, 100, 7, 0, 200, 8, 0 };
	struct kp_sample s;

	check_int(kp_sample__parse(&s, &attr, mk(w, 9, false), false), ==, 0);
	check_uint(s.read.nr, ==, 2);
	check_int(s.read.stride, ==, 3);
	check_uint(s.read.entries[3], ==, 200);
	check_uint(s.read.entries[4], ==, 8);
	w[1] = 3;
	check_int(kp_sample__parse(&s, &attr, mk(w, 9, false), false), ==, -EINVAL);
	/* a single counter: value, enabled, id, lost */
	attr.read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST | PERF_FORMAT_TOTAL_TIME_ENABLED;
	{
		uint64_t one[] = { 0x10, 500, 999, 9, 0 };

		check_int(kp_sample__parse(&s, &attr, mk(one, 5, false), false), ==, 0);
		check_uint(s.read.nr, ==, 1);
		check(s.read.entries == NULL);
		check_uint(s.read.one_value, ==, 500);
		check_uint(s.read.one_id, ==, 9);
		check_int(kp_sample__parse(&s, &attr, mk(one, 4, false), false), ==, -EINVAL);
	}
}

int main(void)
{
	test_read();
	test_basic();
	test_no_period();
	test_id_trailer();
	test_raw_and_stack();
	return test_done();
}
