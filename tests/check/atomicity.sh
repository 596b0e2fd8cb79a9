#!/usr/bin/env bash
# A large import killed with SIGKILL at several points (right after it
# starts, then after 0.2 s, 0.5 s, 1 s, 2 s and 3 s — before, during and after
# its writes): each time the database must pass PRAGMA integrity_check and
# hold all of the file's 200,000 incidents or none of them (one transaction
# per file), and the import run again afterwards must complete with all of
# them, once. Real kills by time, no test hooks in the code.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
export LC_ALL=C TZ=UTC
. tests/check/common.bash
N=200000

"$RECUR" gen --incidents $N --seed 3 >"$tmp/big.csv"
result $? "recur gen writes $N incidents"

for delay in 0 0.2 0.5 1 2 3; do
	"$RECUR" --db "$tmp/t.db" import "$tmp/big.csv" >/dev/null 2>&1 &
	pid=$!
	[ "$delay" = 0 ] || sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check=$(sqlite3 "$tmp/t.db" 'PRAGMA integrity_check' 2>&1)
	count=$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM incidents' 2>/dev/null || echo 0)
	sources=$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM sources' 2>/dev/null || echo 0)
	[ "$check" = ok ] || [ ! -s "$tmp/t.db" ]
	result $? "killed after ${delay}s: integrity_check ok (${check:-no database yet})"
	{ [ "$count" = 0 ] && [ "$sources" = 0 ]; } || { [ "$count" = $N ] && [ "$sources" = 1 ]; }
	result $? "killed after ${delay}s: all or nothing ($count incidents, $sources sources)"
	# start over unless the import had finished, so every kill meets an import at work
	[ "$count" = $N ] || rm -f "$tmp/t.db" "$tmp/t.db-journal" "$tmp/t.db-wal" "$tmp/t.db-shm"
done

# Killed half-way, then run again: it completes, once.
"$RECUR" --db "$tmp/t.db" import "$tmp/big.csv" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$RECUR" --db "$tmp/t.db" import "$tmp/big.csv" >"$tmp/out" 2>"$tmp/err"
result $? "the import run again after a kill succeeds"
count=$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM incidents')
sources=$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM sources')
[ "$count" = $N ] && [ "$sources" = 1 ]
result $? "then the database holds all $N incidents and one sources row ($count, $sources)"
[ "$(sqlite3 "$tmp/t.db" 'PRAGMA integrity_check')" = ok ]
result $? "and passes integrity_check"
