#!/usr/bin/env bash
# Still-open incidents and the Kaplan–Meier estimate of TTR against an
# independent computation (kaplan_meier.py reads the export itself, with the
# convention README.md states): a textbook case with a known answer (the
# 6-MP arm of Freireich et al., 1963: median 23, p90 not reached; hours
# here), a generated history with incidents open at its end, and the real
# ServiceNow export (tests/data; no incident is open at its export time, so
# the estimate is the resolved times' own). Each line is
# month|incidents|still_open|left_out|km_n|km_median_min|km_p90_min.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
PY=/usr/bin/python3
KM=tests/check/kaplan_meier.py
. tests/check/common.bash

recur_lines() { # db, then months: recur's figures in kaplan_meier.py's form
	local db=$1 m
	shift
	for m in "$@"; do
		"$RECUR" --db "$db" metrics --month "$m" --format csv | tr -d '\r' |
			awk -F, -v m="$m" '$1 == "still_open" && $2 == "cur" { v[$3] = $4 }
			function q(k) {
				if (v[k "_reached"] == "true") return sprintf("%.1f", v[k "_min"])
				return v["km_n"] > 0 ? "not reached" : "-"
			}
			END { printf "%s|%d|%d|%d|%d|%s|%s\n", m, v["incidents"], v["still_open"],
			      v["left_out"], v["km_n"], q("km_median"), q("km_p90") }'
	done
}

same() { # name, python file, recur file
	diff "$2" "$3" >"$tmp/diff"
	local rc=$?
	result $rc "$1"
	[ $rc = 0 ] || sed 's/^/#   /' "$tmp/diff"
	sed 's/^/#   /' "$2"
}

# 1. the textbook case, with one incident closed without resolution and one
#    resolved before it opened (in neither estimate)
$PY $KM freireich >"$tmp/f.csv"
"$RECUR" --db "$tmp/f.db" import "$tmp/f.csv" >/dev/null 2>"$tmp/err"
result $? "imports the textbook case"
$PY $KM csv "$tmp/f.csv" 2026-10 2026-09 >"$tmp/f.py"
recur_lines "$tmp/f.db" 2026-10 2026-09 >"$tmp/f.recur"
[ "$(head -1 "$tmp/f.py")" = "2026-10|23|12|2|21|1380.0|not reached" ]
result $? "the independent estimate gives the known answer: median 23 h, p90 not reached"
same "recur equals it: 12 still open, median 1380.0 min, p90 not reached" "$tmp/f.py" "$tmp/f.recur"
"$RECUR" --db "$tmp/f.db" metrics --month 2026-10 --format csv | grep -q '^still_open,cur,provisional,true,'
result $? "12 of 23 still open: the resolved-only figures are provisional"
"$RECUR" --db "$tmp/f.db" report --month 2026-10 --format md --out "$tmp/f" >/dev/null &&
	grep -q '^| TTR (time to resolve), provisional |' "$tmp/f/review-2026-10.md" &&
	grep -q '^| October 2026 | 23 | 12 (52.2%) | 2 | 9 | .* (provisional) | 23.0 h | not reached |$' \
		"$tmp/f/review-2026-10.md" &&
	grep -q '^\*\*Still open\*\* at the data.s export time (2026-10-31 00:00): 12 of 23' \
		"$tmp/f/review-2026-10.md"
result $? "the review shows the count, both medians, 'not reached' and 'provisional'"

# 2. a generated history: incidents still open at its end
"$RECUR" gen --incidents 5000 --months 2 --seed 3 >"$tmp/g.csv"
"$RECUR" --db "$tmp/g.db" import "$tmp/g.csv" >/dev/null
$PY $KM csv "$tmp/g.csv" 2026-09 2026-10 >"$tmp/g.py"
recur_lines "$tmp/g.db" 2026-09 2026-10 >"$tmp/g.recur"
grep -q '^2026-10|2648|10|' "$tmp/g.py"
result $? "the generated October has 10 incidents still open"
same "recur equals the independent estimate on 5,000 generated incidents" "$tmp/g.py" "$tmp/g.recur"

# 3. the real ServiceNow export
DATA=tests/data/servicenow/incident_event_log.csv.gz
"$RECUR" --db "$tmp/s.db" import "$DATA" >/dev/null
$PY $KM servicenow "$DATA" 2016-03 2016-04 >"$tmp/s.py"
recur_lines "$tmp/s.db" 2016-03 2016-04 >"$tmp/s.recur"
same "recur equals the independent reading of the ServiceNow export (March, April 2016)" \
	"$tmp/s.py" "$tmp/s.recur"
"$RECUR" --db "$tmp/s.db" metrics --month 2016-04 --format csv | grep -q '^still_open,all,export_time,2017-02-15 15:00,'
result $? "ServiceNow's export time is its latest timestamp, 2017-02-15 15:00"
