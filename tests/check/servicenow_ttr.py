"""Independent reading of the real ServiceNow event log, for servicenow.sh.

Reads the gzip with the csv module, collapses rows per incident number (the
row with the latest sys_updated_at wins, then sys_mod_count, then file order),
and prints per priority: count, n with a TTR, median and p90 of TTR
(resolved_at - opened_at, seconds; missing or negative left out), with
percentiles interpolated linearly between closest ranks (PERCENTILE.INC).
With --durations FILE it instead reads "priority|seconds" lines (recur's
stored durations) and prints the same figures from them.

With --tta FILE MONTH it prints TTA from the timeline: an incident is
acknowledged when its status first leaves New (the rows of a number in the
same order, each change of incident_state a status change; '?' is no
status); it prints how many incidents are acknowledged, then n, mean,
median and p90 (minutes, as `recur metrics --format csv` rounds them) of
acknowledged - opened for the incidents opened in MONTH (UTC), and how many
of those are never acknowledged."""
import csv, datetime, gzip, sys


def when(s):
    if not s or s == '?':
        return None
    d, t = s.split(' ')
    day, month, year = (int(x) for x in d.split('/'))
    hh, mm = (int(x) for x in t.split(':'))
    return int(datetime.datetime(year, month, day, hh, mm, tzinfo=datetime.timezone.utc).timestamp())


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    r = (len(xs) - 1) * p
    lo = int(r)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (r - lo)


def report(groups, count):
    print('incidents', count)
    for prio in sorted(groups):
        xs = groups[prio]
        print('%s|%d|%.1f|%.1f' % (prio, len(xs), pct(xs, 0.5), pct(xs, 0.9)))


def from_export(path):
    best = {}
    with gzip.open(path, 'rt', newline='') as f:
        for order, row in enumerate(csv.DictReader(f)):
            key = (when(row['sys_updated_at']) or -1, int(row['sys_mod_count']), order)
            cur = best.get(row['number'])
            if cur is None or key > cur[0]:
                best[row['number']] = (key, row)
    groups = {}
    for _, row in best.values():
        o, r = when(row['opened_at']), when(row['resolved_at'])
        if o is None or r is None or r < o:
            continue
        groups.setdefault(row['priority'], []).append(r - o)
    report(groups, len(best))


def from_durations(path):
    groups, count = {}, 0
    for line in open(path):
        prio, secs = line.rstrip('\n').split('|')
        count += 1
        if secs != '' and int(secs) >= 0:
            groups.setdefault(prio, []).append(int(secs))
    report(groups, count)


def fmt(x):
    # recur's CSV: 1 decimal, trailing ".0" dropped
    s = '%.1f' % x
    return s[:-2] if s.endswith('.0') else s


def tta(path, month):
    rows = {}
    with gzip.open(path, 'rt', newline='') as f:
        for order, row in enumerate(csv.DictReader(f)):
            at = when(row['sys_updated_at'])
            if at is None:
                at = when(row['opened_at'])
            mod = int(row['sys_mod_count']) if row['sys_mod_count'].strip() else -1
            rows.setdefault(row['number'], []).append(((at if at is not None else -2**63, mod, order), at, row))
    acked, xs, missing = 0, [], 0
    for number, group in rows.items():
        group.sort(key=lambda g: g[0])
        prev, ack = None, None
        for _, at, row in group:
            st = row['incident_state'].strip()
            if st in ('', '?') or at is None or st == prev:
                continue
            if prev == 'New':
                ack = at
                break
            prev = st
        o = when(group[-1][2]['opened_at'])
        in_month = o is not None and \
            datetime.datetime.fromtimestamp(o, datetime.timezone.utc).strftime('%Y-%m') == month
        if ack is None:
            missing += in_month
            continue
        acked += 1
        if in_month and ack >= o:
            xs.append((ack - o) / 60.0)
    print('acknowledged', acked)
    print('TTA', month, 'n', len(xs))
    print('TTA', month, 'mean_min', fmt(sum(xs) / len(xs)))
    print('TTA', month, 'median_min', fmt(pct(xs, 0.5)))
    print('TTA', month, 'p90_min', fmt(pct(xs, 0.9)))
    print('missing_ack', month, missing)


if sys.argv[1] == '--tta':
    tta(sys.argv[2], sys.argv[3])
elif sys.argv[1] == '--durations':
    from_durations(sys.argv[2])
else:
    from_export(sys.argv[1])
