-- incidents: the month's incidents, by opened_at then ext_id.
-- Parameters: :start, :end (epoch seconds, end exclusive).
-- tta_s/ttr_s are NULL when the end is missing or before opened_at (such
-- values are left out of every figure). problem_id is the incident's best
-- link (highest score, then lowest id), or NULL; the probe is per incident of
-- the month only, on problem_links_incident.
SELECT
  i.ext_id, i.title, i.service, i.team, i.severity, i.severity_label, i.status,
  i.opened_at, i.acknowledged_at, i.resolved_at,
  CASE WHEN i.acknowledged_at >= i.opened_at THEN i.acknowledged_at - i.opened_at END AS tta_s,
  CASE WHEN i.resolved_at >= i.opened_at THEN i.resolved_at - i.opened_at END AS ttr_s,
  (SELECT l.problem_id FROM problem_links l WHERE l.incident_id = i.id
   ORDER BY l.score DESC, l.problem_id LIMIT 1) AS problem_id
FROM incidents i
WHERE i.opened_at >= :start AND i.opened_at < :end
ORDER BY i.opened_at, i.ext_id, i.id;
