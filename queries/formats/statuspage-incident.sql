-- Atlassian Statuspage /api/v2/incidents/<id>.json: {"page":{...},"incident":{...}},
-- one incident per file (import a folder of them at once). FORMATS.md 4.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('statuspage-incident', 'Atlassian Statuspage single incident ({"page","incident"})', 'json', 'incident', 'statuspage', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('statuspage-incident', 'top', 'page', 2, 1),
  ('statuspage-incident', 'top', 'incident', 3, 1),
  ('statuspage-incident', 'record', 'incident_updates', 2, 0),
  ('statuspage-incident', 'record', 'impact', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('statuspage-incident', 'ext_id', 'id', NULL, 1),
  ('statuspage-incident', 'title', 'name', NULL, 1),
  ('statuspage-incident', 'status', 'status', NULL, 1),
  ('statuspage-incident', 'severity', 'impact', NULL, 1),
  ('statuspage-incident', 'opened_at', 'created_at', NULL, 1),
  ('statuspage-incident', 'started_at', 'started_at', NULL, 1),
  ('statuspage-incident', 'mitigated_at', 'monitoring_at', NULL, 1),
  ('statuspage-incident', 'resolved_at', 'resolved_at', NULL, 1),
  ('statuspage-incident', 'updated_at', 'updated_at', NULL, 1),
  ('statuspage-incident', 'url', 'shortlink', NULL, 1),
  ('statuspage-incident', 'service', 'components[].name', NULL, 1);
INSERT INTO format_event (name, list, at, kind, value, actor) VALUES
  ('statuspage-incident', 'incident_updates', 'created_at', 'status', 'status', NULL),
  ('statuspage-incident', 'incident_updates', 'created_at', 'update', 'body', NULL);
