#!/usr/bin/env python3
"""Recall@1/5/10 of `recur similar` on real duplicate reports, beside a plain BM25.

usage: similar_score.py RECUR DATA_DIR [--description] [--recur-args "…"]

DATA_DIR holds a GitBugs-style pair of files (tests/data/duplicates-seamonkey):
`*_bugs.csv` (Summary, Issue id, Created, Description, …) and
`*_bugs-combined.csv` (Issue id, Duplicate id). Duplicate groups are the
union-find closure of the links, joined through reports that are not in the
file (a link to another product's bug still ties two of ours together).

A query is every report with an earlier report of its group (earlier by
Created). Recall@k = the share of queries with a report of their group among
the first k answers; answers are earlier reports only.

- recur: the reports become an export (id,title,opened_at,service[,description])
  imported into a fresh database; `recur similar ID --top 10 --format csv`.
- baseline: BM25 (k1 1.2, b 0.75, IDF ln(1 + (N - df + 0.5) / (df + 0.5)) from
  the whole file) over the titles, lower-cased words of letters and digits,
  ranking all earlier reports; computed here, independently of recur.

Prints one line per method and, last, "recur_r5 baseline_r5" for the check.
"""
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path


def load(data_dir):
    d = Path(data_dir)
    bugs = next(d.glob("*_bugs.csv"))
    links = next(d.glob("*_bugs-combined.csv"))
    with open(bugs, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(links, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            parent[find(r["Issue id"])] = find(r["Duplicate id"])
    for r in rows:
        r["group"] = find(r["Issue id"])
    rows.sort(key=lambda r: (r["Created"], int(r["Issue id"])))
    return rows


def queries(rows):
    """(index, ids of earlier reports of its group) for each query."""
    out = []
    for i, r in enumerate(rows):
        truth = {e["Issue id"] for e in rows[:i]
                 if e["group"] == r["group"] and e["Created"] < r["Created"]}
        if truth:
            out.append((i, truth))
    return out


def recall(ranked_lists, qs):
    hits = [0, 0, 0]
    for (i, truth), ranked in zip(qs, ranked_lists):
        for j, k in enumerate((1, 5, 10)):
            if any(x in truth for x in ranked[:k]):
                hits[j] += 1
    return [h / len(qs) for h in hits]


WORD = re.compile(r"[^\W_]+", re.UNICODE)


def bm25_baseline(rows, qs):
    docs = [Counter(WORD.findall(r["Summary"].lower())) for r in rows]
    n = len(docs)
    avgdl = sum(sum(d.values()) for d in docs) / n
    df = Counter()
    for d in docs:
        df.update(d.keys())
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
    out = []
    for i, _ in qs:
        q = docs[i]
        scores = []
        for j in range(i):
            if rows[j]["Created"] >= rows[i]["Created"]:
                continue
            d, dl = docs[j], sum(docs[j].values())
            s = 0.0
            for t in q:
                tf = d.get(t, 0)
                if tf:
                    s += idf[t] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avgdl))
            if s > 0:
                scores.append((-s, -j, rows[j]["Issue id"]))
        scores.sort()
        out.append([x[2] for x in scores[:10]])
    return out


def recur_similar(recur, rows, qs, with_description, extra):
    with tempfile.TemporaryDirectory() as tmp:
        export = os.path.join(tmp, "reports.csv")
        db = os.path.join(tmp, "x.db")
        with open(export, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "opened_at", "service"] +
                       (["description"] if with_description else []))
            for r in rows:
                w.writerow([r["Issue id"], r["Summary"], r["Created"], ""] +
                           ([r["Description"]] if with_description else []))
        subprocess.run([recur, "--db", db, "import", export], check=True,
                       stdout=subprocess.DEVNULL)
        out = []
        for i, _ in qs:
            p = subprocess.run([recur, "--db", db, "similar", rows[i]["Issue id"], "--top", "10",
                                "--format", "csv"] + extra, check=True, capture_output=True,
                               text=True)
            out.append([r["id"] for r in csv.DictReader(p.stdout.splitlines())])
        return out


def main():
    args = sys.argv[1:]
    with_description = "--description" in args
    extra = []
    if "--recur-args" in args:
        extra = args[args.index("--recur-args") + 1].split()
    recur, data = args[0], args[1]
    rows = load(data)
    qs = queries(rows)
    base = recall(bm25_baseline(rows, qs), qs)
    mine = recall(recur_similar(recur, rows, qs, with_description, extra), qs)
    name = "recur similar" + (" (title + description)" if with_description else "") + \
        (" " + " ".join(extra) if extra else "")
    print(f"{len(rows)} reports, {len(qs)} queries with an earlier duplicate")
    print(f"{'plain BM25 over titles':44s} R@1 {base[0]:.3f}  R@5 {base[1]:.3f}  R@10 {base[2]:.3f}")
    print(f"{name:44s} R@1 {mine[0]:.3f}  R@5 {mine[1]:.3f}  R@10 {mine[2]:.3f}")
    print(f"{mine[1]:.4f} {base[1]:.4f}")


if __name__ == "__main__":
    main()
