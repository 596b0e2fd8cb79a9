#!/usr/bin/env bash
# review never eats its own output: `recur review` of Sell Fast with --out
# inside (a copy of) the exports folder, run twice, changes nothing the
# second time (same incidents, postmortems, events and action items; the
# summary says 0 new, 0 updated and names the skipped file). Files recur
# wrote are recognised by content wherever they are: given explicitly in
# every form (review, problem and postmortem reports as Markdown, HTML,
# XLSX), renamed, gzipped; a real postmortem is still imported.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
SF="$PWD/sample-data/sellfast"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
. tests/check/common.bash
cd "$tmp" || exit 1
state() { # everything an import can change
	sqlite3 t.db "SELECT * FROM incidents ORDER BY id; SELECT * FROM postmortems ORDER BY 1;
		SELECT * FROM incident_events ORDER BY id; SELECT * FROM action_items ORDER BY 1;
		SELECT count(*) FROM sources; SELECT count(*) FROM import_rejects"
}

cp -r "$SF/exports" ex
"$RECUR" --db t.db review ex "$SF/postmortems" --rules "$SF/rules.conf" --out ex --month 2026-10 >run1 2>err1
result $? "first review writes into the exports folder"
ls ex/review-2026-10.md ex/review-2026-10.html ex/review-2026-10.xlsx >/dev/null
result $? "its review files are there"
state >state1
cp ex/review-2026-10.md first.md
"$RECUR" --db t.db review ex "$SF/postmortems" --rules "$SF/rules.conf" --out ex --month 2026-10 >run2 2>err2
result $? "second review"
state >state2
cmp -s state1 state2
result $? "the second run changes nothing in the database"
cmp -s first.md ex/review-2026-10.md
result $? "and writes the same review"
grep -q '^ex/review-2026-10.md: skipped: recur wrote it' run2
result $? "the review it wrote is skipped with a note"
grep -q '^6 files: 0 new, 0 updated, 0 unchanged; 5 already imported, 1 skipped (written by recur)$' run2
result $? "the summary says 0 new, 0 updated, 1 skipped: $(grep files: run2)"
! grep -E -q ' [1-9][0-9]* (new|updated),' run2
result $? "no file line says new or updated"

# every form recur writes, given explicitly, renamed or gzipped
"$RECUR" --db t.db report --problem "$(sqlite3 t.db 'SELECT id FROM problems ORDER BY id LIMIT 1')" \
	--out rep >/dev/null && "$RECUR" --db t.db report --incident SF-1278 --out rep >/dev/null
result $? "problem and postmortem reports written"
cp ex/review-2026-10.md renamed.txt
cp ex/review-2026-10.xlsx renamed.csv
cp ex/review-2026-10.html renamed.json
gzip -c ex/review-2026-10.md >review.md.gz
"$RECUR" --db t.db import ex/review-2026-10.md ex/review-2026-10.html ex/review-2026-10.xlsx rep/* \
	renamed.txt renamed.csv renamed.json review.md.gz >out3 2>err3
result $? "importing them exits 0"
[ "$(grep -c ': skipped: recur wrote it' out3)" = 11 ]
result $? "all 11 are skipped: $(grep -c ': skipped' out3)"
state >state3
cmp -s state1 state3
result $? "and the database is unchanged"

# a postmortem that quotes the line further down is still a postmortem
{ sed -n '1,20p' "$SF/postmortems/2026-10-13-recommendation-db-load.md"
  printf '\nGenerated 2026-10-20 by recur 0.1.0, quoted from the review.\n'
  sed -n '21,$p' "$SF/postmortems/2026-10-13-recommendation-db-load.md"; } >quoting.md
"$RECUR" --db t.db import quoting.md >out4 2>&1
grep -q '^quoting.md: postmortem, ' out4
result $? "a postmortem quoting a review deep in its text is imported: $(cat out4)"
