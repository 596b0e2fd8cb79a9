#!/usr/bin/env bash
# A history imported in pieces, linked after each, ends where one full link
# ends: a generated history split into 3 pieces, imported in two orders with
# `recur link` after each piece, has byte for byte the problems, links and
# `recur problems` of `recur link --full` on the same database, and, with
# problems named by key (ids carry history by design: a problem keeps the
# id of the one it grew from), of a full link of the whole history in one
# import. A link with nothing new returns at once and says so; a new
# import, a changed option or --full links again. Each link's "linked N"
# is the number of incidents problem_links holds.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
export LC_ALL=C TZ=UTC
. tests/check/common.bash
cd "$tmp" || exit 1
r() { "$RECUR" --db "$db" --now 2026-12-01 "$@"; }
dump() { # everything link writes, ids as they are
	sqlite3 "$db" "SELECT id, key, title, template, service, method, status, root_cause, first_seen,
		last_seen, incident_count, impact_minutes, recurring, retired_at FROM problems ORDER BY id;
		SELECT l.problem_id, i.ext_id, l.method, l.score, l.reason FROM problem_links l
		JOIN incidents i ON i.id = l.incident_id ORDER BY i.ext_id, l.problem_id;"
	r problems --all --format csv
}
by_key() { # the same, problems named by key
	sqlite3 "$db" "SELECT key, title, template, service, method, first_seen, last_seen,
		incident_count, impact_minutes, recurring, retired_at FROM problems
		WHERE retired_at IS NULL ORDER BY key;
		SELECT p.key, i.ext_id, l.method, l.score, l.reason FROM problem_links l
		JOIN problems p ON p.id = l.problem_id JOIN incidents i ON i.id = l.incident_id
		ORDER BY i.ext_id, p.key;"
}
"$RECUR" gen --incidents 3000 --seed 5 --months 3 >all.csv
head -1 all.csv >h
tail -n +2 all.csv >body
split -n l/3 -d body p
for i in 0 1 2; do cat h "p0$i" >"piece$i.csv"; done
db=whole.db
r import all.csv >/dev/null && r link --full >/dev/null
result $? "the whole history imported and linked"
by_key >whole.txt
for order in "0 1 2" "2 0 1"; do
	db="o${order// /}.db"
	ok=0
	same=0
	for p in $order; do
		r import "piece$p.csv" >/dev/null && r link >"link$p.out" || ok=1
		grep -q '^nothing new' "link$p.out" && ok=1
		# "linked N" is counted from the run's links: the stored ones say N too
		[ "$(sed -n 's/^linked \([0-9]*\) of.*/\1/p' "link$p.out")" = \
			"$(sqlite3 "$db" 'SELECT count(DISTINCT incident_id) FROM problem_links')" ] || same=1
	done
	result $ok "order $order: each piece imported and linked, none said nothing new"
	result $same "order $order: each link's 'linked N' is the incidents problem_links holds"
	dump >inc.txt
	r link >again.out
	grep -q '^nothing new since the last link (2026-12-01 00:00 UTC)' again.out
	result $? "order $order: a link with nothing new says so"
	[ "$(grep '^linked' again.out)" = "$(grep '^linked' "link${order##* }.out")" ]
	result $? "order $order: and repeats the last figures: $(grep '^linked' again.out)"
	r link --full >full.out
	! grep -q '^nothing new' full.out
	result $? "order $order: --full links again"
	dump >full.txt
	cmp -s inc.txt full.txt
	result $? "order $order: linked piece by piece = --full on the same database ($(wc -l <full.txt) lines)"
	by_key >keys.txt
	cmp -s keys.txt whole.txt
	result $? "order $order: = the whole history linked at once, problems by key"
done
# a changed option is not "nothing new"
r link --min-incidents 3 >min.out
! grep -q '^nothing new' min.out
result $? "a changed --min-incidents links again"
r link --min-incidents 3 >min2.out
grep -q '^nothing new' min2.out
result $? "and the same option again does not"
