#!/usr/bin/env bash
# Reads the XLSX review back with an independent reader (openpyxl): sheets,
# headers, real date-times, frozen header, autofilter, charts, formula-looking
# text kept as text, and the same XML parts from two runs with the same --now.
# The workbook is made by `recur report --data` from tests/fixtures/review-data.json;
# a sheet limit of 4 rows (RECUR_XLSX_SHEET_ROWS) checks the split past Excel's.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
FIXTURE=tests/fixtures/review-data.json
. tests/check/common.bash


for run in a b; do
	"$RECUR" --now 2026-11-26 report --data "$FIXTURE" --format xlsx --out "$tmp/$run" \
		>"$tmp/$run.out" 2>"$tmp/$run.err"
	rc=$?
	[ "$rc" = 0 ] || sed 's/^/#   /' "$tmp/$run.err"
	result "$rc" "recur report --data writes the workbook (run $run)"
done
grep -q "^wrote $tmp/a/review-2026-10.xlsx\$" "$tmp/a.out"
result $? "prints the path written"

if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	echo "not ok $((n + 1)) - openpyxl is missing: apt-get install python3-openpyxl"
	exit 0
fi
/usr/bin/python3 tests/check/xlsx_read.py "$n" "$FIXTURE" "$tmp/a/review-2026-10.xlsx" \
	"$tmp/b/review-2026-10.xlsx"

# Past the sheet limit (4 rows here; Excel's 1,048,576 in use) the incidents
# go on to "Incidents 2", …: the same rows as the one-sheet workbook, from
# saved review data (the list in memory) and from a review (streamed rows).
RECUR_XLSX_SHEET_ROWS=4 "$RECUR" --now 2026-11-26 report --data "$FIXTURE" --format xlsx \
	--out "$tmp/split" >/dev/null 2>"$tmp/split.err"
result $? "report --data with a 4-row sheet limit"
/usr/bin/python3 tests/check/xlsx_split.py 100 "saved data" "$tmp/a/review-2026-10.xlsx" \
	"$tmp/split/review-2026-10.xlsx" 4
for limit in 0 4; do
	RECUR_XLSX_SHEET_ROWS=$limit "$RECUR" --db "$tmp/sellfast.db" --now 2026-11-26 review \
		sample-data/sellfast/exports --format xlsx --out "$tmp/review-$limit" \
		>/dev/null 2>"$tmp/review.err"
	result $? "review of the sample exports (sheet limit $limit)"
done
/usr/bin/python3 tests/check/xlsx_split.py 200 "streamed" "$tmp/review-0/review-2026-10.xlsx" \
	"$tmp/review-4/review-2026-10.xlsx" 4

# The workbook as its readers see it (issue 16): headers in words from
# report-templates/workbook.tsv, hours and percentages as numbers with
# formats, print settings, the Problems sheet against the database (and
# with --top 2, which cuts the review's lists but not the sheet), charts.
"$RECUR" --db "$tmp/sellfast.db" --now 2026-11-26 metrics --month 2026-10 --format json \
	--incidents >"$tmp/review.json" 2>"$tmp/metrics.err"
result $? "the review data of the same month"
"$RECUR" --db "$tmp/sellfast.db" --now 2026-11-26 report --month 2026-10 --top 2 --format xlsx \
	--out "$tmp/top2" >/dev/null 2>"$tmp/top2.err"
result $? "report --top 2"
# Relinked with a 30-day window, some of October's problems no longer
# recur: the Problems sheet still lists every problem with an incident in
# the month, the recurring ones first.
cp "$tmp/sellfast.db" "$tmp/mixed.db"
"$RECUR" --db "$tmp/mixed.db" link --window 30 >/dev/null 2>"$tmp/mixed.err" &&
	"$RECUR" --db "$tmp/mixed.db" --now 2026-11-26 report --month 2026-10 --format xlsx \
		--out "$tmp/mixed" >/dev/null 2>>"$tmp/mixed.err"
result $? "relinked with --window 30, report"
/usr/bin/python3 tests/check/xlsx_look.py 300 "$tmp/review-0/review-2026-10.xlsx" \
	"$tmp/review.json" "$tmp/sellfast.db" report-templates/workbook.tsv \
	"$tmp/top2/review-2026-10.xlsx" "$tmp/mixed/review-2026-10.xlsx" "$tmp/mixed.db"

# The sheets follow the data file, and --share overrides it: a header
# changed there is the workbook's; a broken line is an error naming it.
n=400
mkdir -p "$tmp/share/report-templates"
sed 's/\tTime to resolve (hours)\t/\tResolution time in hours\t/' report-templates/workbook.tsv \
	>"$tmp/share/report-templates/workbook.tsv"
"$RECUR" --share "$tmp/share" --now 2026-11-26 report --data "$FIXTURE" --format xlsx \
	--out "$tmp/shared" >/dev/null 2>"$tmp/shared.err"
result $? "report with workbook.tsv from --share"
/usr/bin/python3 -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Incidents"]
sys.exit([c.value for c in ws[1]][13] != "Resolution time in hours")' \
	"$tmp/shared/review-2026-10.xlsx"
result $? "a header from the share folder's workbook.tsv"
printf 'column\tincidents\tttr_min\tTTR\tweeks\t0.0\tauto\n' >>"$tmp/share/report-templates/workbook.tsv"
last=$(wc -l <"$tmp/share/report-templates/workbook.tsv")
"$RECUR" --share "$tmp/share" --now 2026-11-26 report --data "$FIXTURE" --format xlsx \
	--out "$tmp/broken" >/dev/null 2>"$tmp/broken.err"
rc=$?
grep -q "report-templates/workbook.tsv:$last: unknown kind 'weeks'" "$tmp/broken.err"
result $(( rc == 1 ? $? : 1 )) "a kind workbook.tsv does not know: exit 1, file and line named"
