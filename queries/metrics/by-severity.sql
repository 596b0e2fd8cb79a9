-- by-severity: incidents per severity in the period, the previous period and
-- the same period a year earlier.
-- Parameters: :start, :end, :prev_start, :prev_end, :ly_start, :ly_end
-- (epoch seconds, end exclusive).
-- ttr_n, ttr_median_min and ttr_mean_min: the period's valid times to
-- resolve (minutes; NULL without one), for MTTR by severity.
-- Rows: severities 1..5 always (zeros included), then one "unknown" row
-- (severity NULL) only when one of the periods has an incident without severity.
WITH counts AS (
  SELECT
    severity,
    sum(opened_at >= :start AND opened_at < :end)           AS count,
    sum(opened_at >= :prev_start AND opened_at < :prev_end) AS prev_count,
    sum(opened_at >= :ly_start AND opened_at < :ly_end)     AS ly_count,
    count(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END)  AS ttr_n,
    median(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END) AS ttr_median_s,
    avg(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END)    AS ttr_mean_s
  FROM review_incidents
  WHERE (opened_at >= :start AND opened_at < :end)
     OR (opened_at >= :prev_start AND opened_at < :prev_end)
     OR (opened_at >= :ly_start AND opened_at < :ly_end)
  GROUP BY severity
),
levels(severity) AS (VALUES (1), (2), (3), (4), (5)),
rows AS (
  SELECT l.severity, 'SEV' || l.severity AS label,
         coalesce(c.count, 0) AS count, coalesce(c.prev_count, 0) AS prev_count,
         coalesce(c.ly_count, 0) AS ly_count, coalesce(c.ttr_n, 0) AS ttr_n,
         c.ttr_median_s, c.ttr_mean_s
  FROM levels l LEFT JOIN counts c ON c.severity = l.severity
  UNION ALL
  SELECT NULL, 'unknown', count, prev_count, ly_count, ttr_n, ttr_median_s, ttr_mean_s
  FROM counts
  WHERE severity IS NULL AND count + prev_count + ly_count > 0
)
SELECT severity, label, count, prev_count, ly_count, ttr_n,
       minutes(ttr_median_s) AS ttr_median_min, minutes(ttr_mean_s) AS ttr_mean_min
FROM rows
ORDER BY severity IS NULL, severity;
