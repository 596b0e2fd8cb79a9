#!/usr/bin/env python3
"""A workbook whose incidents pass the sheet limit (RECUR_XLSX_SHEET_ROWS in
the tests, Excel's 1,048,576 rows in use) against the same workbook in one
sheet: sheets "Incidents", "Incidents 2", ... after Problems, each with the
header and at most limit - 1 rows, together the same rows in the same order,
and a Summary line that says how many sheets there are.

usage: xlsx_split.py START NAME WHOLE.xlsx SPLIT.xlsx LIMIT (prints TAP lines from START + 1)
"""
import re
import sys

import openpyxl

start, name, whole_path, split_path, limit = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                                              sys.argv[4], int(sys.argv[5]))
n = start


def check(cond, what, detail=""):
    global n
    n += 1
    print(("ok %d - %s: %s" if cond else "not ok %d - %s: %s") % (n, name, what))
    if not cond:
        print("#   %r" % (detail,))


def rows(ws):
    return [tuple(c.value for c in r) for r in ws.iter_rows()]


whole = openpyxl.load_workbook(whole_path)
split = openpyxl.load_workbook(split_path)
all_rows = rows(whole["Incidents"])
header, body = all_rows[0], all_rows[1:]
per = limit - 1
parts = (len(body) + per - 1) // per
names = ["Incidents"] + ["Incidents %d" % i for i in range(2, parts + 1)]
check(parts > 1, "the list is longer than one sheet", len(body))
got_names = [s for s in split.sheetnames if re.fullmatch(r"Incidents( \d+)?", s)]
check(got_names == names, "sheets Incidents, Incidents 2, ... in order", got_names)
i = split.sheetnames.index("Problems")
check(split.sheetnames[i + 1:i + 1 + parts] == names, "they follow Problems", split.sheetnames)
joined, ok = [], True
for s in got_names:
    r = rows(split[s])
    ok = ok and r[0] == header and 1 <= len(r) - 1 <= per
    joined += r[1:]
check(ok, "each has the header and at most %d rows" % per)
check(joined == body, "together the same rows in the same order", (len(joined), len(body)))
summary = [c.value for r in split["Summary"].iter_rows(max_col=1) for c in r if c.value]
line = "The incidents fill %d sheets" % parts
check(any(str(v).startswith(line) for v in summary), "the Summary says so", summary[:4])
