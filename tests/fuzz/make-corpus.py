#!/usr/bin/python3
"""Writes the seed corpus of each fuzz target into tests/fuzz/corpus/<target>/.

Run from the repository root when the sources below change:
    /usr/bin/python3 tests/fuzz/make-corpus.py
The csv-spectrum and mustache-spec suites come from tests/data/.
Seeds are named seed-*; crash regressions (crash-*, timeout-*, ...) written by
`make fuzz-run` and by hand are never touched. Each seed starts with the
target's option bytes (see the comment at the top of each fuzz_<target>.c).
"""
import glob, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
MAX = 16 * 1024  # keep seeds small: the fuzzer mutates them, replay reads them all

def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data[:MAX])

def read(path):
    with open(path, "rb") as f:
        return f.read()

def head_lines(path, n):
    return b"".join(read(path).splitlines(True)[:n])

# ---- csv: 2 option bytes (delimiter choice, small limits) then the file ----
for p in sorted(glob.glob(os.path.join(DATA, "csv-spectrum/csvs/*.csv"))):
    name = os.path.basename(p)[:-4]
    put("csv", "spectrum-" + name, b"\x00\x00" + read(p))
    put("csv", "spectrum-" + name + "-small", b"\x08\x03" + read(p))
put("csv", "sellfast-head", b"\x00\x00" + head_lines(os.path.join(ROOT, "sample-data/sellfast/exports/incidents.csv"), 12))
put("csv", "semicolon", b"\x02\x00" + b"id;title;opened\r\n1;\"a;b\";2026-01-02\r\n2;\"x\"\"y\";\n")
put("csv", "tab", b"\x03\x00" + b"id\ttitle\n1\tDisk full\n\n\n2\t\"multi\nline\"\n")
put("csv", "pipe", b"\x04\x00" + b"id|title\r1|a\r2|b")
put("csv", "bom-cr-lf-mixed", b"\x00\x00" + b"\xef\xbb\xbfid,title\r\n1,a\n2,b\r3,\"c\"d\n")
put("csv", "unterminated", b"\x00\x00" + b"id,title\n1,\"never closed\n2,x\n")
put("csv", "ragged", b"\x00\x00" + b"a,b,c\n1\n1,2,3,4,5\n,,\n")
put("csv", "nul-bytes", b"\x00\x00" + b"id,ti\x00tle\n1,a\x00b\n")

# ---- json: the whole input is the document ----
for p in sorted(glob.glob(os.path.join(DATA, "csv-spectrum/json/*.json"))):
    put("json", "spectrum-" + os.path.basename(p)[:-5], read(p))
put("json", "sellfast-cdn", read(os.path.join(ROOT, "sample-data/sellfast/exports/cdn-incidents.json")))
put("json", "review-data", read(os.path.join(ROOT, "tests/fixtures/review-data.json")))
put("json", "records-path", '{"data":{"items":[{"id":"A-1","fields":{"status":"open"},"tags":["x",1,null]}]}}')
put("json", "single", '{"incident":{"id":"INC1","title":"t"}}')
put("json", "escapes", '["\\u00e9\\ud83d\\ude00\\ud800x\\u0000", "\\b\\f\\n\\r\\t\\/", -0.0e+10, 1E400, 123456789012345678901234567890]')
put("json", "nested", "[" * 40 + "]" * 40)
put("json", "truncated", '{"incidents":[{"id":"1","title":"cut')
put("json", "bom", b"\xef\xbb\xbf[{\"id\":1}]")
put("json", "dup-keys", '[{"id":1,"id":2,"":3}]')
put("json", "status-feed", '{"current":[],"page":1,"archive":[{"summary":"[RESOLVED] API errors","date":"1624564393","service_name":"EC2"},{"summary":"[x] y","date":"1624564393000"}]}')
put("json", "keyed", '{"azure-20180904-1":{"title":"Storage outage","root_cause":{"label":"Power"}},"gcp-1":{"id":"G-1","title":"[RESOLVED] Net"}}')
put("json", "keyed-bad", '{"a-1":{"title":"x"},"a-2":{"title":"y"},"a-3":"z"}')
put("json", "lines", '{"id":"L-1","title":"a"}\n\n{"id":"L-2","title":"b"}\r\n{"id":"L-3"}\n{"id":"L-4"}\n')
put("json", "lines-broken", '{"id":"L-1","title":"a"}\n{"id":"L-2","title":\n[1]\n')

# ---- time: 1 option byte (0 auto, 1 dmy, 2 mdy) then the text ----
times = ["2026-03-04T10:15:00Z", "2026-03-04T10:15:00.123456Z", "2026-03-04T10:15:00+02:00",
         "2015-10-08T14:42:00.000+0700", "2026-03-04T10:15:00 UTC", "2026-03-04 10:15",
         "2026/03/04 10:15", "04.03.2026 10:15", "3/4/2026 10:15 PM", "3/4/2026 12:05:30 p.m.",
         "13/1/2025", "4/3/99", "25/Feb/26 10:17 PM", "Feb 25, 2026", "25 February 2026 08:00",
         "Wed, 25 Feb 2026 10:17:00 +0000", "1772619300", "1772619300123", "20260304",
         "2026-02-30", "2026-03-04 25:00", "  2026-03-04T10:15:00Z  ", "29-02-2016 01:16",
         "30/Jul/18 23:33", "February 25, 2026 10:17 PM"]
for i, t in enumerate(times):
    put("time", "%02d" % i, bytes([i % 3]) + t.encode())

# ---- rules: the rules file, then NUL and an incident text ----
put("rules", "sellfast", read(os.path.join(ROOT, "sample-data/sellfast/rules.conf")))
put("rules", "backtracking", "[rule evil]\npattern = (a+)+$\n\0" + "a" * 40 + "!")
put("rules", "fields-status", "[rule r1]\ntitle = T\nfields = title, description # c\n"
    "service = a, B\nstatus = known error\npattern = (?i)disk\\s+full\npattern = \\d{3}\n\0disk  full 500")
put("rules", "bad-pattern", "[rule r]\npattern = (unclosed\n")
put("rules", "dup-rule", "[rule a]\npattern = x\n[rule a]\npattern = y\n")
put("rules", "crlf-bom", b"\xef\xbb\xbf[rule a]\r\npattern = x\r\n\0x")
put("rules", "no-pattern", "[rule a]\ntitle = nothing\n")

# ---- mustache: 1 option byte (escape) then template NUL data NUL partial ----
def spec_case(t):
    data = json.dumps(t.get("data", {}))
    partials = t.get("partials", {})
    partial = next(iter(partials.values()), "") if partials else ""
    return t["template"] + "\0" + data + "\0" + partial

n = 0
for p in sorted(glob.glob(os.path.join(DATA, "mustache-spec/*.json"))):
    mod = os.path.basename(p)[:-5]
    if mod.startswith("~"):
        continue
    for t in json.load(open(p))["tests"]:
        n += 1
        put("mustache", "spec-%s-%03d" % (mod, n), b"\x01" + spec_case(t).encode())
for p in sorted(glob.glob(os.path.join(ROOT, "report-templates/*.md"))):
    put("mustache", "report-" + os.path.basename(p), b"\x02" + read(p))
put("mustache", "recursive", b"\x00{{#c}}{{>self}}{{/c}}{{>p}}\0{\"c\":[1,[2,[3]]]}\0[{{.}}]")
put("mustache", "markdown-cell", b"\x02| {{b}} | {{{b}}} | {{&b}} |\n{{#c}}{{d}}{{/c}}")
put("mustache", "delims", b"\x01{{=<% %>=}}<% a %><%={{ }}=%>{{a}}\0{\"a\":\"<&>\"}")

# ---- postmortem: 1 option byte (file name) then the Markdown ----
for p in sorted(glob.glob(os.path.join(ROOT, "sample-data/sellfast/postmortems/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/fixtures/postmortems/*.md"))):
    put("postmortem", os.path.basename(p)[:-3], b"\x00" + read(p))
put("postmortem", "tiny", b"\x02# Postmortem: INC0012345 db down\n\n## Timeline\n\n- 10:00 UTC paged\n\n## Action items\n\n- [ ] fix it @bob due 2026-13-45\n")
put("postmortem", "not-markdown", b"\x01\x00\xff\xfe garbage")
for p in sorted(glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*/*/*.md"))):
    put("postmortem", "fm-" + os.path.basename(p)[:-3], bytes([len(p) & 3]) + read(p))

# ---- frontmatter: 1 option byte (bit 0: wrap in --- lines) then the document (YAML or TOML) ----
for p in sorted(glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/e2e/postmortem-collections/*/*/*/*.md")) +
                glob.glob(os.path.join(ROOT, "tests/malformed/frontmatter-*.md"))):
    put("frontmatter", os.path.basename(p)[:-3], b"\x00" + read(p))
put("frontmatter", "subset", b"\x01" + b"""plain: a#b # comment
'single': 'it''s'
double: "tab\\t \\u00e9 \\x41 \\U0001F600"
empty:
tilde: ~
folded: >-
  a
  b

  c
literal: |+
  x
    y

inline: [a, 'b, c', "d", [e, f], ]
block:
- one
- name: two
  title: deux
- - nested
  - list
map:
  key: value
  deeper:
    k: [1,
      2]
date: 2019-06-02 14:30:00 -07:00
start_time: 2001-12-14t21:59:43.10-05:00
""")
put("frontmatter", "refusals", b"\x01" + b"a: &x 1\nb: *x\nc: !!str 2\nd: {e: 1}\n? f\n\tg: 1\n")
put("frontmatter", "deep", b"\x01" + b"".join(b" " * i + b"k%d:\n" % i for i in range(20)))
put("frontmatter", "unterminated", b"\x00---\ntitle: x\n")

# ---- import: byte 0 file name (.csv .json .tsv .md), byte 1 options, then the file ----
import re
def value_for(key, i):
    k = key.lower()
    if re.search(r"(_at|date|time|created|opened|updated|resolved|closed|started)", k):
        return "2026-10-%02d 1%d:0%d:00" % (2 + i, i, i)
    if re.search(r"(^id$|number|key|_id$|ref)", k):
        return "X-%d" % (100 + i)
    if "sever" in k or "priority" in k or "urgency" in k:
        return ["SEV1", "P2", "high", "2 - High"][i % 4]
    if "status" in k or "state" in k:
        return ["resolved", "open", "closed"][i % 3]
    return "Disk full on db-%d" % i

def set_path(obj, path, v):
    parts = path.split(".")
    for p in parts[:-1]:
        obj = obj.setdefault(p, {}) if isinstance(obj.get(p, {}), dict) else {}
    obj[parts[-1]] = v

for p in sorted(glob.glob(os.path.join(ROOT, "queries/formats/*.sql"))):
    name = os.path.basename(p)[:-4]
    sql = open(p).read()
    prof = re.search(r"\('%s', '[^']*', '(csv|json)'(?:, '([^']*)')?" % re.escape(name), sql)
    if not prof:
        continue
    kind, records = prof.group(1), prof.group(2) or ""
    keys = [m.group(2) for m in re.finditer(r"\('%s', '(header|record|top)', '([^']*)'" % re.escape(name), sql)
            if m.group(1) != "top"]
    keys += [m.group(1) for m in re.finditer(r"\('%s', '[a-z_]+', '([^']*)', '?[a-z_]*'?,? ?[0-9]+\)" % re.escape(name), sql)]
    keys = [k.split("=")[0].strip() for k in keys if k]
    seen, cols = set(), []
    for k in keys:
        if k not in seen:
            seen.add(k); cols.append(k)
    cols = [c for c in cols if not any(o.startswith(c + ".") for o in cols)]  # objects, not leaves
    if not cols:
        continue
    if kind == "csv":
        lines = [",".join(cols)] + [",".join('"%s"' % value_for(c, i) for c in cols) for i in range(3)]
        put("import", "format-" + name, b"\x00\x00" + ("\n".join(lines) + "\n").encode())
    else:
        recs = []
        for i in range(2):
            o = {}
            for c in cols:
                set_path(o, c, value_for(c.split(".")[-1], i))
            recs.append(o)
        doc = recs
        if records:
            doc = {}
            set_path(doc, records, recs)
        put("import", "format-" + name, b"\x01\x00" + json.dumps(doc).encode())
put("import", "sellfast-head", b"\x00\x00" + head_lines(os.path.join(ROOT, "sample-data/sellfast/exports/incidents.csv"), 8))
put("import", "sellfast-cdn", b"\x01\x10" + read(os.path.join(ROOT, "sample-data/sellfast/exports/cdn-incidents.json"))[:3000])
put("import", "dmy-strict", b"\x00\x05id,title,opened_at,severity\n1,a,13/02/2026 10:00,P1\n2,b,3/4/2026 10:00,P9\n")
put("import", "eventlog", b"\x00\x00number,incident_state,sys_updated_on,sys_mod_count,opened_at,short_description\n"
    b"INC1,New,2/3/2016 10:00,0,2/3/2016 10:00,db down\nINC1,Resolved,2/3/2016 12:00,1,2/3/2016 10:00,db down\n")
put("import", "events-xes", b"\x00\x00case:concept:name,concept:name,lifecycle:transition,time:timestamp,org:resource\n"
    b"C1,Register,start,2012-03-31T16:59:00+02:00,Ann\nC1,Register,complete,2012-03-31T17:03:00+02:00,Ann\n"
    b"C1,Resolve,complete,2012-04-02 10:52,Bob\nC2,Accepted,In Progress,2012-04-02 10:52,\nC2,Completed,Closed,2012-04-03 10:52,\n")
put("import", "events-disco", b"\x00\x00Case ID,Activity,Resource,Start Timestamp,Complete Timestamp,Variant\n"
    b"Case 1,Assign seriousness,Value 1,2012/10/09 14:50:17.000,2012/10/09 14:50:17.000,Variant 1\n"
    b"Case 1,Caso cerrado,Value 2,2012/10/10 14:50:17.000,,Variant 1\n")
put("import", "status-feed", b"\x01\x00" + open(os.path.join(ROOT, "tests/e2e/import-json-shapes/aws-status.json"), "rb").read())
put("import", "postmortem-collection", b"\x01\x00" + open(os.path.join(ROOT, "tests/e2e/import-json-shapes/cloud-postmortems.json"), "rb").read())
put("import", "json-lines", b"\x01\x00" + open(os.path.join(ROOT, "tests/e2e/import-json-shapes/alerts.jsonl"), "rb").read())
for p in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/postmortems/*.md")))[:2]:
    put("import", "pm-" + os.path.basename(p)[:-3], b"\x03\x00" + read(p))
for p in ["tests/e2e/postmortem-collections/hugo/content/postmortems/acme-card-declines.md",
          "tests/e2e/postmortem-collections/hugo/content/postmortems/search-index-stale.md"]:
    put("import", "pm-fm-" + os.path.basename(p)[:-3], b"\x03\x00" + read(os.path.join(ROOT, p)))
for p in sorted(glob.glob(os.path.join(ROOT, "tests/malformed/*.csv")) + glob.glob(os.path.join(ROOT, "tests/malformed/*.json"))):
    b = os.path.basename(p)
    put("import", "malformed-" + b, (b"\x01" if b.endswith(".json") else b"\x00") + b"\x00" + read(p))

# decode: byte 0 is the encoding (0 detected, 1 UTF-8, 2 UTF-16, 3 UTF-16LE,
# 4 UTF-16BE, 5 WINDOWS-1252, 6 WINDOWS-1251, 7 UTF-32, 8 ISO-8859-1, 9 KOI8-R)
for d in ("import-encodings", "import-wrong-files"):
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/e2e", d, "incidents.*")) +
                    glob.glob(os.path.join(ROOT, "tests/e2e", d, "*.csv")) +
                    glob.glob(os.path.join(ROOT, "tests/e2e", d, "*.txt"))):
        put("decode", os.path.basename(p), b"\x00" + read(p))
for p in sorted(glob.glob(os.path.join(ROOT, "tests/malformed/utf*")) + glob.glob(os.path.join(ROOT, "tests/malformed/*utf8*")) +
                glob.glob(os.path.join(ROOT, "tests/malformed/windows-*"))):
    b = os.path.basename(p)
    if not b.endswith(("experr", "count", "expcode")):
        put("decode", "malformed-" + b, b"\x00" + read(p))
put("decode", "forced-utf16le-odd", b"\x03a\x00b\x00c")
put("decode", "forced-utf8-bad", b"\x01Caf\xe9")
put("decode", "forced-1252-undefined", b"\x05\x81\x8d\x8f\x90\x9d")
put("decode", "forced-1251", b"\x06\xd1\xe1\xee\xe9 \x98")
put("decode", "forced-utf32-big", b"\x07\x00\x00\xfe\xff\x00\x11\x00\x00")
put("decode", "forced-koi8", b"\x09\xf0\xc9\xd3\xd8\xcd\xc1")
put("decode", "utf16-pairs", b"\x00\xff\xfe\x3d\xd8\x25\xdd\x3d\xd8\x00\xdc\x00\xdc")
put("decode", "empty", b"\x00")
