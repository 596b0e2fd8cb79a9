-- Netflix Dispatch incident table export (incident-details-export.csv):
-- flattened JSON keys as headers (incident_severity.name). Active/Stable/Closed;
-- MTTR = stable_at - reported_at. FORMATS.md 13.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('dispatch-csv', 'Netflix Dispatch incidents CSV (flattened keys)', 'csv', '', 'dispatch', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('dispatch-csv', 'header', 'name', 1, 1),
  ('dispatch-csv', 'header', 'title', 1, 0),
  ('dispatch-csv', 'header', 'status', 1, 0),
  ('dispatch-csv', 'header', 'incident_severity.name', 3, 1),
  ('dispatch-csv', 'header', 'incident_type.name', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('dispatch-csv', 'ext_id', 'name', NULL, 1),
  ('dispatch-csv', 'title', 'title', NULL, 1),
  ('dispatch-csv', 'description', 'description', NULL, 1),
  ('dispatch-csv', 'resolution', 'resolution', NULL, 1),
  ('dispatch-csv', 'status', 'status', NULL, 1),
  ('dispatch-csv', 'severity', 'incident_severity.name', NULL, 1),
  ('dispatch-csv', 'priority_label', 'incident_priority.name', NULL, 1),
  ('dispatch-csv', 'kind', 'incident_type.name', NULL, 1),
  ('dispatch-csv', 'opened_at', 'reported_at', NULL, 1),
  ('dispatch-csv', 'opened_at', 'created_at', NULL, 2),
  ('dispatch-csv', 'mitigated_at', 'stable_at', NULL, 1),
  ('dispatch-csv', 'resolved_at', 'stable_at', NULL, 1),
  ('dispatch-csv', 'closed_at', 'closed_at', NULL, 1),
  ('dispatch-csv', 'updated_at', 'updated_at', NULL, 1),
  ('dispatch-csv', 'url', 'incident_document.weblink', NULL, 1),
  ('dispatch-csv', 'team', 'participants_team', NULL, 1),
  ('dispatch-csv', 'service', 'project.name', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('dispatch-csv', 'stable', 'resolved', NULL);
