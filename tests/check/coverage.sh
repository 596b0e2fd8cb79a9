#!/usr/bin/env bash
# Coverage (DESIGN.md) on real data, as a new user runs it. The ServiceNow
# event log (tests/data/servicenow) opens incidents from 2016-02-29 to
# 2016-05-13 while its updates go on to 2017-02: the default review is April
# 2016 whatever the clock, May 2016 is partial (1–13 May), and March 2016
# is compared with a February of one day: neither gets a p-value or a
# percent. Sell Fast (sample-data/sellfast) ends 2026-11-03: October 2026
# for any clock from 2026-12 to 2027-06. The workbook is read back with
# openpyxl.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
DATA="$PWD/tests/data/servicenow/incident_event_log.csv.gz"
SF=sample-data/sellfast
. tests/check/common.bash
epoch() { date -ud "$1" +%s; }

# ---- ServiceNow ----
"$RECUR" --db "$tmp/sn.db" import "$DATA" >/dev/null 2>"$tmp/err"
result $? "the ServiceNow event log imports"
[ "$(sqlite3 "$tmp/sn.db" "SELECT date(first_opened_at, 'unixepoch') || ' ' || date(last_opened_at, 'unixepoch') || ' ' || date(exported_at, 'unixepoch') FROM sources")" = "2016-02-29 2016-05-13 2017-02-15" ]
result $? "its source records openings 2016-02-29 to 2016-05-13, exported 2017-02-15"
for when in 2016-06-15 2016-12-31 2026-12-05; do
	SOURCE_DATE_EPOCH=$(epoch "$when") "$RECUR" --db "$tmp/sn.db" metrics --format json \
		>"$tmp/m.json" 2>"$tmp/err"
	grep -q '"month": *"2016-04"' "$tmp/m.json"
	result $? "default period with SOURCE_DATE_EPOCH $when: April 2016"
done

SOURCE_DATE_EPOCH=$(epoch 2026-12-05) "$RECUR" --db "$tmp/sn.db" review "$DATA" --out "$tmp/apr" \
	>"$tmp/apr.out" 2>"$tmp/err"
result $? "review on the export with no --month"
[ -f "$tmp/apr/review-2016-04.md" ]
result $? "it writes the April 2016 review"
grep -q 'Data: incidents opened 2016-02-29 to 2016-05-13, exported 2017-02-15.' "$tmp/apr.out" &&
	grep -q 'April 2016 is covered' "$tmp/apr.out"
result $? "the terminal summary states the data's range and that April is covered"
grep -q 'Data: incidents opened 2016-02-29 to 2016-05-13, exported 2017-02-15. April 2016 is covered' \
	"$tmp/apr/review-2016-04.md"
result $? "the Markdown review states them too"
grep -q 'Data: incidents opened 2016-02-29 to 2016-05-13' "$tmp/apr/review-2016-04.html"
result $? "and the HTML review"
# the trend starts at March 2016, the first covered month: no zeros before the data
sed -n '/x-axis/{p;q}' "$tmp/apr/review-2016-04.md" | grep -qx '    x-axis \["2016-03", "2016-04"\]'
result $? "the trend chart starts at March 2016 (February is partial, earlier months have no data)"
! grep -q '^| 2015-\|^| 2016-02' "$tmp/apr/review-2016-04.md"
result $? "no trend row before March 2016"

"$RECUR" --db "$tmp/sn.db" report --month 2016-05 --out "$tmp/may" >"$tmp/may.out" 2>"$tmp/err"
result $? "report --month 2016-05"
sed -n 3p "$tmp/may/review-2016-05.md" | grep -q '^> \*\*Partial month.\*\* May 2016 is partial: the data covers 1–13 May 2016 only'
result $? "the May review says at the top that it is partial and which days the data covers"
grep '^| Incidents |' "$tmp/may/review-2016-05.md" >"$tmp/row"
grep -q 'not compared: May 2016 is partial' "$tmp/row" && ! grep -q '%\|p = \|p < ' "$tmp/row"
result $? "May's Incidents row: no percent, no p-value, and why"
grep -q 'Incidents .*not compared: May 2016 is partial' "$tmp/may.out"
result $? "the terminal summary says why May is not compared"
grep -A1 '^<blockquote>$' "$tmp/may/review-2016-05.html" | grep -q '^<p><strong>Partial month.</strong> May 2016 is partial'
result $? "the HTML review says it at the top too"

"$RECUR" --db "$tmp/sn.db" report --month 2016-03 --out "$tmp/mar" >/dev/null 2>"$tmp/err"
result $? "report --month 2016-03"
grep '^| Incidents |' "$tmp/mar/review-2016-03.md" >"$tmp/row"
grep -q '| 8995 | 207 | not compared: February 2016 is partial |' "$tmp/row" &&
	! grep -q '%\|p = \|p < ' "$tmp/row"
result $? "March against a February of one day: no percent, no p-value, and why"
grep -q 'neither tested for significance nor given in percent: February 2016 is partial' \
	"$tmp/mar/review-2016-03.md"
result $? "March's review says why nothing is tested"
/usr/bin/python3 - "$tmp/may/review-2016-05.xlsx" "$tmp/mar/review-2016-03.xlsx" >"$tmp/py" 2>&1 <<'EOF'
import sys
import openpyxl

may = openpyxl.load_workbook(sys.argv[1])
lines = [c.value for c in may["Summary"]["A"] if isinstance(c.value, str)]
assert any(v.startswith("Data: incidents opened 2016-02-29 to 2016-05-13") for v in lines), lines
assert any(v.startswith("May 2016 is partial: the data covers 1\u201313 May 2016") for v in lines), lines
head = [r for r in may["Summary"].iter_rows(values_only=True) if r[0] == "Incidents"][0]
assert head[3] == "not compared: May 2016 is partial" and head[5] is None, head
trend = list(may["Trends"].iter_rows(values_only=True))
assert [r[0] for r in trend[1:]] == ["2016-03", "2016-04", "2016-05"], trend
assert trend[0][-1] == "Coverage" and trend[-1][-1] == "partial", trend[-1]
mar = openpyxl.load_workbook(sys.argv[2])
head = [r for r in mar["Summary"].iter_rows(values_only=True) if r[0] == "Incidents"][0]
assert head[3] == "not compared: February 2016 is partial" and head[5] is None, head
print("fine")
EOF
rc=$?
[ $rc = 0 ] || sed 's/^/#   /' "$tmp/py"
result $rc "the workbooks say it too: Summary lines, no p-value, Trends from March with a coverage column"

# one problem's review, with the clock ten years on: its trend is the data's
# months (March to a partial May), not twelve empty months ending in 2026
prb=$(sqlite3 "$tmp/sn.db" "SELECT problem_id FROM problem_links GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
SOURCE_DATE_EPOCH=$(epoch 2026-12-05) "$RECUR" --db "$tmp/sn.db" report --problem "$prb" --out "$tmp/prb" \
	>/dev/null 2>"$tmp/err"
sed -n '/x-axis/{p;q}' "$tmp/prb/problem-$prb.md" |
	grep -qx '    x-axis \["2016-03", "2016-04", "2016-05 (partial)"\]'
result $? "a problem's review charts March to May 2016 (partial), not the empty months to 2026"

# ---- Sell Fast ----
"$RECUR" --db "$tmp/sf.db" import "$SF/exports" "$SF/postmortems" >/dev/null 2>"$tmp/err"
result $? "Sell Fast imports"
for when in 2026-11-04 2026-12-01 2027-03-15 2027-06-30; do
	SOURCE_DATE_EPOCH=$(epoch "$when") "$RECUR" --db "$tmp/sf.db" metrics --format json \
		>"$tmp/m.json" 2>"$tmp/err"
	grep -q '"month": *"2026-10"' "$tmp/m.json"
	result $? "Sell Fast's default period with SOURCE_DATE_EPOCH $when: October 2026"
done
"$RECUR" --db "$tmp/sf.db" --now 2027-01-10 report --month 2026-11 --out "$tmp/nov" >/dev/null 2>"$tmp/err"
sed -n 3p "$tmp/nov/review-2026-11.md" | grep -q 'November 2026 is partial: the data covers 2–3 November 2026 only'
result $? "November 2026 is partial: the data covers 2–3 November"
grep '^| Incidents |' "$tmp/nov/review-2026-11.md" | grep -q '| 4 | 41 | not compared: November 2026 is partial |'
result $? "November's 4 incidents are not compared with October's 41"

# the default period's first step reads the two ends of incidents_opened;
# min() and max() in one SELECT would read the whole index instead
sqlite3 "$tmp/sn.db" "EXPLAIN QUERY PLAN $(cat queries/metrics/last-month.sql)" >"$tmp/plan"
[ "$(grep -c 'SEARCH incidents USING COVERING INDEX incidents_opened' "$tmp/plan")" = 2 ] &&
	! grep -q 'SCAN incidents' "$tmp/plan"
result $? "last-month.sql probes each end of incidents_opened, never scans it"
