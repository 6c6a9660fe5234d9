#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='golden attrs: KPROF_DEBUG_ATTR dumps every attr record opens'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'default: cpu-clock at 4000 Hz, enabled at exec, tracking on' '
	KPROF_DEBUG_ATTR=$PWD/attr kprof record -q -o d.data -- true &&
	cat >expect <<-\EOF &&
	event cpu-clock
	  type                     1
	  size                     128
	  sample_freq              4000
	  sample_type              IP|TID|TIME|PERIOD
	  read_format              ID|LOST
	  disabled                 1
	  inherit                  1
	  mmap                     1
	  comm                     1
	  freq                     1
	  enable_on_exec           1
	  task                     1
	  sample_id_all            1
	  exclude_guest            1
	  mmap2                    1
	  comm_exec                1
	EOF
	test_cmp expect attr
'

test_expect_success PERF 'the file holds the attr that was opened' '
	perf evlist -v -i d.data >evlist &&
	echo "cpu-clock: type: 1, size: 128, { sample_period, sample_freq }: 4000, sample_type: IP|TID|TIME|PERIOD, read_format: ID|LOST, disabled: 1, inherit: 1, mmap: 1, comm: 1, freq: 1, enable_on_exec: 1, task: 1, sample_id_all: 1, exclude_guest: 1, mmap2: 1, comm_exec: 1" >expect &&
	test_cmp expect evlist
'

test_expect_success '-c PERIOD -e task-clock -t TID: a period, no PERIOD sample, no inherit' '
	sleep 10 &
	pid=$! &&
	test_when_finished "kill $pid || :" &&
	KPROF_DEBUG_ATTR=$PWD/attr2 kprof record -q -o t.data -t $pid -c 100000 -e task-clock -- true &&
	cat >expect <<-\EOF &&
	event task-clock
	  type                     1
	  size                     128
	  config                   0x1
	  sample_period            100000
	  sample_type              IP|TID|TIME
	  read_format              ID|LOST
	  disabled                 1
	  mmap                     1
	  comm                     1
	  task                     1
	  sample_id_all            1
	  exclude_guest            1
	  mmap2                    1
	  comm_exec                1
	EOF
	test_cmp expect attr2
'

test_expect_success '-a -C 0 with two events of one layout: CPU and ID, tracking on the first only' '
	KPROF_DEBUG_ATTR=$PWD/attr3 kprof record -q -o a.data -a -C 0 -e cpu-clock -e task-clock:u -- true &&
	cat >expect <<-\EOF &&
	event cpu-clock
	  type                     1
	  size                     128
	  sample_freq              4000
	  sample_type              IP|TID|TIME|ID|CPU|PERIOD
	  read_format              ID|LOST
	  disabled                 1
	  inherit                  1
	  mmap                     1
	  comm                     1
	  freq                     1
	  task                     1
	  sample_id_all            1
	  exclude_guest            1
	  mmap2                    1
	  comm_exec                1
	event task-clock:u
	  type                     1
	  size                     128
	  config                   0x1
	  sample_freq              4000
	  sample_type              IP|TID|TIME|ID|CPU|PERIOD
	  read_format              ID|LOST
	  disabled                 1
	  inherit                  1
	  exclude_kernel           1
	  exclude_hv               1
	  freq                     1
	  sample_id_all            1
	  exclude_guest            1
	EOF
	test_cmp expect attr3
'

test_expect_success TRACEFS 'a tracepoint: period 1 with RAW and CPU' '
	KPROF_DEBUG_ATTR=$PWD/attr4 kprof record -q -o tp.data -e sched:sched_switch -- true &&
	id=$(cat /sys/kernel/tracing/events/sched/sched_switch/id) &&
	cat >expect <<-EOF &&
	event sched:sched_switch
	  type                     2
	  size                     128
	  config                   $(printf "%#x" $id)
	  sample_period            1
	  sample_type              IP|TID|TIME|CPU|PERIOD|RAW
	  read_format              ID|LOST
	  disabled                 1
	  inherit                  1
	  mmap                     1
	  comm                     1
	  enable_on_exec           1
	  task                     1
	  sample_id_all            1
	  exclude_guest            1
	  mmap2                    1
	  comm_exec                1
	EOF
	test_cmp expect attr4
'

test_expect_success 'KPROF_DEBUG_ATTR unset: no dump, empty: no dump' '
	KPROF_DEBUG_ATTR= kprof record -q -o e.data -- true &&
	! ls attr5 2>/dev/null
'

test_done
