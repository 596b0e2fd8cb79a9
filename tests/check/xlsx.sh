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
