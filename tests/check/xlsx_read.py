#!/usr/bin/python3
"""Checks a review workbook against the review data it was made from.

usage: xlsx_read.py N FIXTURE.json A.xlsx B.xlsx
Prints TAP lines numbered from N+1. B is a second run with the same --now:
every XML part must be identical to A's.
"""
import datetime
import json
import sys
import zipfile

import openpyxl

start, fixture, path_a, path_b = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
data = json.load(open(fixture, encoding="utf-8"))
n = start


def check(cond, name, detail=""):
    global n
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {name}")
    if not cond and detail:
        print(f"#   {detail}")


def utc(epoch):
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=epoch)


wb = openpyxl.load_workbook(path_a)
check(wb.sheetnames == ["Summary", "Incidents by severity", "MTTR trend", "MTTR by severity",
                       "Top problems", "Trends", "Problems", "Incidents", "Services",
                       "Action items", "Details", "Data quality", "Definitions"],
      "sheet names: the Summary first, the charts, the data", wb.sheetnames)

inc = wb["Incidents"]
header = [c.value for c in inc[1]]
want = ["Incident", "Title", "Service", "Team", "Severity", "Severity label", "Status",
        "Opened (UTC)", "Acknowledged (UTC)", "Mitigated (UTC)", "Resolved (UTC)",
        "Time to acknowledge (hours)", "Time to mitigate (hours)", "Time to resolve (hours)",
        "Problem"]
check(header == want, "Incidents header row", header)
check(inc.max_row == len(data["incidents"]) + 1, "one row per incident of the month", inc.max_row)

bad = []
for i, d in enumerate(data["incidents"], start=2):
    for col, key in ((8, "opened_at"), (9, "acknowledged_at"), (10, "mitigated_at"),
                     (11, "resolved_at")):
        cell = inc.cell(row=i, column=col)
        if d.get(key) is None:
            if cell.value is not None:
                bad.append((d["ext_id"], key, cell.value))
        elif not isinstance(cell.value, datetime.datetime) or cell.value != utc(d[key]) \
                or not cell.is_date:
            bad.append((d["ext_id"], key, cell.value, utc(d[key])))
check(not bad, "opened/acknowledged/resolved are Excel date-times equal to the epochs", bad)
check(inc["H2"].number_format == "yyyy-mm-dd hh:mm", "date-time number format",
      inc["H2"].number_format)
check(inc["L2"].number_format == "0.00" and inc["L2"].value == data["incidents"][0]["tta_min"] / 60,
      "TTA is a number of hours, two decimals shown", (inc["L2"].value, inc["L2"].number_format))


def percentile_inc(xs, p):
    xs = sorted(xs)
    r = p * (len(xs) - 1)
    lo = int(r)
    return xs[lo] + (r - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])


# a reader recomputes the report's figures with PERCENTILE.INC over the sheet
ttr = [c.value * 60 for c in inc["N"][1:] if isinstance(c.value, (int, float))]
dur = {d["metric"]: d for d in data["durations"]}
got = (round(percentile_inc(ttr, 0.5), 1), round(percentile_inc(ttr, 0.9), 1), len(ttr))
check(got == (dur["TTR"]["median_min"], dur["TTR"]["p90_min"], dur["TTR"]["n"]),
      "PERCENTILE.INC over the Incidents sheet gives the report's TTR median and p90", got)

check(inc.freeze_panes == "A2", "Incidents header row frozen", inc.freeze_panes)
check(inc.auto_filter.ref == f"A1:O{len(data['incidents']) + 1}", "Incidents autofilter",
      inc.auto_filter.ref)
check(all(wb[s].freeze_panes == "A2" and wb[s].auto_filter.ref for s in ("Problems", "Trends")),
      "Problems and Trends frozen with autofilters")

evil = [d for d in data["incidents"] if d["title"].startswith("=")]
cells = [c for c in inc["B"] if isinstance(c.value, str) and c.value.startswith("=")]
check(evil and len(cells) == len(evil) and all(c.data_type == "s" for c in cells)
      and cells[0].value == evil[0]["title"],
      "a title starting with '=' stays a text cell, unchanged",
      [(c.value, c.data_type) for c in cells])
raw = zipfile.ZipFile(path_a).read("xl/worksheets/sheet4.xml").decode()
check("<f>" not in raw, "no formula in the Incidents sheet")

prob = wb["Problems"]
check([c.value for c in prob[1]][:6] == ["Rank", "Problem", "Title", "Group", "Services",
                                         "Incidents this period"], "Problems header row")
check(prob.max_row == len(data["problems"]) + 1
      and [prob.cell(row=i, column=1).value for i in range(2, prob.max_row + 1)]
      == list(range(1, len(data["problems"]) + 1)),
      "Problems lists every problem of the data, in rank order", prob.max_row)
first = prob["J2"].value  # after Rank … Incidents in all, Recurring
check(first == datetime.datetime.fromisoformat(data["problems"][0]["first_seen"]),
      "first_seen is a date", first)
check(prob["N3"].value is None and prob["B3"].value == data["problems"][1]["id"],
      "a problem without a root cause has an empty cell")

tr = wb["Trends"]
got = [tr.cell(row=i, column=2).value for i in range(2, len(data["trend"]) + 2)]
check(got == [t["incidents"] for t in data["trend"]], "Trends incidents per month", got)
names = zipfile.ZipFile(path_a).namelist()
charts = [x for x in names if x.startswith("xl/charts/chart")]
check(len(charts) == 4, "four native charts", charts)
c1 = zipfile.ZipFile(path_a).read("xl/charts/chart1.xml").decode()
check("<c:barChart>" in c1 and '<c:grouping val="stacked"/>' in c1 and "Trends!$A$2:$A$13" in c1,
      "stacked column chart of severities over the Trends months")
rels = [zipfile.ZipFile(path_a).read(f"xl/chartsheets/_rels/sheet{i}.xml.rels").decode()
        for i in range(1, 5)]
check(all("drawing" in r for r in rels), "each chart on a chart sheet of its own (one page)")

summ = wb["Summary"]
check(summ["A1"].value == "Reliability review \u2014 " + data["month_name"], "Summary title",
      summ["A1"].value)
first_col = [c.value for c in summ["A"]]
r = first_col.index("Incidents") + 1
check(summ.cell(row=r, column=2).value == data["totals"]["incidents"]
      and summ.cell(row=r, column=4).value == data["totals"]["change"],
      "Summary key figures are numbers, with the change",
      (summ.cell(row=r, column=2).value, summ.cell(row=r, column=4).value))
# saved data from before 0.2 names no periods: the headers say which
check([c.value for c in summ[r - 1]][:7] == ["Key figures", "This period", "Previous period",
                                             "Change", "A year earlier", "p-value",
                                             "Significant change?"]
      and summ.cell(row=r, column=6).value == data["headline"][0].get("p_value"),
      "Summary key figures' header row; the p-value beside each",
      [c.value for c in summ[r - 1]])
defs = [r[0].value for r in wb["Definitions"].iter_rows(min_row=2)]
check({"TTA", "TTM", "TTR", "Significant", "Left out"} <= set(defs), "Definitions sheet", defs)

check(wb.properties.created == datetime.datetime(2026, 11, 26), "document created at --now",
      wb.properties.created)
za, zb = zipfile.ZipFile(path_a), zipfile.ZipFile(path_b)
diff = [p for p in za.namelist() if za.read(p) != zb.read(p)]
check(za.namelist() == zb.namelist() and not diff, "two runs write the same XML parts", diff)
