-- incident-review: one incident, for its postmortem summary; the rows of
-- every source system with that ext_id (usually one). Parameters: :id (the
-- incident's ext_id). Times in the report's zone, durations in minutes;
-- TTD = detected − started. _id (not shown) finds its timeline and actions.
SELECT
  i.id AS _id, i.ext_id, i.source_system, i.title, i.description, i.service, i.component,
  i.team, i.category, i.kind, i.severity, i.severity_label, i.priority_label, i.status,
  local_stamp(i.started_at) AS started, local_stamp(i.detected_at) AS detected,
  local_stamp(i.opened_at) AS opened, local_stamp(i.acknowledged_at) AS acknowledged,
  local_stamp(i.mitigated_at) AS mitigated, local_stamp(i.resolved_at) AS resolved,
  local_stamp(i.closed_at) AS closed, i.reassignments, i.reopens, i.root_cause, i.resolution,
  i.url, i.problem_ref, minutes(i.tta_s) AS tta_min, minutes(i.ttm_s) AS ttm_min,
  minutes(i.ttr_s) AS ttr_min,
  minutes(CASE WHEN i.detected_at >= i.started_at THEN i.detected_at - i.started_at END)
    AS ttd_min,
  i.excluded_by
FROM review_all i
WHERE i.ext_id = :id
ORDER BY i.source_system, i.id;
