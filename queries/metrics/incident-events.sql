-- incident-events: the timeline of one incident (status changes, updates,
-- postmortem timeline entries), in time order. Parameters: :incident (the
-- incidents.id chosen by incident-review.sql).
SELECT at, kind, old_value, new_value, actor
FROM incident_events
WHERE incident_id = :incident
ORDER BY at IS NULL, at, id;
