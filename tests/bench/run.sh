#!/usr/bin/env bash
# make bench — recur against a reference, side by side, medians of several runs.
#
# For each size (BENCH_SIZES, default "10000 100000 1000000") it generates a
# history with `recur gen`, then times each step RUNS times (default 3) from
# the same starting state, and prints the median wall seconds, the median
# peak RSS (MB, /usr/bin/time -v) and the ratio to the reference:
#   reference  sqlite3 x.db ".import --csv FILE incidents" (a bare table load)
#   import     recur import FILE into a fresh database
#   link       recur link on the imported database (a fresh copy each run)
#   metrics    recur metrics (the review data of the last month)
#   report     recur report: Markdown, HTML and XLSX of the last month
#   review     recur review FILE: all four in one command, fresh database
#   JSON       the same incidents as JSON (`recur gen --json`): recur import
#              against sqlite3 loading the records with json_each(readfile())
# and the per-incident cost (µs) of the review, to show how it grows. BENCH_TMP
# chooses the scratch folder (it needs ~1.5 GB at 1M). BENCH_MONTHS (default
# 12) spreads the history over that many months: BENCH_MONTHS=1 puts every
# incident in the reviewed month, the worst case for metrics and report.
# Timings never go into `make test`.
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
SIZES="${BENCH_SIZES:-10000 100000 1000000}"
RUNS="${RUNS:-3}"
MONTHS="${BENCH_MONTHS:-12}"
NOW=2026-11-26
TMP="${BENCH_TMP:-$(mktemp -d)}"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command (apt-get install sqlite3)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 1; }

median() { sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"; }

# measure PREP CMD...: runs PREP (untimed; a shell command) then CMD, RUNS
# times; prints "secs mb" medians.
measure() {
	local prep=$1 secs=() mbs=() i out
	shift
	for ((i = 0; i < RUNS; i++)); do
		eval "$prep"
		out=$( { /usr/bin/time -v "$@" >/dev/null 2>"$TMP/err.txt"; } 2>&1; cat "$TMP/err.txt")
		grep -q 'Exit status: 0' <<<"$out" || { echo "bench: failed: $*" >&2; cat "$TMP/err.txt" >&2; exit 1; }
		secs+=("$(grep 'Elapsed (wall clock)' <<<"$out" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')")
		mbs+=("$(grep 'Maximum resident' <<<"$out" | awk '{printf "%.1f", $NF/1024}')")
	done
	printf '%s %s\n' "$(printf '%s\n' "${secs[@]}" | median)" "$(printf '%s\n' "${mbs[@]}" | median)"
}

row() { # size step secs mb ref
	printf '%-9s %-26s %9.2f %9.1f %8s\n' "$1" "$2" "$3" "$4" \
		"$(awk -v a="$3" -v b="$5" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
}

fresh='rm -rf "$TMP"/x.db* "$TMP/out"'
copy_imported='rm -rf "$TMP"/x.db* "$TMP/out"; cp "$TMP/imported.db" "$TMP/x.db"'
copy_linked='rm -rf "$TMP"/x.db* "$TMP/out"; cp "$TMP/linked.db" "$TMP/x.db"'

echo "recur gen histories over $MONTHS months; $RUNS runs of each step"
printf '%-9s %-26s %9s %9s %8s\n' size step "median s" "peak MB" "x ref"
for n in $SIZES; do
	"$RECUR" gen --incidents "$n" --seed 1 --months "$MONTHS" >"$TMP/in.csv"
	rm -f "$TMP"/*.db*
	"$RECUR" --db "$TMP/imported.db" import "$TMP/in.csv" >/dev/null
	cp "$TMP/imported.db" "$TMP/linked.db"
	"$RECUR" --db "$TMP/linked.db" link >/dev/null
	read -r rs rm_ < <(measure "$fresh" sqlite3 "$TMP/x.db" ".import --csv $TMP/in.csv incidents")
	row "$n" "sqlite3 .import --csv" "$rs" "$rm_" "$rs"
	read -r s m < <(measure "$fresh" "$RECUR" --db "$TMP/x.db" import "$TMP/in.csv")
	row "$n" "recur import" "$s" "$m" "$rs"
	read -r s m < <(measure "$copy_imported" "$RECUR" --db "$TMP/x.db" link)
	row "$n" "recur link" "$s" "$m" "$rs"
	read -r s m < <(measure "$copy_linked" "$RECUR" --db "$TMP/x.db" --now $NOW metrics)
	row "$n" "recur metrics" "$s" "$m" "$rs"
	read -r s m < <(measure "$copy_linked" "$RECUR" --db "$TMP/x.db" --now $NOW report --out "$TMP/out")
	row "$n" "recur report (md,html,xlsx)" "$s" "$m" "$rs"
	read -r s m < <(measure "$fresh" "$RECUR" --db "$TMP/x.db" --now $NOW review "$TMP/in.csv" --out "$TMP/out")
	row "$n" "recur review (all steps)" "$s" "$m" "$rs"
	printf '%-9s %-26s %9.2f µs per incident\n' "$n" "  review cost" "$(awk -v s="$s" -v n="$n" 'BEGIN { print s * 1e6 / n }')"
	"$RECUR" gen --incidents "$n" --seed 1 --months "$MONTHS" --json >"$TMP/in.json"
	read -r rs rm_ < <(measure "$fresh" sqlite3 "$TMP/x.db" "CREATE TABLE t AS SELECT value FROM json_each(readfile('$TMP/in.json'), '\$.incidents')")
	row "$n" "sqlite3 json_each (JSON)" "$rs" "$rm_" "$rs"
	read -r s m < <(measure "$fresh" "$RECUR" --db "$TMP/x.db" import "$TMP/in.json")
	row "$n" "recur import (JSON)" "$s" "$m" "$rs"
	rm -f "$TMP/in.json"
done

# The real ServiceNow export against sqlite3 .import (tests/bench/servicenow.sh).
echo
RECUR="$RECUR" RUNS="${RUNS_SERVICENOW:-5}" tests/bench/servicenow.sh
