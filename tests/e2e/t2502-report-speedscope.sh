#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
test_description='report --speedscope: speedscope JSON, sampled and evented profiles'
. "$(dirname "$0")/test-lib.sh"

# The published schema (speedscope's file-format-schema.json) is not reachable
# offline: this jq program checks what it requires, and what speedscope's
# importer relies on.  It prints "ok", or the first violation.
cat >check.jq <<'JQ'
def fail(m): error(m);
def isint: type == "number" and . == floor and . >= 0;
. as $f
| ($f.shared.frames | length) as $nf
| if $f["$schema"] != "https://www.speedscope.app/file-format-schema.json" then fail("$schema") else . end
| if ($f.shared.frames | type) != "array" then fail("shared.frames") else . end
| if any($f.shared.frames[]; (.name | type) != "string") then fail("frame without a name") else . end
| if ($f.profiles | type) != "array" or ($f.profiles | length) == 0 then fail("profiles") else . end
| if ($f.activeProfileIndex | isint | not) or $f.activeProfileIndex >= ($f.profiles | length)
  then fail("activeProfileIndex") else . end
| if ($f.exporter | type) != "string" or ($f.name | type) != "string" then fail("name/exporter") else . end
| [$f.profiles[] |
    if (.name | type) != "string" then fail("profile name") else . end
    | if (.unit | IN("none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes") | not)
      then fail("unit " + (.unit | tostring)) else . end
    | if (.startValue | type) != "number" or (.endValue | type) != "number" or .endValue < .startValue
      then fail("start/endValue") else . end
    | if .type == "sampled" then
        if (.samples | length) != (.weights | length) then fail("samples and weights differ") else . end
        | if any(.samples[][]; (isint | not) or . >= $nf) then fail("bad frame index") else . end
        | if any(.weights[]; type != "number" or . < 0) then fail("bad weight") else . end
        | if ([.weights[]] | add) != .endValue - .startValue then fail("weights do not sum to endValue") else . end
      elif .type == "evented" then
        . as $p
        | reduce .events[] as $e ({stack: [], at: $p.startValue};
            if ($e.frame | isint | not) or $e.frame >= $nf then fail("bad event frame") else . end
            | if $e.at < .at or $e.at > $p.endValue then fail("events out of order") else . end
            | .at = $e.at
            | if $e.type == "O" then .stack += [$e.frame]
              elif $e.type == "C" then
                if (.stack | length) == 0 or .stack[-1] != $e.frame then fail("unbalanced C") else . end
                | .stack |= .[:-1]
              else fail("event type") end)
        | if (.stack | length) != 0 then fail("unclosed frames") else . end
      else fail("profile type " + (.type | tostring)) end
  ]
| "ok"
JQ

check() {
	jq -r -f check.jq "$1"
}

# folded FILE: the sampled profiles as "root;...;leaf COUNT", summed over threads
folded() {
	jq -r '.shared.frames as $fr | .profiles[] | select(.type == "sampled") |
		range(0; .samples | length) as $i |
		"\([.samples[$i][] | $fr[.].name] | join(";")) \(.weights[$i])"' "$1" |
	awk '{ c = $NF; $NF = ""; sub(/ $/, ""); agg[$0] += c } END { for (k in agg) print k, agg[k] }' |
	sort
}

kprof_folded() {
	kprof report --folded -i "$1" | sed -e "s/^[^;]*;//" -e "s/_\[k\]//g" |
	awk '{ c = $NF; $NF = ""; sub(/ $/, ""); agg[$0] += c } END { for (k in agg) print k, agg[k] }' |
	sort
}

test_expect_success JQ 'the checker finds violations' '
	echo "{}" >bad.json && ! check bad.json 2>/dev/null &&
	cat >bad2.json <<-\EOF &&
	{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[{"name":"a"}]},
	 "profiles":[{"type":"evented","name":"x","unit":"none","startValue":0,"endValue":9,
	  "events":[{"type":"O","frame":0,"at":1},{"type":"C","frame":0,"at":0}]}],
	 "name":"x","activeProfileIndex":0,"exporter":"x"}
	EOF
	! check bad2.json 2>/dev/null &&
	sed "s/\"at\":0}/\"at\":2}/" bad2.json >good.json && check good.json
'

test_expect_success JQ 'stacks of kprof record -g: valid, the same stacks and counts as --folded' '
	kprof record -q -g -o g.data -- "$TARGETS/cc-fp" 50000000 &&
	kprof report --speedscope g.json -i g.data >out &&
	test_must_be_empty out &&
	echo ok >expect && check g.json >actual && test_cmp expect actual &&
	kprof_folded g.data >expect && folded g.json >actual && test_cmp expect actual &&
	test_grep "main;a;b;leaf " actual
'

test_expect_success JQ 'one sampled profile per event and thread, weights summing to the samples' '
	kprof record -q -e cpu-clock -e task-clock -o two.data -- "$TARGETS/threads" 2 200 &&
	kprof report --speedscope - -i two.data >two.json &&
	echo ok >expect && check two.json >actual && test_cmp expect actual &&
	kprof report --json -s tid -i two.data |
		jq -r ".events[] | .name as \$e | .rows[] | \"\(.tid) \(\$e) \(.samples)\"" | sort >expect &&
	jq -r ".profiles[] | (.name | capture(\"tid (?<t>[0-9]+)\\\\) (?<e>.*)\")) as \$n |
		\"\(\$n.t) \(\$n.e) \(.endValue)\"" two.json | sort >actual &&
	test_cmp expect actual &&
	test $(wc -l <actual) -ge 6
'

test_expect_success JQ,UPROBES 'entry and return probes: an evented profile of the calls, nested' '
	T="$TARGETS/lat-sleep" &&
	kprof record -q -o lat.data -u "$T:lat_*" -U "$T:lat_*" -- "$T" &&
	kprof report --speedscope lat.json -i lat.data &&
	echo ok >expect && check lat.json >actual && test_cmp expect actual &&
	jq -r ".shared.frames as \$fr | .profiles[] | select(.type == \"evented\") | .events[] |
		select(.type == \"O\") | \$fr[.frame].name" lat.json | sort | uniq -c |
		awk "{ print \$2, \$1 }" >actual &&
	cat >expect <<-\EOF &&
	probe_lat_sleep:lat_a 4
	probe_lat_sleep:lat_b 2
	probe_lat_sleep:lat_c 1
	probe_lat_sleep:lat_recurse 4
	EOF
	test_cmp expect actual &&
	jq "[.profiles[] | select(.type == \"evented\") | foreach .events[] as \$e (0;
		if \$e.type == \"O\" then . + 1 else . - 1 end)] | max" lat.json >actual &&
	echo 4 >expect && test_cmp expect actual
'

test_expect_success JQ,PERF 'perf'"'"'s files too' '
	perf record -q -g -o perf.data -- "$TARGETS/cc-fp" 50000000 >/dev/null 2>&1 &&
	kprof report --speedscope perf.json -i perf.data &&
	echo ok >expect && check perf.json >actual && test_cmp expect actual &&
	kprof_folded perf.data >expect && folded perf.json >actual && test_cmp expect actual
'

test_done
