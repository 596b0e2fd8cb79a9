-- problem-review-trend: one problem's incidents per month over the 12 months
-- of :months (the JSON array of trend.sql), oldest first, with the month's
-- counts by severity (for the stacked chart) and median TTR in seconds.
-- Parameters: :id, :months.
WITH months AS (
  SELECT key AS i, value ->> '$.month' AS month, value ->> '$.start' AS start,
         value ->> '$.end' AS end
  FROM json_each(:months)
),
mine AS (
  SELECT r.opened_at, r.severity, r.ttr_s
  FROM problem_links l JOIN review_incidents r ON r.id = l.incident_id
  WHERE l.problem_id = :id
)
SELECT m.month, count(x.opened_at) AS incidents,
       coalesce(sum(x.severity = 1), 0) AS sev1, coalesce(sum(x.severity = 2), 0) AS sev2,
       coalesce(sum(x.severity = 3), 0) AS sev3, coalesce(sum(x.severity = 4), 0) AS sev4,
       coalesce(sum(x.severity = 5), 0) AS sev5,
       coalesce(sum(x.opened_at IS NOT NULL AND x.severity IS NULL), 0) AS unknown,
       minutes(median(x.ttr_s)) AS ttr_median_min
FROM months m
LEFT JOIN mine x ON x.opened_at >= m.start AND x.opened_at < m.end
GROUP BY m.i
ORDER BY m.i;
