# SPDX-License-Identifier: GPL-2.0
# Helpers for report tests: compare kprof report with perf report row by row.
#
#	report_rows <out.txt            # "event|overhead|samples|comm|dso|sym" per row
#	compare_reports FILE [SORT]     # perf's and kprof's rows of FILE must be equal
#
# Rows are cut at the column boundaries given by each table's dots line, so
# names with spaces stay whole; the last column runs to the end of the line.

report_rows() {
	awk '
	/^# Samples: / {
		ev = $0
		sub(/^.* of events? \047/, "", ev)
		sub(/\047.*$/, "", ev)
		next
	}
	/^# \.+/ {
		n = 0
		pos = 1
		while (match(substr($0, pos), /\.+/)) {
			s = pos + RSTART - 1
			n++
			st[n] = s
			w[n] = RLENGTH
			pos = s + RLENGTH
		}
		next
	}
	/^#/ || /^$/ { next }
	n {
		out = ev
		for (i = 1; i <= n; i++) {
			f = (i == n) ? substr($0, st[i]) : substr($0, st[i], w[i])
			gsub(/^ +| +$/, "", f)
			out = out "|" f
		}
		print out
	}'
}

# compare_reports FILE [SORT]: perf report and kprof report agree on every row
# (overhead, sample count and keys) and on the order of the rows.  Leaves
# perf.rows and kprof.rows behind.
compare_reports() {
	sort_keys=${2:-comm,dso,sym}
	perf report --stdio -n -i "$1" --sort "$sort_keys" >perf.out 2>perf.err &&
	kprof report --stdio -n -i "$1" --sort "$sort_keys" >kprof.out 2>kprof.err &&
	report_rows <perf.out >perf.rows &&
	report_rows <kprof.out >kprof.rows &&
	test -s perf.rows &&
	test_cmp perf.rows kprof.rows
}
