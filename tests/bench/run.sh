#!/usr/bin/env bash
# make bench — recur against a reference, side by side, medians of several runs.
#
# For each size (BENCH_SIZES, default "10000 100000 1000000") it generates a
# history with `recur gen`, then times, RUNS times each (default 3):
#   reference: sqlite3 x.db ".import --csv FILE incidents" (a bare table load)
#   recur import, recur review (import + link + metrics + report)
# and prints median wall seconds, median peak RSS (MB, from /usr/bin/time -v)
# and the ratio recur/reference. Timings never go into `make test`.
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
SIZES="${BENCH_SIZES:-10000 100000 1000000}"
RUNS="${RUNS:-3}"
TMP="${BENCH_TMP:-$(mktemp -d)}"
trap 'rm -rf "$TMP"' EXIT
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command (apt-get install sqlite3)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 1; }

# measure NAME CMD...: runs CMD RUNS times from a clean state, prints "secs mb" medians
measure() {
	local secs=() mbs=() i out
	for ((i = 0; i < RUNS; i++)); do
		rm -f "$TMP"/x.db* ; rm -rf "$TMP/out"
		out=$( { /usr/bin/time -v "$@" >/dev/null 2>"$TMP/err.txt"; } 2>&1; cat "$TMP/err.txt")
		secs+=("$(grep 'Elapsed (wall clock)' <<<"$out" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')")
		mbs+=("$(grep 'Maximum resident' <<<"$out" | awk '{printf "%.1f", $NF/1024}')")
	done
	printf '%s %s\n' "$(printf '%s\n' "${secs[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")" \
		"$(printf '%s\n' "${mbs[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")"
}

printf '%-9s %-28s %9s %9s %8s\n' size step "median s" "peak MB" "x ref"
for n in $SIZES; do
	"$RECUR" gen --incidents "$n" --seed 1 >"$TMP/in.csv"
	read -r rs rm_ < <(measure sqlite3 "$TMP/x.db" ".import --csv $TMP/in.csv incidents")
	printf '%-9s %-28s %9.2f %9.1f %8s\n' "$n" "sqlite3 .import --csv" "$rs" "$rm_" "1.00"
	read -r s m < <(measure "$RECUR" --db "$TMP/x.db" import "$TMP/in.csv")
	printf '%-9s %-28s %9.2f %9.1f %8.2f\n' "$n" "recur import" "$s" "$m" "$(awk -v a="$s" -v b="$rs" 'BEGIN { print (b > 0 ? a / b : 0) }')"
	read -r s m < <(measure "$RECUR" --db "$TMP/x.db" --now 2026-11-26 review "$TMP/in.csv" --out "$TMP/out")
	printf '%-9s %-28s %9.2f %9.1f %8.2f\n' "$n" "recur review (all steps)" "$s" "$m" "$(awk -v a="$s" -v b="$rs" 'BEGIN { print (b > 0 ? a / b : 0) }')"
done

# The real ServiceNow export against sqlite3 .import (tests/bench/servicenow.sh).
echo
RECUR="$RECUR" RUNS="${RUNS_SERVICENOW:-5}" tests/bench/servicenow.sh
