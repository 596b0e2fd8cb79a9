-- incident-review: one incident, for its postmortem summary; the rows of
-- every source system with that ext_id (usually one). Parameters: :id (the
-- incident's ext_id). Durations in seconds; TTD = detected − started.
SELECT
  i.id, i.ext_id, i.source_system, i.title, i.description, i.service, i.component,
  i.team, i.category, i.kind, i.severity, i.severity_label, i.priority_label, i.status,
  i.started_at, i.detected_at, i.opened_at, i.acknowledged_at, i.mitigated_at,
  i.resolved_at, i.closed_at, i.reassignments, i.reopens, i.root_cause, i.resolution,
  i.url, i.problem_ref, i.tta_s, i.ttm_s, i.ttr_s,
  CASE WHEN i.detected_at >= i.started_at THEN i.detected_at - i.started_at END AS ttd_s,
  i.excluded_by
FROM review_all i
WHERE i.ext_id = :id
ORDER BY i.source_system, i.id;
