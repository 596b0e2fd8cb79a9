#!/usr/bin/env bash
# Closed months are not recomputed (issue 17): a review keeps the trend's
# rows per month (month_figures, month_figure_cells) and the next review
# reads back those of months whose incidents did not change. Checked by
# planting a figure in the cache (a reused month shows it, a recomputed one
# does not) and by comparing every review with one on a copy of the
# database whose cache is emptied: byte for byte.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
ROOT=$PWD
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
. tests/check/common.bash
cd "$tmp" || exit 1
q() { sqlite3 t.db "$1"; }
review() { # database: the review data of October 2026 as JSON
	"$RECUR" --db "$1" --now 2026-11-26 metrics --month 2026-10 --format json
}
# the same review recomputed from nothing: a copy without the cache
uncached() {
	cp t.db u.db && sqlite3 u.db 'DELETE FROM month_figures; DELETE FROM month_figure_cells' &&
		review u.db
}
trend_incidents() { # month
	review t.db | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print([m["incidents"] for m in d["trend"] if m["month"] == sys.argv[1]][0])' "$1"
}

"$RECUR" --db t.db import "$ROOT/sample-data/sellfast/exports" >out 2>&1
result $? "import the Sell Fast exports: $(tail -1 out)"
review t.db >r1.json
result $? "first review"
[ "$(q 'SELECT count(*) FROM month_figures')" = 12 ] &&
	[ "$(q 'SELECT count(DISTINCT query) FROM month_figure_cells')" = 1 ]
result $? "it keeps the 12 trend months: $(q 'SELECT count(*) FROM month_figures')"
review t.db >r2.json && cmp -s r1.json r2.json
result $? "a second review reads them back: the same bytes"

# a figure planted in a month's cached row shows: the month was not recomputed
may=$(q "SELECT start FROM month_figures ORDER BY start LIMIT 1 OFFSET 7")
q "UPDATE month_figure_cells SET value = 999 WHERE start = $may AND name = 'incidents'"
[ "$(trend_incidents 2026-06)" = 999 ]
result $? "an unchanged month is read back, not recomputed"

# a new incident in that month: the month is recomputed, the others are not
printf 'id,title,opened_at,resolved_at,severity\nLATE-1,Checkout 500s,2026-06-20 10:00,2026-06-20 11:30,P2\n' >late.csv
"$RECUR" --db t.db import late.csv >out 2>&1
result $? "import a late incident of June"
june=$(trend_incidents 2026-06)
[ "$june" != 999 ] && [ "$june" -ge 1 ]
result $? "the month it changed is recomputed: $june"
review t.db >r3.json && uncached >u3.json && cmp -s r3.json u3.json
result $? "the review equals one computed from nothing"

# an incident that moves to another month changes both
q "UPDATE month_figure_cells SET value = 999 WHERE start = $may AND name = 'incidents'"
printf 'id,title,opened_at,resolved_at,severity\nLATE-1,Checkout 500s,2026-07-02 10:00,2026-07-02 11:30,P2\n' >moved.csv
"$RECUR" --db t.db import moved.csv >out 2>&1
[ "$(trend_incidents 2026-06)" != 999 ]
result $? "a month an incident leaves is recomputed"
review t.db >r4.json && uncached >u4.json && cmp -s r4.json u4.json
result $? "and the review equals one computed from nothing"

# postmortems fill empty fields without changing source_id: all recomputed
q "UPDATE month_figure_cells SET value = 999 WHERE start = $may AND name = 'incidents'"
"$RECUR" --db t.db import "$ROOT/sample-data/sellfast/postmortems" >out 2>&1
result $? "import the postmortems"
[ "$(trend_incidents 2026-06)" != 999 ]
result $? "after a postmortem every month is recomputed"
review t.db >r5.json && uncached >u5.json && cmp -s r5.json u5.json
result $? "and the review equals one computed from nothing"

# another time zone has other month bounds: its own rows, the same answers
"$RECUR" --db t.db --now 2026-11-26 metrics --month 2026-10 --tz Asia/Tokyo --format json >t1.json &&
	"$RECUR" --db t.db --now 2026-11-26 metrics --month 2026-10 --tz Asia/Tokyo --format json >t2.json &&
	cmp -s t1.json t2.json && [ "$(q 'SELECT count(*) FROM month_figures')" = 24 ] &&
	[ "$(q 'SELECT count(DISTINCT query) FROM month_figures')" = 2 ]
result $? "another time zone keeps its own months: $(q 'SELECT count(*) FROM month_figures')"

# a changed query (here through --share) is a new key: nothing stale is reused
mkdir -p share/queries/metrics
{ echo '-- a comment changes the key'; cat "$ROOT/queries/metrics/trend.sql"; } >share/queries/metrics/trend.sql
q "UPDATE month_figure_cells SET value = 999 WHERE name = 'incidents'"
"$RECUR" --db t.db --share share --now 2026-11-26 metrics --month 2026-10 --format json >s.json &&
	! grep -q 999 s.json && [ "$(q 'SELECT count(DISTINCT query) FROM month_figures')" = 3 ]
result $? "another query is computed, beside the rows of the others"
for k in 1 2 3 4 5 6 7 8 9; do
	echo "-- edit $k" >>share/queries/metrics/trend.sql
	"$RECUR" --db t.db --share share --now 2026-11-26 metrics --month 2026-10 --format json >/dev/null
done
[ "$(q 'SELECT count(DISTINCT query) FROM month_figures')" = 8 ] &&
	[ "$(q 'SELECT count(DISTINCT query) FROM month_figure_cells')" = 8 ]
result $? "the rows of the last 8 keys are kept, older ones go"

# a trend that reads problem links (they change with link, not import) is
# never kept
{ echo '-- the trend of linked incidents: problem_links joined below'; cat "$ROOT/queries/metrics/trend.sql"; } >share/queries/metrics/trend.sql
q "DELETE FROM month_figures; DELETE FROM month_figure_cells"
"$RECUR" --db t.db --share share --now 2026-11-26 metrics --month 2026-10 --format json >l.json &&
	grep -q '"trend"' l.json && [ "$(q 'SELECT count(*) FROM month_figures')" = 0 ]
result $? "a trend that reads problem links is computed every time"

# a database another process is writing is still reviewed, only not kept
# (the write waits out the busy timeout, then gives up)
q "DELETE FROM month_figures; DELETE FROM month_figure_cells"
mkfifo lock
sqlite3 t.db <lock >/dev/null 2>&1 &
exec 3>lock
echo 'BEGIN IMMEDIATE; SELECT 1;' >&3
sleep 0.5
review t.db >locked.json
status=$?
exec 3>&-
wait
[ "$status" = 0 ] && uncached >u6.json && cmp -s locked.json u6.json &&
	[ "$(q 'SELECT count(*) FROM month_figures')" = 0 ]
result $? "a database locked for writing is reviewed, nothing kept"
exit 0
