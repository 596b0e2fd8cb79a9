-- recur database schema, version 3: each source records the span of
-- incident history it holds (DESIGN.md, "Coverage"), so a review can tell a
-- period the data holds whole from one it holds in part:
--   first_opened_at, last_opened_at  the earliest and latest opening in the
--                                    file (NULL when it opens no incident)
--   exported_at                      the export time: the latest timestamp of
--                                    any kind in the file (opened, acknowledged,
--                                    mitigated, resolved, closed, updated, and
--                                    the times of its timeline events)
-- Import writes them; a postmortem is not an export of the history and
-- leaves them NULL. Files imported before version 3 get what the database
-- still tells: the incidents and events each source last wrote (an incident
-- a later file left unchanged still counts for the file that wrote it).
ALTER TABLE sources ADD COLUMN first_opened_at INTEGER;
ALTER TABLE sources ADD COLUMN last_opened_at INTEGER;
ALTER TABLE sources ADD COLUMN exported_at INTEGER;

WITH times(source_id, at) AS (
  SELECT source_id, opened_at FROM incidents UNION ALL
  SELECT source_id, acknowledged_at FROM incidents UNION ALL
  SELECT source_id, mitigated_at FROM incidents UNION ALL
  SELECT source_id, resolved_at FROM incidents UNION ALL
  SELECT source_id, closed_at FROM incidents UNION ALL
  SELECT source_id, updated_at FROM incidents UNION ALL
  SELECT source_id, at FROM incident_events
),
latest AS (SELECT source_id, max(at) AS at FROM times GROUP BY source_id),
opened AS (
  SELECT source_id, min(opened_at) AS first_at, max(opened_at) AS last_at
  FROM incidents GROUP BY source_id
)
UPDATE sources
SET first_opened_at = opened.first_at, last_opened_at = opened.last_at, exported_at = latest.at
FROM opened LEFT JOIN latest ON latest.source_id = opened.source_id
WHERE opened.source_id = sources.id AND sources.format <> 'postmortem'
  AND opened.first_at IS NOT NULL;
