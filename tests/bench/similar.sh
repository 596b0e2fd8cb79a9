#!/usr/bin/env bash
# make bench (part) — `recur similar`: quality on real duplicates, speed at 1M.
#
# Quality (tests/bench/similar_score.py on tests/data/duplicates-seamonkey,
# or SIMILAR_DATA=DIR for another GitBugs-style pair of files): Recall@1/5/10
# of `recur similar` for every report with an earlier duplicate, beside a
# plain BM25 over titles computed by the script; recur with its defaults,
# without the recency boost, and with the reports' descriptions imported.
#
# Speed, on a `recur gen` history of SIMILAR_SIZE incidents (default
# 1000000), RUNS runs each (default 3), medians:
#   - the index's cost: `recur import` into a fresh database with
#     RECUR_SIMILAR_SYNC=1 (the index filled in the file's transaction)
#     against the same import as it is (the index left to link or the first
#     search), wall and CPU (user + sys) seconds,
#     medians and minimums (the least disturbed run on a shared machine);
#   - `recur similar ID` for QUERIES incidents spread over the history
#     (default 15), and `recur similar --text`, wall ms per query (a whole
#     process: start, open, query, print) and CPU ms.
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
DATA="${SIMILAR_DATA:-$PWD/tests/data/duplicates-seamonkey}"
SIZE="${SIMILAR_SIZE:-1000000}"
RUNS="${RUNS:-3}"
QUERIES="${QUERIES:-15}"
[ -x /usr/bin/time ] || { echo "similar: needs /usr/bin/time (apt-get install time)"; exit 1; }
TMP="${BENCH_TMP:-$(mktemp -d)}"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT

echo "== recur similar on real duplicates ($(basename "$DATA"))"
python3 tests/bench/similar_score.py "$RECUR" "$DATA" | sed '$d'
python3 tests/bench/similar_score.py "$RECUR" "$DATA" --recur-args "--recency-boost 0" | sed '$d' | tail -1
python3 tests/bench/similar_score.py "$RECUR" "$DATA" --description | sed '$d' | tail -1

median() { sort -g | sed -n "$(( ($(wc -l <"$1") + 1) / 2 ))p"; }

# timed CMD...: appends "wall cpu" (seconds) of one run to $TMP/t
timed() {
	/usr/bin/time -f '%e %U %S' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" ||
		{ echo "similar: failed: $*" >&2; cat "$TMP/err" >&2; exit 1; }
	awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$TMP/time" >>"$TMP/t"
}

# timed_ms CMD...: the same with bash's clock (millisecond resolution; for
# the short runs of a search)
timed_ms() {
	local TIMEFORMAT='%3R %3U %3S'
	{ time "$@" >/dev/null 2>"$TMP/err"; } 2>"$TMP/time" ||
		{ echo "similar: failed: $*" >&2; cat "$TMP/err" >&2; exit 1; }
	awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$TMP/time" >>"$TMP/t"
}

# med: the medians of $TMP/t's two columns, then their minimums: "wall cpu
# minwall mincpu" (on a shared machine the least disturbed run is the min)
med() {
	cut -d' ' -f1 "$TMP/t" >"$TMP/w"
	cut -d' ' -f2 "$TMP/t" >"$TMP/c"
	echo "$(median "$TMP/w" <"$TMP/w") $(median "$TMP/c" <"$TMP/c")" \
		"$(sort -g "$TMP/w" | head -1) $(sort -g "$TMP/c" | head -1)"
}

echo
echo "== the index's cost and query time on $SIZE generated incidents ($RUNS runs, medians)"
"$RECUR" gen --incidents "$SIZE" --seed 1 >"$TMP/in.csv"
: >"$TMP/t"
for ((i = 0; i < RUNS; i++)); do
	rm -f "$TMP"/x.db*
	timed "$RECUR" --db "$TMP/x.db" import "$TMP/in.csv"
done
read -r w0 c0 mw0 mc0 < <(med)
: >"$TMP/t"
for ((i = 0; i < RUNS; i++)); do
	rm -f "$TMP"/x.db*
	RECUR_SIMILAR_SYNC=1 timed "$RECUR" --db "$TMP/x.db" import "$TMP/in.csv"
done
read -r w1 c1 mw1 mc1 < <(med)
printf '%-34s %8s %8s %10s %8s\n' "" "wall s" "CPU s" "min wall" "min CPU"
printf '%-34s %8.2f %8.2f %10.2f %8.2f\n' "import without the index" "$w0" "$c0" "$mw0" "$mc0"
printf '%-34s %8.2f %8.2f %10.2f %8.2f\n' "import with the index" "$w1" "$c1" "$mw1" "$mc1"
awk -v w0="$w0" -v w1="$w1" -v c0="$c0" -v c1="$c1" -v a="$mw0" -v b="$mw1" -v c="$mc0" -v d="$mc1" 'BEGIN {
	printf "%-34s %7.0f%% %7.0f%% %9.0f%% %7.0f%%\n", "index cost / import", 100 * (w1 - w0) / w0,
		100 * (c1 - c0) / c0, 100 * (b - a) / a, 100 * (d - c) / c }'

: >"$TMP/t"
step=$((SIZE / QUERIES))
for ((k = 0; k < QUERIES; k++)); do
	id=$(printf 'INC%07d' $((k * step + step / 2 + 1)))
	timed_ms "$RECUR" --db "$TMP/x.db" similar "$id"
done
read -r wq cq _ _ < <(med)
: >"$TMP/t"
for text in "payment gateway timeout" "disk usage high on db-07" "checkout 502 after deploy" \
	"certificate expired" "ERR_CONNECTION_RESET from the CDN"; do
	timed_ms "$RECUR" --db "$TMP/x.db" similar --text "$text"
done
read -r wt ct _ _ < <(med)
awk -v a="$wq" -v b="$cq" -v c="$wt" -v d="$ct" -v q="$QUERIES" 'BEGIN {
	printf "%-34s %6.0f ms %6.0f ms  (median of %d, whole process)\n", "recur similar ID", a * 1000, b * 1000, q
	printf "%-34s %6.0f ms %6.0f ms  (median of 5)\n", "recur similar --text", c * 1000, d * 1000 }'
