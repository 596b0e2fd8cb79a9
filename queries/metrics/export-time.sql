-- export-time: the data's export time, one row: export_at (epoch seconds),
-- the latest timestamp of any kind in the data — any time of an incident
-- (opened, started, detected, acknowledged, mitigated, resolved, closed,
-- updated) and any timeline event. NULL when the database holds no time.
-- No parameters. This is the one place that says what the export time is:
-- metrics.c binds it as :export_at for still-open.sql, so a per-source
-- export time (sources) can replace it here alone.
WITH times AS (
  SELECT max(max(coalesce(opened_at, 0), coalesce(started_at, 0), coalesce(detected_at, 0),
                 coalesce(acknowledged_at, 0), coalesce(mitigated_at, 0),
                 coalesce(resolved_at, 0), coalesce(closed_at, 0),
                 coalesce(updated_at, 0))) AS t
  FROM incidents
  UNION ALL
  SELECT max(at) FROM incident_events
)
SELECT nullif(max(coalesce(t, 0)), 0) AS export_at
FROM times
ORDER BY 1;
