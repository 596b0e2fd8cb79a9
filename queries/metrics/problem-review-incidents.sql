-- problem-review-incidents: every incident linked to one problem, oldest
-- first, with why it was linked. Parameters: :id (the problem id).
-- excluded_by names the exclusion rule for maintenance, tests and game days
-- (they are listed, but left out of the figures).
SELECT
  i.ext_id, i.title, i.service, i.severity_label, i.status,
  local_stamp(i.opened_at) AS opened, i.opened_at, minutes(i.tta_s) AS tta_min,
  minutes(i.ttm_s) AS ttm_min, minutes(i.ttr_s) AS ttr_min, l.method, l.score, l.reason,
  i.excluded_by
FROM problem_links l
JOIN review_all i ON i.id = l.incident_id
WHERE l.problem_id = :id
ORDER BY i.opened_at, i.ext_id, i.id;
