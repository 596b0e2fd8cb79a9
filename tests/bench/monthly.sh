#!/usr/bin/env bash
# make bench (after run.sh) — the way recur is used: a big history imported
# and reviewed once, then each month a new export reviewed on top of it.
#
# Generates BENCH_BIG incidents (default 1,000,000) over BENCH_HISTORY
# months (default 100, about 10k a month) ending 2026-09, and a following
# month, 2026-10, of BENCH_MONTH incidents (default 10,000; its own ids,
# MON…, so it adds incidents instead of updating old ones). The history is
# imported, linked and its last month reviewed, as a database in use has
# been the month before (the review keeps the trend's closed months). It
# times, each
# RUNS times (default 3) from the same starting state, and prints the
# median wall seconds, the median CPU seconds (user + sys: steadier on a
# shared machine) and the median peak RSS (MB, /usr/bin/time -v):
#   the month on the history: import, link, report, and review (all four
#     steps in one command), against the month's review on an empty
#     database (the ratio: target <= 1.5)
#   link with nothing new (the history and the month linked already;
#     target <= 0.2 s)
#   the history's database size after import and after link, and the
#     first search, which builds the similarity index (size after it)
#   the history's full review in one command (target <= 10 s, 150 MB)
#   the worst case: a month holding all BENCH_BIG incidents reviewed in one
#     command (target <= 25 s)
# BENCH_TMP chooses the scratch folder (it needs ~2.5 GB at 1M). Timings
# never go into `make test`.
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
RUNS="${RUNS:-3}"
BIG="${BENCH_BIG:-1000000}"
HISTORY="${BENCH_HISTORY:-100}"
MONTH="${BENCH_MONTH:-10000}"
NOW=2026-11-26
TMP="${BENCH_TMP:-$(mktemp -d)}"
mkdir -p "$TMP"
TMP=$(cd "$TMP" && pwd)
trap 'rm -rf "$TMP"' EXIT
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 1; }

median() { sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"; }

# measure PREP CMD...: runs PREP (untimed; a shell command) then CMD, RUNS
# times; prints "wall cpu mb" medians.
measure() {
	local prep=$1 walls=() cpus=() mbs=() i out
	shift
	for ((i = 0; i < RUNS; i++)); do
		eval "$prep"
		out=$( { /usr/bin/time -v "$@" >/dev/null 2>"$TMP/err.txt"; } 2>&1; cat "$TMP/err.txt")
		grep -q 'Exit status: 0' <<<"$out" || { echo "bench: failed: $*" >&2; cat "$TMP/err.txt" >&2; exit 1; }
		walls+=("$(grep 'Elapsed (wall clock)' <<<"$out" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')")
		cpus+=("$(awk '/User time|System time/ { s += $NF } END { print s }' <<<"$out")")
		mbs+=("$(grep 'Maximum resident' <<<"$out" | awk '{printf "%.1f", $NF/1024}')")
	done
	printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" \
		"$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${mbs[@]}" | median)"
}

row() { # step wall cpu mb [note]
	printf '%-44s %8.2f %8.2f %8.1f  %s\n' "$1" "$2" "$3" "$4" "${5:-}"
}
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

db="$TMP/x.db"
run=("$RECUR" --db "$db" --now "$NOW")
fresh="rm -rf '$TMP'/x.db* '$TMP/out'"
from() { echo "rm -rf '$TMP'/x.db* '$TMP/out'; cp '$TMP/$1' '$db'"; }

"$RECUR" gen --incidents "$BIG" --seed 1 --months "$HISTORY" --end 2026-09 >"$TMP/history.csv"
"$RECUR" gen --incidents "$MONTH" --seed 2 --months 1 --end 2026-10 | sed 's/^INC/MON/' \
	>"$TMP/month.csv"
# the states each step starts from
"$RECUR" --db "$TMP/imported.db" import "$TMP/history.csv" >/dev/null
cp "$TMP/imported.db" "$TMP/linked.db"
"$RECUR" --db "$TMP/linked.db" link >/dev/null
# as in use, last month (2026-09) was reviewed: the trend's closed months
# are kept in the database (month_figures) for the next review
cp "$TMP/linked.db" "$TMP/reviewed.db"
"$RECUR" --db "$TMP/reviewed.db" --now "$NOW" report --month 2026-09 --out "$TMP/out" >/dev/null
cp "$TMP/reviewed.db" "$TMP/month-imported.db"
"$RECUR" --db "$TMP/month-imported.db" import "$TMP/month.csv" >/dev/null
cp "$TMP/month-imported.db" "$TMP/month-linked.db"
"$RECUR" --db "$TMP/month-linked.db" link >/dev/null

echo "the monthly run: $MONTH incidents of 2026-10 after $BIG over $HISTORY months; $RUNS runs of each step"
printf '%-44s %8s %8s %8s\n' step "wall s" "CPU s" "peak MB"
read -r ew ec em < <(measure "$fresh" "${run[@]}" review "$TMP/month.csv" --month 2026-10 --out "$TMP/out")
row "month on an empty database: review (all)" "$ew" "$ec" "$em"
read -r w c m < <(measure "$(from reviewed.db)" "${run[@]}" import "$TMP/month.csv")
row "month on the history: import" "$w" "$c" "$m"
read -r w c m < <(measure "$(from month-imported.db)" "${run[@]}" link)
row "month on the history: link" "$w" "$c" "$m"
read -r w c m < <(measure "$(from month-linked.db)" "${run[@]}" report --month 2026-10 --out "$TMP/out")
row "month on the history: report" "$w" "$c" "$m"
read -r w c m < <(measure "$(from reviewed.db)" "${run[@]}" review "$TMP/month.csv" --month 2026-10 --out "$TMP/out")
row "month on the history: review (all)" "$w" "$c" "$m" \
	"x$(ratio "$w" "$ew") the empty database's (CPU x$(ratio "$c" "$ec"); target <= 1.5)"
read -r w c m < <(measure "$(from month-linked.db)" "${run[@]}" link)
row "link with nothing new" "$w" "$c" "$m" "(target <= 0.2 s)"
printf '%-44s %8s MB\n' "database after import of the history" "$(mb "$TMP/imported.db")"
printf '%-44s %8s MB  %s\n' "database after link of the history" "$(mb "$TMP/linked.db")" \
	"x$(ratio "$(stat -c %s "$TMP/linked.db")" "$(stat -c %s "$TMP/imported.db")") (target <= 1.3)"
# the similarity index is built by the first search, not by link
read -r w c m < <(measure "$(from linked.db)" "${run[@]}" similar --text "disk full on db-07")
row "first search of the history (indexes it)" "$w" "$c" "$m"
printf '%-44s %8s MB\n' "database after the first search" "$(mb "$db")"
read -r w c m < <(measure "$fresh" "${run[@]}" review "$TMP/history.csv" --out "$TMP/out")
row "the history's review (all), $BIG incidents" "$w" "$c" "$m" "(target <= 10 s, <= 150 MB)"
rm -f "$TMP"/*.db "$TMP/history.csv"
"$RECUR" gen --incidents "$BIG" --seed 1 --months 1 --end 2026-10 >"$TMP/one-month.csv"
read -r w c m < <(measure "$fresh" "${run[@]}" review "$TMP/one-month.csv" --month 2026-10 --out "$TMP/out")
row "worst case: one month of $BIG, review (all)" "$w" "$c" "$m" "(target <= 25 s)"
