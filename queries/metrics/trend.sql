-- trend: the 12 months ending at the period's last month, oldest first, one
-- row per month (months without incidents give zeros and NULL durations).
-- Parameters: :months, a JSON array of 12 objects {"month": "YYYY-MM",
-- "start": epoch, "end": epoch} (metrics.c computes the bounds in the
-- report's time zone, so a month here is the same month as everywhere else).
-- Durations are in minutes, valid ones only (review-scope.sql); percentiles
-- are percentile_inc (Excel PERCENTILE.INC). One range probe per month on
-- incidents_opened. The months come from temp.review_months (review-scope.sql,
-- the same bounds as :months): its rowid is the month's index, so the rows
-- arrive grouped and GROUP BY needs no sort of the year's incidents.
WITH agg AS (
  SELECT
    m.i,
    count(r.id)                                AS incidents,
    coalesce(sum(r.severity = 1), 0)           AS sev1,
    coalesce(sum(r.severity = 2), 0)           AS sev2,
    coalesce(sum(r.severity = 3), 0)           AS sev3,
    coalesce(sum(r.severity = 4), 0)           AS sev4,
    coalesce(sum(r.severity = 5), 0)           AS sev5,
    coalesce(sum(r.id IS NOT NULL AND r.severity IS NULL), 0) AS unknown,
    count(r.tta_s)                             AS tta_n,
    median(r.tta_s)                            AS tta_median_s,
    percentile_inc(r.tta_s, 0.9)               AS tta_p90_s,
    avg(r.tta_s)                               AS tta_mean_s,
    count(r.ttm_s)                             AS ttm_n,
    median(r.ttm_s)                            AS ttm_median_s,
    percentile_inc(r.ttm_s, 0.9)               AS ttm_p90_s,
    avg(r.ttm_s)                               AS ttm_mean_s,
    count(r.ttr_s)                             AS ttr_n,
    median(r.ttr_s)                            AS ttr_median_s,
    percentile_inc(r.ttr_s, 0.9)               AS ttr_p90_s,
    avg(r.ttr_s)                               AS ttr_mean_s
  FROM temp.review_months m
  LEFT JOIN review_incidents r ON r.opened_at >= m.start AND r.opened_at < m.end
  GROUP BY m.i
),
excluded AS (
  SELECT m.i, count(x.id) AS excluded
  FROM temp.review_months m
  LEFT JOIN review_excluded x ON x.opened_at >= m.start AND x.opened_at < m.end
  GROUP BY m.i
)
SELECT
  m.month, a.incidents, a.sev1, a.sev2, a.sev3, a.sev4, a.sev5, a.unknown,
  e.excluded,
  a.tta_n, minutes(a.tta_median_s) AS tta_median_min, minutes(a.tta_p90_s) AS tta_p90_min,
  minutes(a.tta_mean_s) AS tta_mean_min,
  a.ttm_n, minutes(a.ttm_median_s) AS ttm_median_min, minutes(a.ttm_p90_s) AS ttm_p90_min,
  minutes(a.ttm_mean_s) AS ttm_mean_min,
  a.ttr_n, minutes(a.ttr_median_s) AS ttr_median_min, minutes(a.ttr_p90_s) AS ttr_p90_min,
  minutes(a.ttr_mean_s) AS ttr_mean_min
FROM temp.review_months m
JOIN agg a ON a.i = m.i
JOIN excluded e ON e.i = m.i
ORDER BY m.i;
