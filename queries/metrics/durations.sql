-- durations: TTA and TTR of the month and the previous month, in seconds.
-- Parameters: :start, :end, :prev_start, :prev_end (epoch seconds, end exclusive).
-- TTA = acknowledged_at - opened_at, TTR = resolved_at - opened_at. A missing
-- end gives NULL and a negative duration is turned into NULL here, so both are
-- left out of n, mean, median and p90 (data-quality.sql counts them).
-- Percentiles are percentile_inc (Excel PERCENTILE.INC). One row per metric.
WITH d AS (
  SELECT
    opened_at >= :start AND opened_at < :end AS cur,
    opened_at >= :prev_start AND opened_at < :prev_end AS prev,
    CASE WHEN acknowledged_at >= opened_at THEN acknowledged_at - opened_at END AS tta,
    CASE WHEN resolved_at >= opened_at THEN resolved_at - opened_at END AS ttr
  FROM incidents
  WHERE opened_at >= min(:start, :prev_start) AND opened_at < max(:end, :prev_end)
),
figures AS MATERIALIZED (
  SELECT
    count(CASE WHEN cur THEN tta END)                        AS tta_n,
    avg(CASE WHEN cur THEN tta END)                          AS tta_mean_s,
    median(CASE WHEN cur THEN tta END)                       AS tta_median_s,
    percentile_inc(CASE WHEN cur THEN tta END, 0.9)          AS tta_p90_s,
    count(CASE WHEN prev THEN tta END)                       AS prev_tta_n,
    avg(CASE WHEN prev THEN tta END)                         AS prev_tta_mean_s,
    median(CASE WHEN prev THEN tta END)                      AS prev_tta_median_s,
    percentile_inc(CASE WHEN prev THEN tta END, 0.9)         AS prev_tta_p90_s,
    count(CASE WHEN cur THEN ttr END)                        AS ttr_n,
    avg(CASE WHEN cur THEN ttr END)                          AS ttr_mean_s,
    median(CASE WHEN cur THEN ttr END)                       AS ttr_median_s,
    percentile_inc(CASE WHEN cur THEN ttr END, 0.9)          AS ttr_p90_s,
    count(CASE WHEN prev THEN ttr END)                       AS prev_ttr_n,
    avg(CASE WHEN prev THEN ttr END)                         AS prev_ttr_mean_s,
    median(CASE WHEN prev THEN ttr END)                      AS prev_ttr_median_s,
    percentile_inc(CASE WHEN prev THEN ttr END, 0.9)         AS prev_ttr_p90_s
  FROM d
)
SELECT 'TTA' AS metric, 'time to acknowledge' AS name,
       tta_n AS n, tta_mean_s AS mean_s, tta_median_s AS median_s, tta_p90_s AS p90_s,
       prev_tta_n AS prev_n, prev_tta_mean_s AS prev_mean_s,
       prev_tta_median_s AS prev_median_s, prev_tta_p90_s AS prev_p90_s
FROM figures
UNION ALL
SELECT 'TTR', 'time to resolve',
       ttr_n, ttr_mean_s, ttr_median_s, ttr_p90_s,
       prev_ttr_n, prev_ttr_mean_s, prev_ttr_median_s, prev_ttr_p90_s
FROM figures
ORDER BY metric;
