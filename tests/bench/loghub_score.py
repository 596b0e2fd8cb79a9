#!/usr/bin/env python3
"""Scores `recur signatures` on Loghub-2k: Grouping Accuracy (GA) and FGA.

usage: loghub_score.py RECUR DATA_DIR [DATASET...]

For each dataset it feeds the Content column of DATA_DIR/<Dataset>_2k.csv to
`RECUR signatures` (one batch per dataset, the default setting) and groups
the lines by the template id printed. Truth is EventTemplate (see the
data's README): a line counts as correct when its predicted group holds
exactly the lines of its true group. FGA is the F1 of exact groups over
predicted and over true groups. Prints one line per dataset and the means;
with --min DATASET=GA ... exits 1 when a dataset scores below its floor.
Standard library only.
"""
import collections
import csv
import subprocess
import sys
import time

ALL = ("Android Apache BGL HDFS HPC Hadoop HealthApp Linux Mac OpenSSH "
       "OpenStack Proxifier Spark Thunderbird Windows Zookeeper").split()


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # one input line per message: a newline inside a message would split it
    return ([r["Content"].replace("\r", " ").replace("\n", " ") for r in rows],
            [r["EventTemplate"] for r in rows])


def accuracy(truth, pred):
    size = collections.Counter(pred)
    members = collections.defaultdict(list)
    for i, t in enumerate(truth):
        members[t].append(i)
    correct = exact = 0
    for idx in members.values():
        labels = {pred[i] for i in idx}
        if len(labels) == 1 and size[pred[idx[0]]] == len(idx):
            correct += len(idx)
            exact += 1
    p, r = exact / len(size), exact / len(members)
    return correct / len(truth), (2 * p * r / (p + r) if p + r else 0.0)


def run(recur, lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    out = subprocess.run([recur, "signatures"], input=data, stdout=subprocess.PIPE,
                         check=True).stdout
    secs = time.perf_counter() - t0
    ids = [l.split(b"\t", 1)[0] for l in out.split(b"\n")[:-1]]
    if len(ids) != len(lines):
        sys.exit("loghub: %d lines in, %d out" % (len(lines), len(ids)))
    return ids, secs


def main(argv):
    floors = {}
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--min":
            name, ga = argv[i + 1].split("=")
            floors[name] = float(ga)
            i += 2
        else:
            args.append(argv[i])
            i += 1
    recur, data = args[0], args[1]
    names = args[2:] or ALL
    sum_ga = sum_fga = secs = 0.0
    nlines = 0
    failed = 0
    print("%-12s %6s %6s %7s %9s" % ("dataset", "GA", "FGA", "groups", "true"))
    for name in names:
        lines, truth = read("%s/%s_2k.csv" % (data, name))
        pred, s = run(recur, lines)
        ga, fga = accuracy(truth, pred)
        sum_ga += ga
        sum_fga += fga
        secs += s
        nlines += len(lines)
        note = ""
        if name in floors and ga < floors[name]:
            note = "  below the floor %.3f" % floors[name]
            failed = 1
        print("%-12s %6.3f %6.3f %7d %9d%s" % (name, ga, fga, len(set(pred)), len(set(truth)),
                                                note))
    n = len(names)
    print("%-12s %6.3f %6.3f" % ("mean", sum_ga / n, sum_fga / n))
    print("lines/s, one run per dataset (with process start): %.0f (%d lines, %.3f s)"
          % (nlines / secs, nlines, secs))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
