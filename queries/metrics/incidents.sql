-- incidents: the period's incidents (those the figures count), by opened_at
-- then ext_id.
-- Parameters: :start, :end (epoch seconds, end exclusive).
-- opened is opened_at in the report's time zone; tta_min/ttm_min/ttr_min are
-- NULL when the end is missing or before opened_at (review-scope.sql); such
-- values are left out of every figure. problem_id is the incident's best
-- link (highest score, then lowest id), or NULL.
SELECT
  i.ext_id, i.title, i.service, i.team, i.kind, i.severity, i.severity_label, i.status,
  local_stamp(i.opened_at) AS opened,
  i.opened_at, i.acknowledged_at, i.mitigated_at, i.resolved_at,
  minutes(i.tta_s) AS tta_min, minutes(i.ttm_s) AS ttm_min, minutes(i.ttr_s) AS ttr_min,
  (SELECT l.problem_id FROM problem_links l WHERE l.incident_id = i.id
   ORDER BY l.score DESC, l.problem_id LIMIT 1) AS problem_id
FROM review_incidents i
WHERE i.opened_at >= :start AND i.opened_at < :end
ORDER BY i.opened_at, i.ext_id, i.id;
