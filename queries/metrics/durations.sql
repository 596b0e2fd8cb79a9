-- durations: TTD, TTA, TTM and TTR of the period, the previous period and
-- the same period a year earlier, in minutes (n, mean_min, median_min,
-- p90_min, each again with prev_ and ly_); one row per measure. TTD
-- (time to detect = detected_at - started_at, DESIGN's definition) has a
-- row only when one of the periods has an incident with both times (a
-- negative one is left out, as the others are).
-- Parameters: :start, :end, :prev_start, :prev_end, :ly_start, :ly_end
-- (epoch seconds, end exclusive).
-- tta_s, ttm_s and ttr_s come from review-scope.sql: NULL when the end is
-- missing or before opened_at, so such incidents are left out of n, mean,
-- median and p90 (data-quality.sql counts them). Percentiles are
-- percentile_inc (Excel PERCENTILE.INC).
WITH d AS (
  SELECT
    opened_at >= :start AND opened_at < :end AS cur,
    opened_at >= :prev_start AND opened_at < :prev_end AS prev,
    opened_at >= :ly_start AND opened_at < :ly_end AS ly,
    CASE WHEN detected_at >= started_at THEN detected_at - started_at END AS ttd_s,
    tta_s, ttm_s, ttr_s
  FROM review_incidents
  WHERE (opened_at >= :start AND opened_at < :end)
     OR (opened_at >= :prev_start AND opened_at < :prev_end)
     OR (opened_at >= :ly_start AND opened_at < :ly_end)
),
long AS (
  SELECT 0 AS k, 'TTD' AS metric, 'time to detect' AS name, cur, prev, ly, ttd_s AS s FROM d
  UNION ALL
  SELECT 1 AS k, 'TTA' AS metric, 'time to acknowledge' AS name, cur, prev, ly, tta_s AS s FROM d
  UNION ALL
  SELECT 2, 'TTM', 'time to mitigate', cur, prev, ly, ttm_s FROM d
  UNION ALL
  SELECT 3, 'TTR', 'time to resolve', cur, prev, ly, ttr_s FROM d
),
measures(k, metric, name) AS (
  VALUES (0, 'TTD', 'time to detect'), (1, 'TTA', 'time to acknowledge'), (2, 'TTM', 'time to mitigate'),
         (3, 'TTR', 'time to resolve')
),
figures AS (
  SELECT
    k,
    count(CASE WHEN cur THEN s END)                 AS n,
    avg(CASE WHEN cur THEN s END)                   AS mean_s,
    median(CASE WHEN cur THEN s END)                AS median_s,
    percentile_inc(CASE WHEN cur THEN s END, 0.9)   AS p90_s,
    count(CASE WHEN prev THEN s END)                AS prev_n,
    avg(CASE WHEN prev THEN s END)                  AS prev_mean_s,
    median(CASE WHEN prev THEN s END)               AS prev_median_s,
    percentile_inc(CASE WHEN prev THEN s END, 0.9)  AS prev_p90_s,
    count(CASE WHEN ly THEN s END)                  AS ly_n,
    avg(CASE WHEN ly THEN s END)                    AS ly_mean_s,
    median(CASE WHEN ly THEN s END)                 AS ly_median_s,
    percentile_inc(CASE WHEN ly THEN s END, 0.9)    AS ly_p90_s
  FROM long
  GROUP BY k
)
SELECT m.metric, m.name,
       coalesce(f.n, 0) AS n, minutes(f.mean_s) AS mean_min,
       minutes(f.median_s) AS median_min, minutes(f.p90_s) AS p90_min,
       coalesce(f.prev_n, 0) AS prev_n, minutes(f.prev_mean_s) AS prev_mean_min,
       minutes(f.prev_median_s) AS prev_median_min, minutes(f.prev_p90_s) AS prev_p90_min,
       coalesce(f.ly_n, 0) AS ly_n, minutes(f.ly_mean_s) AS ly_mean_min,
       minutes(f.ly_median_s) AS ly_median_min, minutes(f.ly_p90_s) AS ly_p90_min
FROM measures m LEFT JOIN figures f ON f.k = m.k
WHERE m.k > 0 OR coalesce(f.n, 0) + coalesce(f.prev_n, 0) + coalesce(f.ly_n, 0) > 0
ORDER BY m.k;
