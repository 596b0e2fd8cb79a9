"""Independent still-open counts and Kaplan-Meier TTR, for kaplan-meier.sh.

Reads an export itself (no recur code, no database) and prints, for each
month asked, one line:

    month|incidents|still_open|left_out|km_n|km_median_min|km_p90_min

The convention is the one README.md's "What the figures mean" states:
  - export time: the latest timestamp of any kind in the export;
  - still open: neither resolved nor closed; censored at export - opened;
  - resolved: TTR = resolved - opened (seconds), an event; an incident with
    an end but no valid TTR (closed without resolution, negative) is left out;
  - at each distinct event time t_i, d_i events and n_i at risk (time >= t_i,
    censored ones included); S(t) = prod over t_i <= t of (1 - d_i / n_i);
  - median = smallest t_i with S <= 0.5, p90 = smallest with S <= 0.1, both
    within 1e-9; "not reached" otherwise, "-" with nothing to estimate from.
Minutes are rounded as recur rounds them: round(seconds / 6) / 10, half away
from zero.

usage: kaplan_meier.py csv FILE MONTH...          a generic CSV (opened_at,
                                                 resolved_at, closed_at optional;
                                                 ISO times in UTC)
       kaplan_meier.py servicenow FILE [--cut EPOCH] MONTH...
                                                 the ServiceNow event log (gzip),
                                                 rows updated after EPOCH dropped
       kaplan_meier.py servicenow-cut FILE EPOCH  prints the event log as if
                                                 exported at EPOCH (rows updated
                                                 later dropped), as CSV
       kaplan_meier.py freireich                 prints the 6-MP arm of Freireich
                                                 et al. (1963) as such a CSV
"""
import bisect, calendar, csv, datetime, gzip, math, sys

EPS = 1e-9


def minutes(seconds):
    x = seconds / 6.0
    return math.floor(x + 0.5) / 10.0 if x >= 0 else -math.floor(-x + 0.5) / 10.0


def km(obs):
    """obs: (time in seconds, resolved?) pairs -> (median, p90) seconds or None."""
    ends = sorted(t for t, _ in obs)
    events = sorted(t for t, e in obs if e)
    s, median, p90 = 1.0, None, None
    for t in sorted(set(events)):
        n = len(ends) - bisect.bisect_left(ends, t)
        d = bisect.bisect_right(events, t) - bisect.bisect_left(events, t)
        s *= 1.0 - d / n
        if median is None and s <= 0.5 + EPS:
            median = t
        if p90 is None and s <= 0.1 + EPS:
            p90 = t
    return median, p90


def month_bounds(month):
    y, m = (int(x) for x in month.split('-'))
    start = calendar.timegm((y, m, 1, 0, 0, 0))
    end = calendar.timegm((y + m // 12, m % 12 + 1, 1, 0, 0, 0))
    return start, end


def line(month, incidents, export):
    """incidents: (opened, resolved, closed) epochs or None."""
    start, end = month_bounds(month)
    mine = [i for i in incidents if i[0] is not None and start <= i[0] < end]
    obs, still_open, left_out = [], 0, 0
    for o, r, c in mine:
        if r is None and c is None:
            still_open += 1
            obs.append((export - o, False))
        elif r is not None and r >= o:
            obs.append((r - o, True))
        else:
            left_out += 1
    median, p90 = km(obs)

    def text(v):
        if v is not None:
            return '%.1f' % minutes(v)
        return 'not reached' if obs else '-'
    return '%s|%d|%d|%d|%d|%s|%s' % (month, len(mine), still_open, left_out, len(obs),
                                     text(median), text(p90))


TIMES = ('opened_at', 'acknowledged_at', 'mitigated_at', 'resolved_at', 'closed_at')


def iso(s):
    if not s:
        return None
    s = s.replace('T', ' ').rstrip('Z')
    return calendar.timegm(datetime.datetime.strptime(s, '%Y-%m-%d %H:%M:%S').timetuple())


def from_csv(path, months):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    incidents = [(iso(r['opened_at']), iso(r['resolved_at']), iso(r.get('closed_at')))
                 for r in rows]
    export = max(iso(r[k]) or 0 for r in rows for k in TIMES if k in r)
    for m in months:
        print(line(m, incidents, export))


def sn_time(s):
    if not s or s == '?':
        return None
    d, t = s.split(' ')
    day, month, year = (int(x) for x in d.split('/'))
    hh, mm = (int(x) for x in t.split(':'))
    return calendar.timegm((year, month, day, hh, mm, 0))


def servicenow_cut(path, cut):
    with gzip.open(path, 'rt', newline='') as f:
        r = csv.reader(f)
        w = csv.writer(sys.stdout, lineterminator='\n')
        header = next(r)
        w.writerow(header)
        at = header.index('sys_updated_at')
        for row in r:
            updated = sn_time(row[at])
            if updated is not None and updated <= cut:
                w.writerow(row)


def from_servicenow(path, args):
    cut = None
    if args[0] == '--cut':
        cut, args = int(args[1]), args[2:]
    best, export = {}, 0
    with gzip.open(path, 'rt', newline='') as f:
        for order, row in enumerate(csv.DictReader(f)):
            updated = sn_time(row['sys_updated_at'])
            if cut is not None and (updated is None or updated > cut):
                continue
            for k in ('opened_at', 'sys_updated_at', 'resolved_at', 'closed_at'):
                t = sn_time(row[k])
                if t is not None and t > export:
                    export = t
            # the collapse rule: latest update, then modification count, then file order
            key = (updated or -1, int(row['sys_mod_count']), order)
            cur = best.get(row['number'])
            if cur is None or key > cur[0]:
                best[row['number']] = (key, row)
    incidents = [(sn_time(r['opened_at']), sn_time(r['resolved_at']), sn_time(r['closed_at']))
                 for _, r in best.values()]
    for m in args:
        print(line(m, incidents, export))


# 6-MP arm (weeks of remission; + censored): the textbook Kaplan-Meier
# example, median 23. Here weeks are hours: opened in October 2026, the
# export at 2026-10-31 00:00, set by S0 (September) resolved then.
FREIREICH = '6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'


def freireich():
    export = calendar.timegm((2026, 10, 31, 0, 0, 0))
    stamp = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
    w = csv.writer(sys.stdout, lineterminator='\n')
    w.writerow(['id', 'title', 'opened_at', 'resolved_at', 'closed_at'])
    w.writerow(['S0', 'sets the export time', '2026-09-30 00:00:00', stamp(export), ''])
    for k, v in enumerate(FREIREICH.split()):
        hours = int(v.rstrip('+'))
        if v.endswith('+'):  # still open: censored at export - opened
            w.writerow(['F%d' % k, 'case %d' % k, stamp(export - hours * 3600), '', ''])
        else:
            opened = calendar.timegm((2026, 10, 2, 0, 0, 0)) + k * 3600
            w.writerow(['F%d' % k, 'case %d' % k, stamp(opened), stamp(opened + hours * 3600), ''])
    # an end but no valid TTR: in neither estimate
    w.writerow(['C1', 'closed without resolution', '2026-10-03 00:00:00', '', '2026-10-04 00:00:00'])
    w.writerow(['N1', 'resolved before opened', '2026-10-03 00:00:00', '2026-10-02 00:00:00', ''])


if __name__ == '__main__':
    if sys.argv[1] == 'csv':
        from_csv(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == 'servicenow':
        from_servicenow(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == 'servicenow-cut':
        servicenow_cut(sys.argv[2], int(sys.argv[3]))
    else:
        freireich()
