-- export-time: the data's export time, one row: export_at (epoch seconds).
-- It is the latest export time the imported files recorded
-- (sources.exported_at: each file's latest timestamp of any kind, the same
-- that coverage.sql reads); for incidents written by other means, with no
-- such record, the latest timestamp of any kind in the data — any time of
-- an incident (opened, started, detected, acknowledged, mitigated,
-- resolved, closed, updated) and any timeline event. NULL when the
-- database holds no time. No parameters. metrics.c binds it as :export_at
-- for still-open.sql.
SELECT coalesce(
  (SELECT max(exported_at) FROM sources),
  (SELECT nullif(max(coalesce(t, 0)), 0) FROM (
     SELECT max(max(coalesce(opened_at, 0), coalesce(started_at, 0), coalesce(detected_at, 0),
                    coalesce(acknowledged_at, 0), coalesce(mitigated_at, 0),
                    coalesce(resolved_at, 0), coalesce(closed_at, 0),
                    coalesce(updated_at, 0))) AS t
     FROM incidents
     UNION ALL
     SELECT max(at) FROM incident_events))
) AS export_at
ORDER BY 1;
