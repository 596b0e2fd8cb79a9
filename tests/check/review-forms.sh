#!/usr/bin/env bash
# One review, one template: the HTML page is the Markdown review through
# cmark-gfm, so both have the same headings in the same order (Sell Fast's
# October and a small export written here); every Mermaid chart of the
# Markdown is an SVG in the HTML; each chart names its series (a legend
# line in Markdown, legend text in the SVG); a title with <script> stays
# text; TTD (detected − started) is in the durations when the data has both
# times and only then; durations read in min, h or d, never as "65533254.0".
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
SF="$PWD/sample-data/sellfast"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
. tests/check/common.bash

# headings of the Markdown outside code blocks, and of the HTML, as "level text"
md_heads() {
	awk '/^```/ { code = !code; next } !code && /^#+ / { n = index($0, " ");
		print n - 1, substr($0, n + 1) }' "$1" | sed 's/\\//g'
}
html_heads() {
	grep -o '<h[1-6]>.*</h[1-6]>' "$1" | sed -E 's/<h([1-6])>(.*)<\/h[1-6]>/\1 \2/' |
		sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' -e 's/&quot;/"/g'
}

"$RECUR" --db "$tmp/sf.db" --now 2026-11-26 review "$SF/exports" "$SF/postmortems" \
	--rules "$SF/rules.conf" --format md,html --out "$tmp/sf" >/dev/null
result $? "reviews Sell Fast in Markdown and HTML"
md="$tmp/sf/review-2026-10.md" html="$tmp/sf/review-2026-10.html"
md_heads "$md" >"$tmp/md.h"
html_heads "$html" >"$tmp/html.h"
[ "$(wc -l <"$tmp/md.h")" -gt 20 ] && cmp -s "$tmp/md.h" "$tmp/html.h"
result $? "the HTML has the Markdown's headings, in the same order"
[ "$(grep -c '^```mermaid ' "$md")" = 4 ] && [ "$(grep -c '<svg class="chart"' "$html")" = 4 ] &&
	! grep -q 'xychart-beta\|language-mermaid' "$html"
result $? "the 4 Mermaid charts of the Markdown are 4 SVG charts in the HTML"
grep -q '^Legend: stacked bars, one colour per severity: red = SEV1, orange = SEV2, amber = SEV3, blue = SEV4, SEV5 and unknown\.$' "$md" &&
	grep -q '^Legend: blue = median TTA, brown = median TTR, in hours;' "$md"
result $? "the Markdown names each series in a legend line"
for s in SEV1 SEV2 SEV3 'SEV4, SEV5 and unknown' 'median TTA' 'median TTR'; do
	grep -q "<g class=\"legend\"><rect [^>]*/><text [^>]*>$s</text></g>" "$html" || echo "no legend $s"
done >"$tmp/legend"
[ ! -s "$tmp/legend" ]
result $? "the SVG charts have legends naming the same series"
grep -q 'Not drawn: median TTM: the same as median TTR in every month (the data has no mitigation times)' "$md" &&
	grep -q 'Not drawn: median TTM: the same as median TTR' "$html" &&
	! grep -q '>median TTM</text>' "$html"
result $? "TTM equal to TTR is not drawn, and both forms say so"
grep -q '^    y-axis "incidents" 0 --> 50$' "$md"
result $? "the count axis starts at 0"
grep -q '^```mermaid ttr-by-severity$' "$md" && grep -q '^```mermaid ttr-by-service$' "$md" &&
	grep -q 'aria-label="Median TTR by service (hours)"' "$html"
result $? "MTTR by severity and by service are charted"
! grep -qE '[0-9]{5,}\.[0-9] min|\(min\)' "$md" && grep -q '| checkout | 23.4 d | 15 | 7.0 h |' "$md"
result $? "durations read in min, h or d; sums are 'total time to resolve'"
! grep -q 'TTD' "$tmp/md.h" && ! grep -q '^| TTD' "$md"
result $? "no TTD row when the data has no start and detection times"

# a small export with start and detection times, and a hostile title
cat >"$tmp/ttd.csv" <<'EOF'
number,short_description,opened_at,started_at,detected_at,acknowledged_at,resolved_at,severity
INC1,"Checkout <script>alert(1)</script> [x](javascript:alert(1)) down",2026-10-02 10:00,2026-10-02 09:30,2026-10-02 09:50,2026-10-02 10:05,2026-10-02 12:00,1
INC2,Slow search,2026-10-05 10:00,2026-10-05 09:00,2026-10-05 09:10,2026-10-05 10:02,2026-10-05 10:30,3
INC3,Slow search again,2026-09-05 10:00,,,2026-09-05 10:02,2026-09-05 10:30,3
EOF
"$RECUR" --db "$tmp/t.db" import "$tmp/ttd.csv" >/dev/null &&
	"$RECUR" --db "$tmp/t.db" report --month 2026-10 --format md,html --out "$tmp/t" >/dev/null
result $? "reviews a small export with start and detection times"
grep -q '^| TTD (time to detect) | 2 | 15.0 min | 19.0 min | 15.0 min | – | – |$' "$tmp/t/review-2026-10.md" &&
	grep -q '<td>TTD (time to detect)</td>' "$tmp/t/review-2026-10.html"
result $? "TTD = detected − started joins the durations in both forms"
md_heads "$tmp/t/review-2026-10.md" >"$tmp/t.md.h"
html_heads "$tmp/t/review-2026-10.html" >"$tmp/t.html.h"
cmp -s "$tmp/t.md.h" "$tmp/t.html.h"
result $? "the small review: the same headings in the same order too"
grep -q 'Checkout &lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:alert(1)) down' "$tmp/t/review-2026-10.html" &&
	! grep -q '<script\|href="javascript' "$tmp/t/review-2026-10.html"
result $? "a title with <script> and a javascript: link stays text in the HTML"
