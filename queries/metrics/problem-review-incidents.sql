-- problem-review-incidents: every incident linked to one problem, oldest
-- first, with why it was linked. Parameters: :id (the problem id).
-- excluded_by names the exclusion rule for maintenance, tests and game days
-- (they are listed, but left out of the figures).
SELECT
  i.ext_id, i.title, i.service, i.severity_label, i.status, i.opened_at,
  i.tta_s, i.ttm_s, i.ttr_s, l.method, l.score, l.reason, i.excluded_by
FROM problem_links l
JOIN review_all i ON i.id = l.incident_id
WHERE l.problem_id = :id
ORDER BY i.opened_at, i.ext_id, i.id;
