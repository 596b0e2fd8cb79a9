#!/usr/bin/env bash
# make bench (part) — linking on the real ServiceNow export: speed and
# agreement with the export's own problem_id.
#
# 1. `recur import` the event log (119,998 rows → 20,769 incidents), then
#    time `recur link` over all of them (median of RUNS runs, default 3).
# 2. Agreement: on a copy with problem_ref cleared, so that the automatic
#    linking (signatures, no rules) decides every incident, count the pairs
#    of incidents that carry a problem_id: truth pairs share a problem_id,
#    linked pairs share a problem. Pairwise precision = linked pairs that are
#    truth pairs / linked pairs; recall = truth pairs linked / truth pairs.
#    For comparison it prints the same figures for grouping by the exact
#    (service, category, subcategory, symptom) values — not what recur does.
# Data: tests/data/servicenow/incident_event_log.csv.gz (SERVICENOW=FILE reads another).
set -eu
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
SRC="${SERVICENOW:-$PWD/tests/data/servicenow/incident_event_log.csv.gz}"
RUNS="${RUNS:-3}"
[ -f "$SRC" ] || { echo "servicenow: no export at $SRC (set SERVICENOW=FILE)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "servicenow: needs the sqlite3 command"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$RECUR" --db "$TMP/sn.db" --now 2026-11-26 import "$SRC"
echo "incidents: $(sqlite3 "$TMP/sn.db" 'SELECT count(*) FROM incidents'), with a problem_id: \
$(sqlite3 "$TMP/sn.db" 'SELECT count(*) FROM incidents WHERE problem_ref IS NOT NULL'), \
distinct problem_ids: $(sqlite3 "$TMP/sn.db" 'SELECT count(DISTINCT problem_ref) FROM incidents')"

times=()
for ((i = 0; i < RUNS; i++)); do
	cp "$TMP/sn.db" "$TMP/run.db"
	s=$(date +%s.%N)
	"$RECUR" --db "$TMP/run.db" --now 2026-11-26 link >"$TMP/link.txt"
	e=$(date +%s.%N)
	times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')")
done
cat "$TMP/link.txt"
echo "recur link, 20,769 incidents: median $(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p") s over $RUNS runs (${times[*]})"

cp "$TMP/sn.db" "$TMP/auto.db"
sqlite3 "$TMP/auto.db" "CREATE TABLE truth AS SELECT id, problem_ref FROM incidents WHERE problem_ref IS NOT NULL; UPDATE incidents SET problem_ref = NULL;"
"$RECUR" --db "$TMP/auto.db" --now 2026-11-26 link --min-incidents 2 >/dev/null
sqlite3 -separator ' ' "$TMP/auto.db" <<'SQL'
WITH t AS (
  SELECT truth.id, truth.problem_ref AS truth, l.problem_id AS pred,
         lower(coalesce(i.service, '')) || '|' || coalesce(i.category, '') || '|' ||
         coalesce(i.component, '') || '|' || coalesce(i.title, '') AS exact
  FROM truth JOIN incidents i ON i.id = truth.id
  LEFT JOIN problem_links l ON l.incident_id = truth.id
),
pairs AS (
  SELECT a.truth = b.truth AS same_truth,
         a.pred IS NOT NULL AND a.pred = b.pred AS same_pred,
         a.exact = b.exact AS same_exact
  FROM t a JOIN t b ON a.id < b.id
)
SELECT printf('%-44s truth pairs %d, linked pairs %d, both %d: precision %.3f, recall %.3f',
              name, tp, pp, both, 1.0 * both / max(pp, 1), 1.0 * both / max(tp, 1))
FROM (
  SELECT 'recur link (signatures, no rules)' AS name, sum(same_truth) AS tp, sum(same_pred) AS pp,
         sum(same_truth AND same_pred) AS both FROM pairs
  UNION ALL
  SELECT 'exact service+category+subcategory+symptom', sum(same_truth), sum(same_exact),
         sum(same_truth AND same_exact) FROM pairs
);
SQL
