#!/usr/bin/env bash
# Adding a figure is editing SQL and templates only (issue 16, "each figure
# defined once"; README "Adding a figure"): a --share folder holds a copy of
# queries/metrics/durations.sql with a p95 column (p95_min AS minutes(…)),
# of report-templates/monthly-review.md with a p95 column in the durations
# table, and of report-templates/workbook.tsv with a p95 column in sheet
# Details. One review of the Sell Fast sample must show the figure in the
# review data (JSON), the Markdown, the HTML and the workbook, with the value
# worked out here from the incidents (PERCENTILE.INC of the month's TTRs).
# It fails when a query's columns go through anything but the generic path
# (a C table of known keys drops p95_min).
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
. tests/check/common.bash

share="$tmp/share"
mkdir -p "$share/queries/metrics" "$share/report-templates"
# the query: one more percentile, and its column in minutes
sed -e 's/^\(    percentile_inc(CASE WHEN cur THEN s END, 0\.9)   AS p90_s,\)$/\1\n    percentile_inc(CASE WHEN cur THEN s END, 0.95)  AS p95_s,/' \
	-e 's/^\(       minutes(f\.median_s) AS median_min, minutes(f\.p90_s) AS p90_min,\)$/\1 minutes(f.p95_s) AS p95_min,/' \
	queries/metrics/durations.sql >"$share/queries/metrics/durations.sql"
# the Markdown (and so the HTML): a column of the durations table
sed -e 's/^| Measure | n | Median | p90 | Mean |/| Measure | n | Median | p90 | p95 | Mean |/' \
	-e 's/^|---|--:|--:|--:|--:|--:|--:|$/|---|--:|--:|--:|--:|--:|--:|--:|/' \
	-e 's/^\(| {{metric}} ({{name}}).* | {{p90_min}} |\)/\1 {{p95_min}} |/' \
	report-templates/monthly-review.md >"$share/report-templates/monthly-review.md"
# the workbook: a column of the durations table (sheet Details)
sed 's/^\(column\tdurations\tp90_min\t.*\)$/\1\ncolumn\tdurations\tp95_min\t95th percentile (hours)\thours\t0.00\tauto/' \
	report-templates/workbook.tsv >"$share/report-templates/workbook.tsv"
[ "$(grep -c p95 "$share/queries/metrics/durations.sql")" = 2 ] &&
	[ "$(grep -c -e p95 "$share/report-templates/monthly-review.md")" = 2 ] &&
	[ "$(grep -c p95_min "$share/report-templates/workbook.tsv")" = 1 ]
result $? "the copies carry the new figure (two SQL lines, two template lines, one sheet column)"

"$RECUR" --db "$tmp/s.db" --share "$share" --now 2026-11-26 review sample-data/sellfast/exports \
	--month 2026-10 --format md,html,xlsx --out "$tmp/out" >/dev/null 2>"$tmp/review.err"
result $? "recur review with the share folder" || sed 's/^/#   /' "$tmp/review.err"
"$RECUR" --db "$tmp/s.db" --share "$share" --now 2026-11-26 metrics --month 2026-10 \
	--format json --incidents >"$tmp/review.json" 2>"$tmp/metrics.err"
result $? "the review data of the same month"

if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	echo "not ok $((n + 1)) - openpyxl is missing: apt-get install python3-openpyxl"
	exit 0
fi
/usr/bin/python3 - "$n" "$tmp/review.json" "$tmp/out/review-2026-10.md" \
	"$tmp/out/review-2026-10.html" "$tmp/out/review-2026-10.xlsx" <<'PY'
import html
import json
import math
import re
import sys

import openpyxl

n = int(sys.argv[1])
data = json.load(open(sys.argv[2], encoding="utf-8"))


def check(cond, name, detail=""):
    global n
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {name}")
    if not cond:
        print(f"#   {detail!r}"[:600])


def half_away(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


def text(minutes):
    """recur's duration text (util/timeutil.c): min under 2 h, h under 2 d, then d."""
    m = abs(minutes)
    if m < 120:
        return f"{half_away(m * 10) / 10:,.1f} min"
    if m < 2880:
        return f"{half_away(m / 6) / 10:,.1f} h"
    return f"{half_away(m / 144) / 10:,.1f} d"


# PERCENTILE.INC 0.95 of the month's valid TTRs (the review's incidents)
ttr = sorted(i["resolved_at"] - i["opened_at"] for i in data["incidents"]
             if i["resolved_at"] is not None and i["resolved_at"] >= i["opened_at"])
rank = 0.95 * (len(ttr) - 1)
lo = math.floor(rank)
s = ttr[lo] + (rank - lo) * (ttr[min(lo + 1, len(ttr) - 1)] - ttr[lo])
want = half_away(s / 6) / 10
row = next(d for d in data["durations"] if d["metric"] == "TTR")
check(len(ttr) > 20 and row.get("p95_min") == want and row["p90_min"] <= want,
      "JSON: durations' TTR row has p95_min, PERCENTILE.INC of the month's TTRs in minutes",
      (row.get("p95_min"), want, len(ttr)))

md = open(sys.argv[3], encoding="utf-8").read()
line = next((l for l in md.splitlines() if l.startswith("| TTR (time to resolve)")), "")
cells = [c.strip() for c in line.strip("|").split("|")]
check(len(cells) == 8 and cells[3] == text(row["p90_min"]) and cells[4] == text(want),
      "Markdown: the TTR row's p95 cell, after p90", (cells, text(want)))

page = html.unescape(open(sys.argv[4], encoding="utf-8").read())
m = re.search(r"<tr>\s*<td>TTR \(time to resolve\)</td>(.*?)</tr>", page, re.S)
tds = re.findall(r"<td[^>]*>(.*?)</td>", m.group(1)) if m else []
check(len(tds) == 7 and tds[3] == text(want) and "<th align=\"right\">p95</th>" in page,
      "HTML: the p95 column and the TTR row's cell", tds)

wb = openpyxl.load_workbook(sys.argv[5])
found = None
for ws in wb.worksheets:
    for r in ws.iter_rows():
        for c in r:
            if c.value == "95th percentile (hours)":
                head = c
                for below in ws.iter_rows(min_row=c.row + 1, max_row=c.row + 6):
                    if below[0].value == "TTR":
                        found = (ws.title, ws.cell(row=below[0].row, column=c.column).value,
                                 ws.cell(row=below[0].row, column=c.column).number_format)
check(found is not None and abs(found[1] - want / 60) < 1e-9 and found[2] == "0.00",
      "XLSX: the column '95th percentile (hours)', TTR's in hours", (found, want / 60))
PY
