#!/usr/bin/env bash
# make bench (part) — the template miner on Loghub-2k: quality and speed.
#
# Quality: GA and FGA per dataset and their means (loghub_score.py; one
# default setting, one batch per dataset). Speed of `recur signatures`:
#   - the 16 files × 2,000 lines as one input (32,000 lines), and
#   - that input 20 times over (640,000 lines), the fairer figure,
# each the median of RUNS runs (default 3), as lines per second of wall
# time and of CPU time (user + sys: the machine may be shared).
# Data: tests/data/loghub-2k (LOGHUB=DIR reads another copy).
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
DATA="${LOGHUB:-$PWD/tests/data/loghub-2k}"
RUNS="${RUNS:-3}"
[ -f "$DATA/HDFS_2k.csv" ] || { echo "loghub: no data in $DATA (set LOGHUB=DIR)"; exit 1; }
[ -x /usr/bin/time ] || { echo "loghub: needs /usr/bin/time (apt-get install time)"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "== recur signatures on Loghub-2k (GA: grouping accuracy; FGA: F1 of exact groups)"
python3 tests/bench/loghub_score.py "$RECUR" "$DATA"

python3 - "$DATA" >"$TMP/all.txt" <<'PY'
import csv, sys
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*_2k.csv")):
    with open(p, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            print(r["Content"].replace("\r", " ").replace("\n", " "))
PY
for i in $(seq 20); do cat "$TMP/all.txt"; done >"$TMP/all20.txt"

# speed FILE: median wall and CPU seconds of RUNS runs, then lines/s
speed() {
	local walls=() cpus=() i out n
	n=$(wc -l <"$1")
	for ((i = 0; i < RUNS; i++)); do
		out=$( { /usr/bin/time -f '%e %U %S' "$RECUR" signatures <"$1" >/dev/null; } 2>&1 )
		walls+=("$(awk '{print $1}' <<<"$out")")
		cpus+=("$(awk '{print $2 + $3}' <<<"$out")")
	done
	local w c
	w=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
	c=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
	awk -v n="$n" -v w="$w" -v c="$c" -v name="$2" 'BEGIN {
		printf "%-34s %8d lines  wall %6.2f s = %8.0f lines/s   cpu %6.2f s = %8.0f lines/s\n",
		       name, n, w, (w > 0 ? n / w : 0), c, (c > 0 ? n / c : 0) }'
}
echo "== speed of recur signatures (median of $RUNS runs, one core)"
speed "$TMP/all.txt" "16 files x 2000 lines"
speed "$TMP/all20.txt" "16 files x 2000 lines, x20"
