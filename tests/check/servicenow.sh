#!/usr/bin/env bash
# The real ServiceNow event log (tests/data/servicenow, read in place,
# gzip): one `recur import` with no options gives 20,769 incidents, and TTR
# median and p90 by priority equal what an independent reader (Python's csv
# module, servicenow_ttr.py) computes from the export with the same collapse
# rule. Also: problem references kept, status changes as timeline events, and
# the import is idempotent.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
DATA="$PWD/tests/data/servicenow/incident_event_log.csv.gz"
. tests/check/common.bash

"$RECUR" --db "$tmp/x.db" import "$DATA" >"$tmp/out" 2>"$tmp/err"
result $? "imports in one command with no options"
grep -q 'servicenow-eventlog, 119998 rows, 20769 new' "$tmp/out"
result $? "detected as the event log: 119,998 rows collapse to 20,769 incidents"
q() { sqlite3 -separator '|' "$tmp/x.db" "$1"; }
[ "$(q "SELECT count(*) FROM incidents")" = 20769 ]
result $? "20,769 incidents in the database"
[ "$(q "SELECT count(*) || '|' || count(DISTINCT problem_ref) FROM incidents WHERE problem_ref IS NOT NULL")" = "324|207" ]
result $? "problem_id kept: 324 incidents link to 207 problems"
[ "$(q "SELECT problem_ref FROM incidents WHERE ext_id = 'INC0000057'")" = "Problem ID  2" ]
result $? "problem references kept as given ('Problem ID  2')"
[ "$(q "SELECT count(*) FROM incident_events WHERE kind = 'status' AND actor LIKE 'Updated by %'")" -gt 60000 ]
result $? "status changes are timeline events with the updating actor"
[ "$(q "SELECT group_concat(ifnull(old_value, '-') || '>' || new_value, ' ') FROM (SELECT e.* FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ext_id = 'INC0000045' ORDER BY e.at)")" = "->New New>Resolved Resolved>Closed" ]
result $? "INC0000045's timeline: New, Resolved, Closed"

q "SELECT priority_label, ifnull(resolved_at - opened_at, '') FROM incidents WHERE source_system = 'servicenow'" >"$tmp/durations"
/usr/bin/python3 tests/check/servicenow_ttr.py --durations "$tmp/durations" >"$tmp/recur.txt"
/usr/bin/python3 tests/check/servicenow_ttr.py "$DATA" >"$tmp/python.txt"
diff "$tmp/python.txt" "$tmp/recur.txt" >"$tmp/diff"
rc=$?
[ $rc = 0 ] || sed 's/^/#   /' "$tmp/diff"
result $rc "TTR n, median and p90 by priority equal an independent reading of the export"
grep -q '^1 - Critical|' "$tmp/python.txt" && [ "$(wc -l <"$tmp/python.txt")" = 5 ]
result $? "four priorities, 1 - Critical to 4 - Low"
sed 's/^/#   /' "$tmp/python.txt"

# TTA from the timeline: the export has no acknowledgement column; an
# incident is acknowledged when it first leaves New (servicenow-eventlog.sql)
/usr/bin/python3 tests/check/servicenow_ttr.py --tta "$DATA" 2016-04 >"$tmp/tta-python.txt"
{
	echo "acknowledged $(q "SELECT count(*) FROM incidents WHERE acknowledged_at IS NOT NULL")"
	"$RECUR" --db "$tmp/x.db" metrics --month 2016-04 --format csv |
		awk -F, '$1 == "durations" && $2 == "TTA" { print "TTA 2016-04", $3, $4 }
			$1 == "data_quality" && $3 == "missing_ack" { print "missing_ack 2016-04", $4 }'
} >"$tmp/tta-recur.txt"
diff "$tmp/tta-python.txt" "$tmp/tta-recur.txt" >"$tmp/diff"
rc=$?
[ $rc = 0 ] || sed 's/^/#   /' "$tmp/diff"
result $rc "TTA from leaving New: acknowledged count, April n, mean, median, p90 and not acknowledged equal an independent reading"
[ "$(awk '$3 == "n" { print $4 }' "$tmp/tta-recur.txt")" -gt 0 ] 2>/dev/null
result $? "April 2016 has TTA n > 0"
sed 's/^/#   /' "$tmp/tta-python.txt"
[ "$(q "SELECT count(*) FROM incidents WHERE acknowledged_at IS NULL")" = $((20769 - $(awk '$1 == "acknowledged" { print $2 }' "$tmp/tta-python.txt"))) ]
result $? "not acknowledged = incidents that never leave New"

# a month the openings do not reach: exit 1 with the range, no file written
(cd "$tmp" && mkdir -p none && "$RECUR" --db x.db report --month 2017-01 --out none >out2017 2>err2017)
rc=$?
[ $rc = 1 ] && [ -z "$(ls -A "$tmp/none")" ] && [ ! -s "$tmp/out2017" ] &&
	grep -q "^recur: no data for '2017-01': the incidents were opened from 2016-02-29 to 2016-05-13; give a --month from 2016-02 to 2016-05$" "$tmp/err2017"
result $? "report --month 2017-01: exit $rc, the range on stderr, no file: $(cat "$tmp/err2017")"

# the linked count counts incidents linked to a problem, not all of them
"$RECUR" --db "$tmp/x.db" link >"$tmp/link" 2>&1
linked=$(q "SELECT count(*) FROM incidents i WHERE EXISTS (SELECT 1 FROM problem_links l WHERE l.incident_id = i.id)")
grep -q "^linked $linked of 20769 incidents: " "$tmp/link" && [ "$linked" -lt 20769 ]
result $? "link says how many incidents it linked: $(head -1 "$tmp/link" | cut -d: -f1) (the database: $linked)"

"$RECUR" --db "$tmp/x.db" import "$DATA" | grep -q 'already imported'
result $? "a second import of the same file changes nothing"

# Its titles come from u_symptom, a pick list ("Symptom 72"): codes, not words.
"$RECUR" --db "$tmp/x.db" link >"$tmp/link" 2>&1
grep -q "no signatures from titles that are codes, not words (.*incident_event_log.csv.gz ('Symptom [0-9]*'))" "$tmp/link"
r=$?; [ $r = 0 ] || sed "s/^/#   /" "$tmp/link"
result $r "link says the export's titles are codes and mines no signature from them"
[ "$(q "SELECT count(*) FROM problems WHERE method = 'signature'")" = 0 ] &&
	[ "$(q "SELECT count(*) FROM problems WHERE method = 'source'")" = 207 ]
result $? "no signature problems; the export's 207 problems"
rate=$("$RECUR" --db "$tmp/x.db" metrics --month 2016-04 --format csv | awk -F, '$3 == "repeat_rate_pct" { print $4 }')
awk -v r="$rate" 'BEGIN { exit !(r != "" && r <= 10) }'
result $? "April 2016 repeat-incident rate from the export's own problem links: $rate% (was 98.6%)"
[ "$(q "SELECT title FROM problems WHERE key = 'source:Problem ID  2'")" = "Problem ID 2" ]
result $? "the export's problems are titled by their key"
"$RECUR" --db "$tmp/x.db" problems show "problem id 2" | grep -q '^PRB-.*: Problem ID 2$'
result $? "and shown by it, spacing- and case-insensitively"

# The review says the export has no free-text title and lists categories instead.
"$RECUR" --db "$tmp/x.db" report --month 2016-04 --format md,html --out "$tmp/rev" >/dev/null 2>&1
grep -q "The export has no free-text title: its titles are codes such as “Symptom [0-9]*”" "$tmp/rev/review-2016-04.md" &&
	grep -q "^| Category 42 | 1224 |" "$tmp/rev/review-2016-04.md" &&
	grep -q "no free-text title" "$tmp/rev/review-2016-04.html"
result $? "the April 2016 review says the export has no free-text title and shows the top categories"
[ "$(q "SELECT title_kind FROM sources")" = codes ]
result $? "sources.title_kind records it"
