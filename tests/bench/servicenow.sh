#!/usr/bin/env bash
# make bench (called by run.sh) — the real ServiceNow event log, uncompressed
# (39 MB, 119,998 rows): `recur import` (detect, collapse to 20,769 incidents,
# 74,203 status events, one transaction) against sqlite3's bare
# `.import --csv` of the same file into one table. RUNS runs each (default 5);
# prints both medians and the ratio recur / sqlite3 (target: <= 1).
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
RUNS="${RUNS:-5}"
DATA="${SERVICENOW:-$PWD/tests/data/servicenow/incident_event_log.csv.gz}"
[ -f "$DATA" ] || { echo "bench servicenow: no $DATA (set SERVICENOW=FILE)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
gzip -dc "$DATA" >"$TMP/incident_event_log.csv"

# secs CMD...: wall seconds of one run from a fresh database
secs() {
	local t0 t1
	rm -f "$TMP"/x.db*
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# import + link + metrics of the same file, one fresh database each run
chain() { "$RECUR" --db "$TMP/x.db" import "$TMP/incident_event_log.csv" && "$RECUR" --db "$TMP/x.db" link &&
	"$RECUR" --db "$TMP/x.db" --now 2026-11-26 metrics; }
# the three in turn in each round, so a machine that speeds up or slows down
# over the runs (a shared one does) weighs on all three alike
for ((i = 0; i < RUNS; i++)); do
	secs sqlite3 "$TMP/x.db" ".import --csv $TMP/incident_event_log.csv t" >>"$TMP/ref"
	secs "$RECUR" --db "$TMP/x.db" import "$TMP/incident_event_log.csv" >>"$TMP/rec"
	secs chain >>"$TMP/all"
done
ref=$(median <"$TMP/ref")
rec=$(median <"$TMP/rec")
all=$(median <"$TMP/all")
printf '%-44s %9s\n' "ServiceNow event log (39 MB, $RUNS runs)" "median s"
printf '%-44s %9.3f\n' "sqlite3 .import --csv (bare table)" "$ref"
printf '%-44s %9.3f\n' "recur import (collapsed, events, indexes)" "$rec"
printf '%-44s %9.2f\n' "ratio recur / sqlite3" "$(awk -v a="$rec" -v b="$ref" 'BEGIN { print (b > 0 ? a / b : 0) }')"
printf '%-44s %9.3f\n' "recur import + link + metrics" "$all"
printf '%-44s %9.2f\n' "ratio (import + link + metrics) / sqlite3" "$(awk -v a="$all" -v b="$ref" 'BEGIN { print (b > 0 ? a / b : 0) }')"
