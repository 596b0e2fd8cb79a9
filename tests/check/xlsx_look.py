#!/usr/bin/python3
"""Reads a review workbook back the way its readers see it (issue 16: a
workbook for leadership): header texts as report-templates/workbook.tsv says,
numbers with number formats (durations in hours, shares as percentages),
print settings on every sheet, the Problems sheet's length against the
database, and each chart's series, axis titles and data ranges.

usage: xlsx_look.py N WORKBOOK.xlsx REVIEW.json DB LAYOUT.tsv [TOP.xlsx [MIXED.xlsx MIXED.db]]
REVIEW.json is `recur metrics --format json --incidents` of the same period;
TOP.xlsx the same review written with --top 2 (- for none); MIXED.xlsx the
same period's workbook from MIXED.db, where some of its problems are not
recurring. Prints TAP lines from N + 1.
"""
import json
import re
import sqlite3
import sys

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

start, path, review, db, layout = sys.argv[1:6]
top_path = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] != "-" else None
mixed_path, mixed_db = sys.argv[7:9] if len(sys.argv) > 8 else (None, None)
n = int(start)
data = json.load(open(review, encoding="utf-8"))
wb = openpyxl.load_workbook(path)
TITLE = "Reliability review \u2014 " + data["period_name"]


def check(cond, name, detail=""):
    global n
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {name}")
    if not cond and detail != "":
        print(f"#   {detail!r}"[:600])


# the layout file, read independently of report_xlsx.c
columns, measures = {}, []
for line in open(layout, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "column":
        columns.setdefault(f[1], []).append({"key": f[2], "header": f[3], "kind": f[4],
                                             "format": f[5]})
    elif f[0] == "measure":
        measures.append({"label": f[1], "kind": f[2], "format": f[3]})


def header(ws, row=1):
    return [c.value for c in ws[row] if c.value is not None]


def close(a, b):
    return isinstance(a, (int, float)) and abs(a - b) < 1e-9


# ---- header texts ----
sheets = {"Trends": "trend", "Problems": "problems", "Incidents": "incidents",
          "Services": "services", "Action items": "action_items", "Data quality": "data_quality"}
bad = [(s, header(wb[s]), [c["header"] for c in columns[t]]) for s, t in sheets.items()
       if header(wb[s]) != [c["header"] for c in columns[t]]]
check(not bad, "each data sheet's header row is workbook.tsv's header texts", bad)
snake = [(s, h) for s in sheets for h in header(wb[s]) if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", h)]
check(not snake, "no header is a snake_case key", snake)

summ = wb["Summary"]
col_a = [c.value for c in summ["A"]]
top = col_a.index("Key figures") + 1
check(header(summ, top) == ["Key figures", "October 2026", "September 2026", "Change",
                            "October 2025", "p-value", "Significant change?"],
      "the Summary's key figures name the periods", header(summ, top))
labels = col_a[top:top + len(measures)]
check(labels == [m["label"] for m in measures], "the key figures in words, as workbook.tsv says",
      labels)
check(wb.sheetnames[0] == "Summary" and wb.active.title == "Summary", "the Summary comes first")


# ---- numbers with number formats ----
def figure(label):
    r = col_a.index(label) + 1
    return [summ.cell(row=r, column=c) for c in range(2, 6)]


dur = {d["metric"]: d for d in data["durations"]}
cur, prev, change, _ = figure("Median time to resolve (hours)")
check(close(cur.value, dur["TTR"]["median_min"] / 60) and cur.number_format == "0.00"
      and close(prev.value, dur["TTR"]["prev_median_min"] / 60)
      and close(change.value, cur.value - prev.value)
      and change.number_format == "+0.00;-0.00;0.00",
      "median TTR on the Summary: hours as numbers, 0.00, the change signed",
      (cur.value, cur.number_format, change.value, change.number_format))
cur, prev, change, _ = figure("Incidents of recurring problems")
check(close(cur.value, data["totals"]["repeat_rate_pct"] / 100) and cur.number_format == "0.0%"
      and close(prev.value, data["totals"]["prev_repeat_rate_pct"] / 100),
      "repeat-incident rate on the Summary: a fraction shown as a percentage",
      (cur.value, cur.number_format))
cur = figure("Incidents")[0]
check(cur.value == data["totals"]["incidents"] and cur.number_format == "0",
      "incidents on the Summary: a count", (cur.value, cur.number_format))

inc = wb["Incidents"]
hdr = header(inc)
by_id = {d["ext_id"]: d for d in data["incidents"]}
bad = []
for key, head in (("tta_min", "Time to acknowledge (hours)"), ("ttr_min", "Time to resolve (hours)")):
    c = hdr.index(head) + 1
    for r in range(2, inc.max_row + 1):
        want = by_id[inc.cell(row=r, column=1).value][key]
        cell = inc.cell(row=r, column=c)
        if (want is None and cell.value is not None) or (
                want is not None and (not close(cell.value, want / 60)
                                      or cell.number_format != "0.00")):
            bad.append((r, key, cell.value, want, cell.number_format))
check(inc.max_row - 1 == len(data["incidents"]) and not bad,
      "Incidents: TTA and TTR in hours (0.00) for every incident of the review", bad[:5])

det = wb["Details"]
shares = [c for row in det.iter_rows() for c in row if c.number_format == "0.0%"]
check(shares and all(isinstance(c.value, (int, float)) and 0 <= c.value <= 1 for c in shares),
      "Details: still-open shares are fractions shown as percentages",
      [(c.coordinate, c.value) for c in shares])
fmts = {c.number_format for s in sheets for row in wb[s].iter_rows(min_row=2) for c in row
        if isinstance(c.value, float)}
check(fmts <= {"0.00", "0.0%", "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "0.000", "0.0000"},
      "no fractional number without a number format", fmts)

# ---- print settings ----
bad = []
for ws in wb.worksheets:
    ps, pr = ws.page_setup, ws.sheet_properties.pageSetUpPr
    height = 1 if ws.title == "Summary" else 0
    got = (ps.orientation, ps.paperSize, pr is not None and pr.fitToPage, ps.fitToWidth or 1,
           ps.fitToHeight if ps.fitToHeight is not None else 1)
    if got != ("landscape", 9, True, 1, height):
        bad.append((ws.title, got))
check(not bad, "every sheet: landscape A4, fit to one page wide (the Summary on one page)", bad)
bad = [(ws.title, ws.print_title_rows) for ws in wb.worksheets
       if ws.title in sheets or ws.title == "Definitions"
       if ws.print_title_rows not in ("1:1", "$1:$1")]
check(not bad, "the data sheets repeat their header row on every page", bad)
bad = []
for ws in wb.worksheets + wb.chartsheets:
    h, f = ws.oddHeader, ws.oddFooter
    if (h.left.text, h.right.text, f.right.text) != (TITLE, "&A", "Page &P of &N") or \
            "Generated" not in (f.left.text or ""):
        bad.append((ws.title, h.left.text, h.right.text, f.left.text, f.right.text))
check(not bad, "every sheet prints the review's title and period, the sheet, page of pages", bad)
bad = [(cs.title, cs.pageSetup.orientation, cs.pageSetup.paperSize) for cs in wb.chartsheets
       if (cs.pageSetup.orientation, cs.pageSetup.paperSize) != ("landscape", 9)]
check(len(wb.chartsheets) == 4 and not bad, "each chart is a chart sheet: one landscape page",
      bad)

# ---- the Problems sheet against the database ----
def problems_sheet(book, dbfile, what):
    """Checks book's Problems sheet against dbfile: every problem with an
    incident in the period, the recurring ones first; returns the ids and
    the counts (all, recurring)."""
    con = sqlite3.connect(dbfile)
    start_s, end_s = con.execute(
        "SELECT unixepoch(:m || '-01'), unixepoch(:m || '-01', '+1 month')",
        {"m": data["period"]}).fetchone()
    counts = con.execute("""
        SELECT count(DISTINCT l.problem_id),
               count(DISTINCT CASE WHEN p.recurring = 1 THEN l.problem_id END)
        FROM problem_links l
        JOIN incidents i ON i.id = l.incident_id JOIN problems p ON p.id = l.problem_id
        WHERE i.opened_at >= ? AND i.opened_at < ?""", (start_s, end_s)).fetchone()
    con.close()
    want, recurring = counts
    sheet = book["Problems"]
    got = [c.value for c in sheet["B"][1:]]
    check(len(got) == want and len(set(got)) == want,
          f"{what}: Problems lists every problem with an incident in the period, recurring "
          "or not (the database's count)", (len(got), want, recurring))
    heads = [c.value for c in sheet[1]]
    col = get_column_letter(heads.index("Recurring") + 1) if "Recurring" in heads else None
    rec = [c.value for c in sheet[col][1:]] if col else []
    check(rec == ["Yes"] * recurring + ["No"] * (want - recurring),
          f"{what}: the recurring ones first (column Recurring), then the others",
          (rec.count("Yes"), recurring, len(rec)))
    return got, want, recurring


ids, want, _ = problems_sheet(wb, db, "review")
check(want > 10, "the review's month has more than 10 problems", want)
if mixed_path:
    _, want, recurring = problems_sheet(openpyxl.load_workbook(mixed_path), mixed_db,
                                        "relinked with --window 30")
    check(want > recurring > 0, "relinked: some of the month's problems recur, some not",
          (want, recurring))
if top_path:
    small = openpyxl.load_workbook(top_path)["Problems"]
    got = [c.value for c in small["B"][1:]]
    check(got == ids, "with --top 2 too: the sheet is not cut at the listed problems",
          (len(got), len(ids)))


# ---- charts ----
def text(title):
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


def ref_header(ref):
    """The header cell above a range like Trends!$K$2:$K$13."""
    sheet, cells = ref.split("!")
    col = re.match(r"\$([A-Z]+)\$", cells).group(1)
    return wb[sheet.strip("'")].cell(row=1, column=column_index_from_string(col)).value


charts = {cs.title: cs._charts[0] for cs in wb.chartsheets if cs._charts}
want = {
    "Incidents by severity": (["SEV1", "SEV2", "SEV3", "SEV4", "SEV5", "No severity"],
                              "Month", "Incidents"),
    "MTTR trend": (["Median time to resolve (hours)"], "Month", "Hours"),
    "MTTR by severity": (["Median time to resolve (hours)"], "Severity", "Hours"),
    "Top problems": (["Incidents this period"], "Problem", "Incidents"),
}
for name, (series, xt, yt) in want.items():
    ch = charts.get(name)
    got = ch and ([s.tx.v for s in ch.series], text(ch.x_axis.title), text(ch.y_axis.title))
    check(got == (series, xt, yt) and ch.legend is not None and ch.title is not None,
          f"chart {name}: series names, axis titles, legend, title", got)
ch = charts["Incidents by severity"]
check(ch.grouping == "stacked" and [ref_header(s.val.numRef.f) for s in ch.series]
      == want["Incidents by severity"][0], "incidents by severity: stacked, from the Trends "
      "columns of those names", [s.val.numRef.f for s in ch.series])
ch = charts["MTTR trend"]
check(ch.series[0].val.numRef.f.startswith("Trends!")
      and ref_header(ch.series[0].val.numRef.f) == "Median time to resolve (hours)",
      "MTTR trend: the Trends column of median TTR in hours", ch.series[0].val.numRef.f)
ch = charts["Top problems"]
ref = ch.series[0].val.numRef.f
check(ref == "Problems!$F$2:$F$11" and ref_header(ref) == "Incidents this period"
      and (ch.series[0].cat.strRef or ch.series[0].cat.numRef).f == "Problems!$C$2:$C$11",
      "top problems: the first 10 problems' titles and incidents this period", ref)
ch = charts["MTTR by severity"]
ref = ch.series[0].val.numRef.f
r0, r1 = (int(x) for x in re.findall(r"\$(\d+)", ref))
vals = [summ.cell(row=r, column=column_index_from_string(re.match(r"Summary!\$([A-Z]+)", ref)
                                                          .group(1))).value
        for r in range(r0, r1 + 1)]
sev = {s["label"]: s for s in data["severity"]}
cats = [summ.cell(row=r, column=1).value for r in range(r0, r1 + 1)]
check(cats == [s["label"] for s in data["severity"]]
      and all((sev[c]["ttr_median_min"] is None and v is None)
              or close(v, sev[c]["ttr_median_min"] / 60) for c, v in zip(cats, vals)),
      "MTTR by severity: each severity's median TTR in hours, from the Summary",
      (cats, vals))
