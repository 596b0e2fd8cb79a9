-- incident-events: the timeline of one incident (status changes, updates,
-- postmortem timeline entries), in time order. Parameters: :incident (the
-- incidents.id chosen by incident-review.sql).
SELECT local_stamp(e.at) AS at, e.kind, e.old_value, e.new_value, e.actor
FROM incident_events e
WHERE e.incident_id = :incident
ORDER BY e.at IS NULL, e.at, e.id;
