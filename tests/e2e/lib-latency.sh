# SPDX-License-Identifier: GPL-2.0
# Helpers for latency tests (report --latency, stat --latency) on tests/targets/lat-sleep.
#
#	buckets FUNC FILE     "LOW COUNT" of every non-empty histogram line of FUNC
#	expected FUNC LOG     "LOW COUNT" per log2 bucket of FUNC's calls as lat-sleep -l measured them
#	row FUNC FILE         the table row "count missed" of FUNC

T="$TARGETS/lat-sleep"

buckets() {
	awk -v f="Function = $1" '
		$0 == f { on = 1; next }
		/^Function = / { on = 0 }
		on && $2 == "->" && $5 != 0 { print $1, $5 }' "$2"
}

expected() {
	awk -v f="$1" '$1 == f { low = 1; while (low * 2 <= $2) low *= 2; c[low]++ }
		END { for (l in c) print l, c[l] }' "$2" | sort -n
}

row() {
	awk -v f="$1" '$1 ~ /^[0-9]+$/ && $NF == f { print $1, $2 }' "$2"
}
