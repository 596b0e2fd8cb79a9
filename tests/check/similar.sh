#!/usr/bin/env bash
# `recur similar`: on real duplicate reports (tests/data/duplicates-seamonkey)
# its Recall@5 is at least a plain BM25's over the titles (computed by
# tests/bench/similar_score.py, independently of recur); and its behaviour:
# earlier incidents only unless --any-time, the CSV's columns, --text, an
# unknown id (exit 1, a message naming it), usage errors (exit 2), the
# index kept up to date by link, a second import and sqlite3 updates.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
RECUR="${RECUR:-$PWD/build/recur}"
DATA="${TESTDATA:-$PWD/tests/data}/duplicates-seamonkey"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1769904000 # 2026-02-01: after every incident below
. tests/check/common.bash

# ---- quality on SeaMonkey ----
python3 "$ROOT/tests/bench/similar_score.py" "$RECUR" "$DATA" >"$tmp/score" 2>&1
result $? "similar_score.py runs: $(tail -3 "$tmp/score" | head -2 | tr '\n' ' ')"
read -r mine base < <(tail -1 "$tmp/score")
awk -v a="${mine:-0}" -v b="${base:-1}" 'BEGIN { exit !(a >= b && b > 0.6) }'
result $? "Recall@5: recur similar ${mine:-?} >= plain BM25 ${base:-?}"

# ---- behaviour ----
cd "$tmp" || exit 1
cat >a.csv <<'EOF'
id,title,opened_at,service
A-1,ERR_CONNECTION_RESET from payments API,2026-01-01 10:00,payments
A-2,Disk full on db-07,2026-01-02 10:00,db
A-3,Payments API returns ERR_CONNECTION_RESET,2026-01-03 10:00,payments
A-4,ERR_CONNECTION_RESET from payments API again,2026-01-04 10:00,payments
A-5,Connection reset by search backend,2026-01-05 10:00,search
EOF
"$RECUR" --db t.db import a.csv >/dev/null 2>&1
result $? "import"
"$RECUR" --db t.db similar A-3 --format csv >out 2>err
result $? "similar ID exits 0"
head -1 out | tr -d '\r' | grep -q '^rank,id,score,opened_at,title,service,problem,why$'
result $? "CSV columns: $(head -1 out)"
[ "$(cut -d, -f2 out | tail -n +2 | tr '\n' ' ')" = "A-1 " ]
result $? "earlier only by default, and ERR_CONNECTION_RESET is one word (A-5 shares none): $(cut -d, -f2 out | tr '\n' ' ')"
grep -q 'shared: .*ERR_CONNECTION_RESET.*same service; 2 d before' out
result $? "each line says why: $(sed -n 2p out)"
"$RECUR" --db t.db similar A-3 --any-time --format csv >out 2>&1
[ "$(cut -d, -f2 out | tail -n +2 | tr '\n' ' ')" = "A-1 A-4 " ]
result $? "--any-time adds the later one: $(cut -d, -f2 out | tr '\n' ' ')"
"$RECUR" --db t.db similar --text "disk full on db-07" --format json >out 2>&1
grep -q '"id": *"A-2"' out
result $? "--text finds by words (JSON)"
"$RECUR" --db t.db similar A-3 --top 1 >out 2>&1 && [ "$(wc -l <out)" = 2 ]
result $? "--top 1 on a table: a header and one line"
"$RECUR" --db t.db similar NOPE-9 >out 2>err
[ $? = 1 ] && grep -q "no incident 'NOPE-9'" err && [ ! -s out ]
result $? "unknown id: exit 1 and a message naming it: $(cat err)"
"$RECUR" --db t.db similar >out 2>err
[ $? = 2 ] && grep -q 'give an incident id' err
result $? "no id nor --text: usage error (exit 2)"
"$RECUR" --db t.db similar A-1 --top 0 >out 2>err
[ $? = 2 ]
result $? "--top 0: usage error (exit 2)"
"$RECUR" --db t.db similar A-1 --format csv >out 2>err
[ $? = 0 ] && [ "$(wc -l <out)" = 1 ]
result $? "nothing earlier: the CSV header alone, exit 0"

# link leaves the index alone (a review never searches it); the next search
# indexes what came since, incidents inserted by sqlite3 included
sqlite3 t.db "INSERT INTO incidents (source_system, ext_id, title, opened_at) VALUES ('generic', 'X-1', 'Kafka consumer lag', 1767225600)"
"$RECUR" --db t.db link >/dev/null 2>&1
[ "$(sqlite3 t.db "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'kafka'")" = 0 ]
result $? "recur link does not index: the index waits for a search"
"$RECUR" --db t.db similar --text "kafka lag" --format csv >out 2>err
[ "$(cut -d, -f2 out | tail -n +2 | tr '\n' ' ')" = "X-1 " ] &&
	[ "$(sqlite3 t.db "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'kafka'")" = 1 ]
result $? "the next search indexes incidents inserted by sqlite3 and finds them: $(cat out err)"

# the index follows a second import: a new incident and a changed title
printf 'id,title,opened_at,service\nA-2,Disk quota exceeded on db-07,2026-01-02 10:00,db\nA-6,Disk full on db-07 once more,2026-01-06 10:00,db\n' >b.csv
"$RECUR" --db t.db import b.csv >/dev/null 2>&1
"$RECUR" --db t.db similar A-6 --format csv >out 2>&1
grep -q '^1,A-2,.*Disk quota exceeded' out
result $? "a second import: the new incident is indexed, the changed title replaced"
"$RECUR" --db t.db similar --text "full" --format csv >out 2>&1
[ "$(cut -d, -f2 out | tail -n +2 | tr '\n' ' ')" = "A-6 " ]
result $? "the old title's words are gone from the index: $(cut -d, -f2 out | tr '\n' ' ')"
sqlite3 t.db "UPDATE incidents SET title = 'Certificate expired' WHERE ext_id = 'A-1'" 2>err
result $? "sqlite3 alone can still change incidents (built-in tokenizer): $(cat err)"
"$RECUR" --db t.db similar --text "certificate" --format csv >out 2>&1
grep -q '^1,A-1,' out
result $? "and the index follows"

# another process writing (an import, a link) while the index is behind:
# the search answers from the index as it is and says what it leaves out
printf 'id,title,opened_at,service\nA-7,Certificate expired on the CDN,2026-01-07 10:00,edge\n' >c.csv
"$RECUR" --db t.db import c.csv >/dev/null 2>&1
mkfifo lock.in
sqlite3 t.db <lock.in >/dev/null 2>&1 &
exec 3>lock.in
echo "BEGIN IMMEDIATE; CREATE TABLE held_lock (x);" >&3
for _ in $(seq 50); do # until the lock is held
	sqlite3 t.db "BEGIN IMMEDIATE; ROLLBACK" >/dev/null 2>&1 || break
	sleep 0.1
done
"$RECUR" --db t.db similar --text "certificate" --format csv >out 2>err
code=$?
echo "ROLLBACK;" >&3
exec 3>&-
wait
[ $code = 0 ] && grep -q '^1,A-1,' out && ! grep -q 'A-7' out &&
	grep -q 'leaves out the 1 newest incident: another process is writing' err
result $? "a busy database: answers from the index as it is, and says so: $(cat err)"
"$RECUR" --db t.db similar --text "certificate" --format csv >out 2>err
grep -q 'A-7' out && [ ! -s err ]
result $? "the next search, the database free, indexes what it left out"
