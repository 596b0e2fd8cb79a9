-- Netflix Dispatch GET /api/v1/{org}/incidents: {"items":[...],"total","itemsPerPage"}.
-- FORMATS.md 13.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('dispatch', 'Netflix Dispatch incidents API JSON (items[])', 'json', 'items', 'dispatch', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('dispatch', 'top', 'items', 1, 1),
  ('dispatch', 'top', 'itemsPerPage', 2, 0),
  ('dispatch', 'record', 'reported_at', 2, 0),
  ('dispatch', 'record', 'stable_at', 2, 0),
  ('dispatch', 'record', 'incident_severity', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('dispatch', 'ext_id', 'name', NULL, 1),
  ('dispatch', 'title', 'title', NULL, 1),
  ('dispatch', 'description', 'description', NULL, 1),
  ('dispatch', 'resolution', 'resolution', NULL, 1),
  ('dispatch', 'status', 'status', NULL, 1),
  ('dispatch', 'severity', 'incident_severity.name', NULL, 1),
  ('dispatch', 'priority_label', 'incident_priority.name', NULL, 1),
  ('dispatch', 'kind', 'incident_type.name', NULL, 1),
  ('dispatch', 'opened_at', 'reported_at', NULL, 1),
  ('dispatch', 'opened_at', 'created_at', NULL, 2),
  ('dispatch', 'mitigated_at', 'stable_at', NULL, 1),
  ('dispatch', 'resolved_at', 'stable_at', NULL, 1),
  ('dispatch', 'closed_at', 'closed_at', NULL, 1),
  ('dispatch', 'updated_at', 'updated_at', NULL, 1),
  ('dispatch', 'url', 'incident_document.weblink', NULL, 1),
  ('dispatch', 'team', 'participants_team', NULL, 1),
  ('dispatch', 'service', 'project.name', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('dispatch', 'stable', 'resolved', NULL);
