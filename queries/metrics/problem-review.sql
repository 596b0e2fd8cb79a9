-- problem-review: one problem record with figures over its linked incidents
-- (maintenance, tests and game days left out), one row, or none when there
-- is no such problem. Parameters: :id (the problem id, PRB-…).
-- Durations in minutes, valid ones only; percentiles are percentile_inc;
-- dates in the report's time zone.
SELECT
  p.id, p.key, p.title, p.template, p.service, p.method, p.status, p.root_cause,
  p.workaround, local_date(p.first_seen) AS first_seen, local_date(p.last_seen) AS last_seen,
  (SELECT count(*) FROM problem_links l WHERE l.problem_id = p.id) AS incident_count,
  count(i.id) AS counted, minutes(sum(i.ttr_s)) AS impact_minutes,
  count(i.ttr_s) AS ttr_n, minutes(median(i.ttr_s)) AS ttr_median_min,
  minutes(percentile_inc(i.ttr_s, 0.9)) AS ttr_p90_min, minutes(avg(i.ttr_s)) AS ttr_mean_min,
  count(i.tta_s) AS tta_n, minutes(median(i.tta_s)) AS tta_median_min,
  count(i.ttm_s) AS ttm_n, minutes(median(i.ttm_s)) AS ttm_median_min
FROM problems p
LEFT JOIN problem_links l ON l.problem_id = p.id
LEFT JOIN review_incidents i ON i.id = l.incident_id
WHERE p.id = :id
GROUP BY p.id
ORDER BY p.id;
