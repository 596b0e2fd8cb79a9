#!/usr/bin/env bash
# Problems ranked by what matters in the period (queries/metrics/problems.sql):
# on the real ServiceNow export (April 2016) and on Sell Fast (October 2026),
# the recurring problem with the most incidents in the month, found here with
# sqlite3 straight from problem_links, is first in its group of the review,
# the top: line names it, `recur metrics` ranks it 1, no group with problems
# says "None.", each group lists its problems biggest first, and the
# workbook's Problems sheet lists every problem with an incident in the
# month, recurring or not, the recurring ones first.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
. tests/check/common.bash
export SOURCE_DATE_EPOCH=1796083200 # 2026-12-01

check() { # name month start end, then the review's inputs
	local name=$1 month=$2 start=$3 end=$4 db="$tmp/$1.db" out="$tmp/$1"
	shift 4
	"$RECUR" --db "$db" review "$@" --month "$month" --out "$out" >"$out.txt" 2>"$out.err"
	result $? "$name: the $month review runs"
	# the month's recurring problems by incidents, from the links themselves
	sqlite3 -separator '|' "$db" "SELECT l.problem_id, count(*) FROM problem_links l
		JOIN incidents i ON i.id = l.incident_id JOIN problems p ON p.id = l.problem_id
		WHERE p.recurring = 1 AND i.opened_at >= $start AND i.opened_at < $end
		GROUP BY 1 ORDER BY 2 DESC, 1" >"$out.by-count"
	local top count second all recurring
	top=$(sed -n '1s/|.*//p' "$out.by-count")
	count=$(sed -n '1s/.*|//p' "$out.by-count")
	second=$(sed -n '2s/.*|//p' "$out.by-count")
	# every problem with an incident in the month, and the recurring ones
	all=$(sqlite3 "$db" "SELECT count(DISTINCT l.problem_id) FROM problem_links l
		JOIN incidents i ON i.id = l.incident_id
		WHERE i.opened_at >= $start AND i.opened_at < $end")
	recurring=$(wc -l <"$out.by-count")
	[ -n "$top" ] && [ "$count" -gt "${second:-0}" ]
	result $? "$name: one problem has the most incidents in $month ($top, $count)"
	grep -q "top: $top .*, $count incidents this month)" "$out.txt"
	result $? "$name: the top: line names it"
	"$RECUR" --db "$db" metrics --month "$month" --format csv | tr -d '\r' >"$out.csv"
	grep -q "^problems,$top,rank,1,\$" "$out.csv"
	result $? "$name: recur metrics ranks it 1"
	/usr/bin/python3 - "$out/review-$month.md" "$top" >"$out.md-check" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
part = text.split("## Recurring problems", 1)[1].split("\n## ", 1)[0]
groups = re.split(r"^### ", part, flags=re.M)[1:]
for g in groups:
    head, body = g.split("\n", 1)
    count = int(re.search(r"\((\d+)\)$", head).group(1))
    ids = re.findall(r"^#### (PRB-\w+)", body, flags=re.M)
    counts = [int(x) for x in re.findall(r"^(\d+) incidents? this month", body, flags=re.M)]
    if count and ("None." in body or not ids):
        print(f"group {head} lists none")
    if counts != sorted(counts, reverse=True):
        print(f"group {head} not biggest first: {counts}")
    if sys.argv[2] in ids and ids[0] != sys.argv[2]:
        print(f"{sys.argv[2]} is not first in {head}: {ids[:3]}")
if not any(re.search(r"^#### " + sys.argv[2], g, flags=re.M) for g in groups):
    print(f"{sys.argv[2]} is in no group")
PY
	[ ! -s "$out.md-check" ]
	result $? "$name: first in its group, every group biggest first, no 'None.' beside a count"
	sed 's/^/#   /' "$out.md-check"
	if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
		/usr/bin/python3 - "$out/review-$month.xlsx" "$top" "$all" "$recurring" \
			>"$out.xlsx-check" <<'PY'
import sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Problems"]
rows = list(ws.iter_rows(values_only=True))
if len(rows) - 1 != int(sys.argv[3]):
    print(f"{len(rows) - 1} rows, want {sys.argv[3]}")
if rows[1][0] != 1 or rows[1][1] != sys.argv[2]:
    print(f"first row {rows[1][:2]}")
k = rows[0].index("Recurring")
got = [r[k] for r in rows[1:]]
want = int(sys.argv[4])
if got != ["Yes"] * want + ["No"] * (len(got) - want):
    print(f"Recurring column: {got.count('Yes')} recurring, want {want} first")
PY
		[ ! -s "$out.xlsx-check" ]
		result $? "$name: sheet Problems lists all $all problems of the month ($recurring recurring first), $top first"
		sed 's/^/#   /' "$out.xlsx-check"
	fi
}

# April 2016 and October 2026 in UTC, as epoch seconds
check servicenow 2016-04 1459468800 1462060800 tests/data/servicenow/incident_event_log.csv.gz
check sellfast 2026-10 1790812800 1793491200 sample-data/sellfast/exports \
	sample-data/sellfast/postmortems --rules sample-data/sellfast/rules.conf
