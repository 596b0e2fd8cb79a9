-- by-severity: incidents per severity in the month and the previous month.
-- Parameters: :start, :end, :prev_start, :prev_end (epoch seconds, end exclusive).
-- Rows: severities 1..5 always (zeros included), then one "unknown" row
-- (severity NULL) only when either month has an incident without severity.
WITH counts AS (
  SELECT
    severity,
    sum(opened_at >= :start AND opened_at < :end)           AS count,
    sum(opened_at >= :prev_start AND opened_at < :prev_end) AS prev_count
  FROM incidents
  WHERE opened_at >= min(:start, :prev_start) AND opened_at < max(:end, :prev_end)
  GROUP BY severity
),
levels(severity) AS (VALUES (1), (2), (3), (4), (5)),
rows AS (
  SELECT l.severity, 'SEV' || l.severity AS label,
         coalesce(c.count, 0) AS count, coalesce(c.prev_count, 0) AS prev_count
  FROM levels l LEFT JOIN counts c ON c.severity = l.severity
  UNION ALL
  SELECT NULL, 'unknown', count, prev_count
  FROM counts
  WHERE severity IS NULL AND count + prev_count > 0
)
SELECT severity, label, count, prev_count
FROM rows
ORDER BY severity IS NULL, severity;
