-- samples: the durations of the period and the previous period, one row per
-- incident, for the Mann–Whitney U test of a change (metrics.c).
-- Parameters: :start, :end, :prev_start, :prev_end (epoch seconds, end exclusive).
-- cur is 1 for the period, 0 for the previous one; NULL durations (missing
-- or negative) are skipped by the test as by every figure.
SELECT
  opened_at >= :start AS cur,
  tta_s, ttm_s, ttr_s
FROM review_incidents
WHERE (opened_at >= :start AND opened_at < :end)
   OR (opened_at >= :prev_start AND opened_at < :prev_end)
ORDER BY opened_at, id;
