#!/usr/bin/env bash
# Big exports that are not UTF-8 (made here, about 20 MB each): the first
# byte that is not UTF-8 comes after the first 8 MiB step of the scan, so
# the page is judged on the window around it; the conversion goes through a
# temporary file and hands back the pages behind it, so the resident memory
# stays near a UTF-8 import's; the same file again changes nothing (the
# sha256 of the converted text, so the same text saved as UTF-8 too); the
# same incidents in other bytes update nothing. Needs python3 and /usr/bin/time.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
. tests/check/common.bash
cd "$tmp" || exit 1
q() { sqlite3 t.db "$1"; }

python3 - <<'EOF'
rows = ["id,title,opened_at,service\n"]
for i in range(200000):
    rows.append("A-%d,Disk full on host-%d in rack %d,2026-01-%02d 10:%02d,storage\n" % (i, i, i % 40, i % 28 + 1, i % 60))
rows.append("R-1,Ошибка оплаты на странице заказа,2026-02-01 10:00,Оплата\n")
rows.append("R-2,Сервер базы данных недоступен,2026-02-02 10:00,База данных\n")
text = "".join(rows)
open("big-1251.csv", "wb").write(text.encode("cp1251"))
open("big-utf8.csv", "wb").write(text.encode("utf-8"))
open("big-utf16.csv", "wb").write(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
EOF

rss() { # file: peak resident KB of a fresh import
	rm -f m.db
	/usr/bin/time -f '%M' -o rss.txt "$RECUR" --db m.db import "$1" >/dev/null 2>&1
	cat rss.txt
}

"$RECUR" --db t.db import big-1251.csv >out 2>&1
grep -q '200002 rows, 200002 new.*read as WINDOWS-1251' out
result $? "an 11 MB Windows-1251 file whose first Cyrillic byte is past 8 MiB: $(cat out)"
[ "$(q "SELECT title || '|' || service FROM incidents WHERE ext_id = 'R-2'")" = "Сервер базы данных недоступен|База данных" ]
result $? "its Cyrillic reads right"
"$RECUR" --db t.db import big-1251.csv >out 2>&1
grep -q 'already imported' out
result $? "the same file again is recognised: $(cat out)"
"$RECUR" --db t.db import big-utf8.csv >out 2>&1
grep -q 'already imported' out
result $? "the same text in UTF-8 is recognised too (the sha256 is of the converted text): $(cat out)"
"$RECUR" --db t.db import big-utf16.csv >out 2>&1
grep -q '0 new, 0 updated, 200002 unchanged.*read as UTF-16LE' out
result $? "nor in UTF-16 (CRLF, so other text): $(cat out)"

if [ -x /usr/bin/time ]; then
	base=$(rss big-utf8.csv)
	for f in big-1251.csv big-utf16.csv; do
		got=$(rss $f)
		[ "$got" -le $((base + 12 * 1024)) ]
		result $? "$f imports in $((got / 1024)) MB resident, UTF-8 in $((base / 1024)) MB (at most 12 MB more)"
	done
fi
