-- trend: the 12 months ending at the month, oldest first, one row per month
-- (months without incidents give a row of zeros and NULL durations).
-- Parameters: :trend_start (first instant of the oldest month), :end (first
-- instant after the month), epoch seconds.
-- Durations are in seconds, valid (non-negative) ones only; percentile_inc is
-- Excel PERCENTILE.INC. One range scan on incidents_opened.
WITH RECURSIVE months(i, month) AS (
  SELECT 0, strftime('%Y-%m', :trend_start, 'unixepoch')
  UNION ALL
  SELECT i + 1, strftime('%Y-%m', :trend_start, 'unixepoch', '+' || (i + 1) || ' months')
  FROM months
  WHERE i < 11
),
agg AS (
  SELECT
    month_of(opened_at)                                                AS month,
    count(*)                                                           AS incidents,
    sum(severity = 1) AS sev1, sum(severity = 2) AS sev2, sum(severity = 3) AS sev3,
    sum(severity = 4) AS sev4, sum(severity = 5) AS sev5,
    sum(severity IS NULL)                                              AS unknown,
    median(CASE WHEN acknowledged_at >= opened_at THEN acknowledged_at - opened_at END)
                                                                       AS tta_median_s,
    median(CASE WHEN resolved_at >= opened_at THEN resolved_at - opened_at END)
                                                                       AS ttr_median_s,
    percentile_inc(CASE WHEN resolved_at >= opened_at THEN resolved_at - opened_at END, 0.9)
                                                                       AS ttr_p90_s
  FROM incidents
  WHERE opened_at >= :trend_start AND opened_at < :end
  GROUP BY month_of(opened_at)
)
SELECT
  m.month,
  coalesce(a.incidents, 0) AS incidents,
  coalesce(a.sev1, 0) AS sev1, coalesce(a.sev2, 0) AS sev2, coalesce(a.sev3, 0) AS sev3,
  coalesce(a.sev4, 0) AS sev4, coalesce(a.sev5, 0) AS sev5,
  coalesce(a.unknown, 0) AS unknown,
  a.tta_median_s, a.ttr_median_s, a.ttr_p90_s
FROM months m LEFT JOIN agg a ON a.month = m.month
ORDER BY m.i;
