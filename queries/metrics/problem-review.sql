-- problem-review: one problem record with figures over its linked incidents
-- (maintenance, tests and game days left out), one row, or none when there
-- is no such problem. Parameters: :id (the problem id, PRB-…).
-- Durations in seconds, valid ones only; percentiles are percentile_inc.
SELECT
  p.id, p.key, p.title, p.template, p.service, p.method, p.status, p.root_cause,
  p.workaround, p.first_seen, p.last_seen, p.impact_minutes,
  (SELECT count(*) FROM problem_links l WHERE l.problem_id = p.id) AS incident_count,
  count(i.id) AS counted,
  count(i.ttr_s) AS ttr_n, median(i.ttr_s) AS ttr_median_s,
  percentile_inc(i.ttr_s, 0.9) AS ttr_p90_s, avg(i.ttr_s) AS ttr_mean_s,
  sum(i.ttr_s) AS ttr_sum_s,
  count(i.tta_s) AS tta_n, median(i.tta_s) AS tta_median_s,
  count(i.ttm_s) AS ttm_n, median(i.ttm_s) AS ttm_median_s
FROM problems p
LEFT JOIN problem_links l ON l.problem_id = p.id
LEFT JOIN review_incidents i ON i.id = l.incident_id
WHERE p.id = :id
GROUP BY p.id
ORDER BY p.id;
