-- postmortems: postmortem coverage of the period's SEV1–2 incidents (severity
-- ≤ 2), one row per such incident, by opened_at then ext_id.
-- Parameters: :start, :end (epoch seconds, end exclusive).
-- An incident has a postmortem when an imported postmortem document left a
-- trace of it: action items, or timeline events of kind 'timeline' or
-- 'postmortem' (recur import of a postmortem Markdown file writes both).
SELECT
  i.ext_id, i.title, i.service, i.severity_label, local_stamp(i.opened_at) AS opened,
  (EXISTS (SELECT 1 FROM action_items a WHERE a.incident_id = i.id)
   OR EXISTS (SELECT 1 FROM incident_events e
              WHERE e.incident_id = i.id AND e.kind IN ('timeline', 'postmortem')))
    AS "has_postmortem?",
  (SELECT count(*) FROM action_items a WHERE a.incident_id = i.id) AS action_items
FROM review_incidents i
WHERE i.opened_at >= :start AND i.opened_at < :end AND i.severity <= 2
ORDER BY i.opened_at, i.ext_id, i.id;
