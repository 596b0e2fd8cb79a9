#!/usr/bin/env bash
# Importing the same export again, the same incidents in other bytes (CRLF,
# JSON) or an overlapping newer export: no duplicates, what changed is
# updated, what did not is left alone (incidents are keyed on source system
# and id). Runs `recur import` and reads the database with sqlite3.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
. tests/check/common.bash
cd "$tmp" || exit 1
q() { sqlite3 t.db "$1"; }

printf 'id,title,opened_at,resolved_at,severity\nA-1,Disk full,2026-01-02 10:00,2026-01-02 11:00,P2\nA-2,Pool exhausted,2026-01-03 10:00,,P1\nA-3,CPU high,2026-01-04 10:00,2026-01-04 10:30,P3\n' >e1.csv
tr -d '\r' <e1.csv | sed 's/$/\r/' >e1-crlf.csv
printf '[{"id":"A-1","title":"Disk full","opened_at":"2026-01-02 10:00","resolved_at":"2026-01-02 11:00","severity":"P2"}]' >e1.json
printf 'id,title,opened_at,resolved_at,severity\nA-2,Pool exhausted on db-3,2026-01-03 10:00,2026-01-03 12:00,P1\nA-3,CPU high,2026-01-04 10:00,2026-01-04 10:30,P3\nA-4,Cert expired,2026-01-05 10:00,,P2\n' >e2.csv

"$RECUR" --db t.db import e1.csv >out 2>&1
result $? "first import"
dump=$(q 'SELECT * FROM incidents ORDER BY id')
"$RECUR" --db t.db import e1.csv >out 2>&1
grep -q 'already imported' out
result $? "the same file again is recognised (same sha256): $(cat out)"
[ "$(q 'SELECT * FROM incidents ORDER BY id')" = "$dump" ] && [ "$(q 'SELECT count(*) FROM sources')" = 1 ]
result $? "and changes nothing, not even a sources row"
"$RECUR" --db t.db import e1-crlf.csv >out 2>&1
grep -q '0 new, 0 updated, 3 unchanged' out
result $? "the same incidents in other bytes (CRLF): 3 unchanged: $(cat out)"
"$RECUR" --db t.db import e1.json >out 2>&1
grep -q '0 new, 0 updated, 1 unchanged' out
result $? "the same incident as JSON: unchanged: $(cat out)"
[ "$(q 'SELECT * FROM incidents ORDER BY id')" = "$dump" ]
result $? "the incidents are as after the first import"
"$RECUR" --db t.db import e2.csv >out 2>&1
grep -q '1 new, 1 updated, 1 unchanged' out
result $? "an overlapping newer export: 1 new, 1 updated, 1 unchanged: $(cat out)"
[ "$(q 'SELECT count(*) FROM incidents')" = 4 ] &&
	[ "$(q 'SELECT count(*) FROM (SELECT 1 FROM incidents GROUP BY source_system, ext_id HAVING count(*) > 1)')" = 0 ]
result $? "4 incidents, no duplicates"
[ "$(q "SELECT title || '|' || resolved_at FROM incidents WHERE ext_id = 'A-2'")" = "Pool exhausted on db-3|1767441600" ]
result $? "the changed incident has the newer title and resolution time"
[ "$(q "SELECT title || '|' || resolved_at FROM incidents WHERE ext_id = 'A-1'")" = "Disk full|1767351600" ]
result $? "an incident the newer export leaves out is kept as it was"
"$RECUR" --db t.db import e2.csv e1-crlf.csv >out 2>&1
[ "$(q 'SELECT count(*) FROM incidents')" = 4 ]
result $? "importing both again in one run adds nothing"
