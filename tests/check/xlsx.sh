#!/usr/bin/env bash
# Reads the XLSX review back with an independent reader (openpyxl): sheets,
# headers, real date-times, frozen header, autofilter, charts, formula-looking
# text kept as text, and the same XML parts from two runs with the same --now.
# The workbook is made by `recur report --data` from tests/fixtures/review-data.json.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
FIXTURE=tests/fixtures/review-data.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
result() { # status name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

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
