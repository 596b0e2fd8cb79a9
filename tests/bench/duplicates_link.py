#!/usr/bin/python3
"""Pairwise precision, recall and F1 of `recur link`'s problems against human
duplicate groups, beside a TF-IDF single-link baseline computed here.

    duplicates_link.py RECUR DATA_DIR [--min-f1-over-baseline]

DATA_DIR holds SeaMonkey_bugs.csv (Summary, Issue id, Created, ...) and
SeaMonkey_bugs-combined.csv (Issue id, Duplicate id), as GitBugs ships them
(tests/data/duplicates-seamonkey). The reports become an export
(id, title, opened_at), imported and linked with no options into a fresh
database; "same problem" pairs are compared with "same duplicate group"
pairs. Truth groups join through duplicate links to reports not in the file
(union-find over every link), so two reports that are duplicates of one
outside bug count as one group.

Baseline: single-link grouping of reports whose titles have a TF-IDF cosine
of 0.6 or more (lower-cased words, IDF ln(N/df) from the whole file), the
method the data set's README quotes (F1 about 0.08).

With --min-f1-over-baseline the exit status is 1 unless recur's F1 is above
the baseline's (the check in make test).
"""
import collections, csv, itertools, math, os, re, sqlite3, subprocess, sys, tempfile


def truth_pairs(data):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(os.path.join(data, "SeaMonkey_bugs-combined.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            parent[find(r["Issue id"])] = find(r["Duplicate id"])
    return find


def pairs_of(groups):
    out = set()
    for members in groups:
        out.update(itertools.combinations(sorted(members), 2))
    return out


def score(pred, truth):
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(pred)


def baseline(reports, threshold=0.6):
    words = [re.findall(r"[a-z0-9]+", r["Summary"].lower()) for r in reports]
    df = collections.Counter()
    for w in words:
        df.update(set(w))
    n = len(words)
    vecs = []
    for w in words:
        tf = collections.Counter(w)
        v = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    postings = collections.defaultdict(list)
    for i, v in enumerate(vecs):
        for t in v:
            postings[t].append(i)
    for i, v in enumerate(vecs):
        seen = set()
        for t in v:
            for j in postings[t]:
                if j >= i or j in seen:
                    continue
                seen.add(j)
                if sum(x * vecs[j].get(t2, 0.0) for t2, x in v.items()) >= threshold:
                    parent[find(i)] = find(j)
    groups = collections.defaultdict(list)
    for i in range(n):
        groups[find(i)].append(reports[i]["Issue id"])
    return [g for g in groups.values() if len(g) > 1]


def recur_groups(recur, reports):
    with tempfile.TemporaryDirectory() as tmp:
        export = os.path.join(tmp, "seamonkey.csv")
        with open(export, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "opened_at"])
            for r in reports:
                w.writerow([r["Issue id"], r["Summary"], r["Created"]])
        db = os.path.join(tmp, "x.db")
        subprocess.run([recur, "--db", db, "import", export], check=True, stdout=subprocess.DEVNULL)
        link = subprocess.run([recur, "--db", db, "link"], check=True, capture_output=True,
                              text=True).stdout
        con = sqlite3.connect(db)
        groups = collections.defaultdict(list)
        methods = collections.Counter()
        for pid, ext, method in con.execute(
                "SELECT l.problem_id, i.ext_id, l.method FROM problem_links l "
                "JOIN incidents i ON i.id = l.incident_id"):
            groups[pid].append(ext)
            methods[method] += 1
        con.close()
    return list(groups.values()), link.splitlines()[0], methods


def main():
    recur, data = sys.argv[1], sys.argv[2]
    with open(os.path.join(data, "SeaMonkey_bugs.csv"), newline="", encoding="utf-8") as f:
        reports = list(csv.DictReader(f))
    find = truth_pairs(data)
    by_group = collections.defaultdict(list)
    for r in reports:
        by_group[find(r["Issue id"])].append(r["Issue id"])
    truth = pairs_of(by_group.values())
    groups, line, methods = recur_groups(recur, reports)
    mine = score(pairs_of(groups), truth)
    base = score(pairs_of(baseline(reports)), truth)
    print("reports %d, duplicate pairs %d (groups joined through links to other bugs)"
          % (len(reports), len(truth)))
    print("recur link: %s" % line)
    print("  links by method: %s" % ", ".join("%s %d" % kv for kv in sorted(methods.items())))
    print("%-28s %9s %7s %7s %7s" % ("grouping", "precision", "recall", "F1", "pairs"))
    print("%-28s %9.3f %7.3f %7.3f %7d" % (("recur link",) + mine))
    print("%-28s %9.3f %7.3f %7.3f %7d" % (("TF-IDF single link >= 0.6",) + base))
    if "--min-f1-over-baseline" in sys.argv[3:] and not mine[2] > base[2]:
        print("recur's F1 %.3f is not above the baseline's %.3f" % (mine[2], base[2]))
        sys.exit(1)


if __name__ == "__main__":
    main()
