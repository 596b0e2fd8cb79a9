-- Atlassian Statuspage public API /api/v2/incidents.json: {"page":{...},"incidents":[...]}.
-- incident_updates become timeline events (status, and the update text);
-- component names the service; impact the severity. FORMATS.md 4.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('statuspage', 'Atlassian Statuspage incidents.json (list)', 'json', 'incidents', 'statuspage', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('statuspage', 'top', 'page', 2, 1),
  ('statuspage', 'top', 'incidents', 1, 1),
  ('statuspage', 'record', 'impact', 2, 1),
  ('statuspage', 'record', 'shortlink', 2, 0),
  ('statuspage', 'record', 'incident_updates', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('statuspage', 'ext_id', 'id', NULL, 1),
  ('statuspage', 'title', 'name', NULL, 1),
  ('statuspage', 'status', 'status', NULL, 1),
  ('statuspage', 'severity', 'impact', NULL, 1),
  ('statuspage', 'opened_at', 'created_at', NULL, 1),
  ('statuspage', 'started_at', 'started_at', NULL, 1),
  ('statuspage', 'mitigated_at', 'monitoring_at', NULL, 1),
  ('statuspage', 'resolved_at', 'resolved_at', NULL, 1),
  ('statuspage', 'updated_at', 'updated_at', NULL, 1),
  ('statuspage', 'url', 'shortlink', NULL, 1),
  ('statuspage', 'service', 'components[].name', NULL, 1);
INSERT INTO format_event (name, list, at, kind, value, actor) VALUES
  ('statuspage', 'incident_updates', 'created_at', 'status', 'status', NULL),
  ('statuspage', 'incident_updates', 'created_at', 'update', 'body', NULL);
