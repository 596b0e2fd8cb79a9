#!/usr/bin/env bash
# The progress line of import, report, metrics and link on stderr: shown when stderr is a terminal (a
# pty from script(1)) and the step has run past its threshold
# (RECUR_PROGRESS_AFTER=0 here, instead of a second, so a small month
# shows it), cleared before the figures; never when stderr is a file or a
# pipe, so logs and the e2e goldens stay clean.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
. tests/check/common.bash
export LC_ALL=C TZ=UTC

"$RECUR" --db "$tmp/s.db" import sample-data/sellfast/exports >/dev/null 2>&1 &&
	"$RECUR" --db "$tmp/s.db" link >/dev/null 2>&1
result $? "import and link the Sell Fast history"

# not a terminal: nothing but what the command says anyway
RECUR_PROGRESS_AFTER=0 "$RECUR" --db "$tmp/s.db" --now 2026-11-26 report --month 2026-10 \
	--out "$tmp/a" >"$tmp/a.out" 2>"$tmp/a.err"
result $? "report with stderr to a file"
[ ! -s "$tmp/a.err" ]
result $? "no progress on stderr when it is not a terminal"
RECUR_PROGRESS_AFTER=0 "$RECUR" --db "$tmp/r.db" --now 2026-11-26 review \
	sample-data/sellfast/exports --month 2026-10 --out "$tmp/r" >/dev/null 2>"$tmp/r.err"
! grep -q 'report 2026-10' "$tmp/r.err" && ! grep -q $'\r' "$tmp/r.err"
result $? "no progress from review's report step when stderr is not a terminal"

if ! command -v script >/dev/null; then
	echo "ok $((n + 1)) # skip script(1) is missing: no pty to test the progress line on"
	exit 0
fi
# a terminal: the line, each time rewritten from its start, then cleared
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/s.db' --now 2026-11-26 report \
	--month 2026-10 --out '$tmp/b'" /dev/null >"$tmp/b.tty" 2>&1
result $? "report on a terminal"
grep -q $'\r\033\\[Kreport 2026-10: 41 incidents, writing the files' "$tmp/b.tty"
result $? "progress names the month, the incidents read and what is left"
grep -q $'\r\033\\[Kreport 2026-10: 19 problems, writing the files\r\033\\[KReliability review' \
	"$tmp/b.tty"
result $? "the line is cleared before the figures are printed"
# the figures come before the first row: a month of a million incidents
# took twenty silent seconds there
grep -q $'\r\033\\[Kreport 2026-10: computing the figures: problems\r' "$tmp/b.tty" &&
	grep -q $'\r\033\\[Kreport 2026-10: reading the incidents\r' "$tmp/b.tty"
result $? "the line names the figure being computed, then the reading of the incidents"
cmp -s "$tmp/a/review-2026-10.md" "$tmp/b/review-2026-10.md"
result $? "the same report with and without the progress line"
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/t.db' --now 2026-11-26 review \
	sample-data/sellfast/exports --month 2026-10 --out '$tmp/t'" /dev/null >"$tmp/t.tty" 2>&1
grep -q $'\r\033\\[Kreport 2026-10: 41 incidents, writing the files' "$tmp/t.tty"
result $? "review's report step shows it too"
# metrics: the same figures, the same line, cleared before the tables
RECUR_PROGRESS_AFTER=0 "$RECUR" --db "$tmp/s.db" --now 2026-11-26 metrics --month 2026-10 \
	>"$tmp/m.out" 2>"$tmp/m.err"
[ ! -s "$tmp/m.err" ]
result $? "no progress from metrics when stderr is not a terminal"
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/s.db' --now 2026-11-26 metrics \
	--month 2026-10" /dev/null >"$tmp/m.tty" 2>&1
grep -q $'\r\033\\[Kmetrics 2026-10: computing the figures: trend\r' "$tmp/m.tty" &&
	[ "$(sed $'s/.*\r\033\\[K//; s/\r$//' "$tmp/m.tty")" = "$(cat "$tmp/m.out")" ]
result $? "metrics names the figure being computed on a terminal and clears it before the tables"
# link: each step on a terminal, cleared before its summary; nothing to a file
RECUR_PROGRESS_AFTER=0 "$RECUR" --db "$tmp/s.db" link --full >/dev/null 2>"$tmp/l.err"
[ ! -s "$tmp/l.err" ]
result $? "no progress from link when stderr is not a terminal"
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/s.db' link --full" /dev/null \
	>"$tmp/l.tty" 2>&1
grep -q $'\r\033\\[Klink: mining signatures' "$tmp/l.tty" &&
	grep -q $'\r\033\\[Klink: writing problems and links\r\033\\[Klinked ' "$tmp/l.tty"
result $? "link names its steps on a terminal and clears the line before its summary"
# import: files of 8 MB or more, the share read, cleared before the file's line
"$RECUR" gen --incidents 60000 --seed 3 >"$tmp/big.csv"
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/i.db' import '$tmp/big.csv'" /dev/null \
	>"$tmp/i.tty" 2>&1
grep -q $'\r\033\\[K.*big.csv: *[0-9]*%, [0-9]* rows' "$tmp/i.tty" &&
	grep -q $'\r\033\\[K.*big.csv: csv, 60000 rows' "$tmp/i.tty"
result $? "import shows a big file's progress on a terminal and clears it before the summary"
# the first search indexes the history: its progress, cleared before the answer
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/i.db' similar --text 'disk full' \
	--top 1" /dev/null >"$tmp/x.tty" 2>&1
grep -q $'\r\033\\[Kindexing incidents for similarity search (once): 100%, 60000 of 60000\r\033\\[Krank' \
	"$tmp/x.tty"
result $? "the first search shows the indexing on a terminal and clears it before the answer"
RECUR_PROGRESS_AFTER=0 script -qec "'$RECUR' --db '$tmp/i.db' similar --text 'disk full' \
	--top 1" /dev/null >"$tmp/y.tty" 2>&1
! grep -q 'indexing' "$tmp/y.tty"
result $? "the next search has nothing to index"
