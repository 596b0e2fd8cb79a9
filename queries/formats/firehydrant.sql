-- FireHydrant GET /v1/incidents: {"data":[...],"pagination"}; lifecycle times
-- from milestones[] by type. FORMATS.md 13 (shape partly unsure).
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('firehydrant', 'FireHydrant incidents JSON (data[] with milestones)', 'json', 'data', 'firehydrant', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('firehydrant', 'top', 'data', 1, 1),
  ('firehydrant', 'top', 'pagination', 2, 0),
  ('firehydrant', 'record', 'current_milestone', 3, 1),
  ('firehydrant', 'record', 'milestones', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('firehydrant', 'ext_id', 'number', NULL, 1),
  ('firehydrant', 'ext_id', 'id', NULL, 2),
  ('firehydrant', 'title', 'name', NULL, 1),
  ('firehydrant', 'description', 'description', NULL, 1),
  ('firehydrant', 'description', 'summary', NULL, 2),
  ('firehydrant', 'status', 'current_milestone', NULL, 1),
  ('firehydrant', 'severity', 'severity', NULL, 1),
  ('firehydrant', 'priority_label', 'priority', NULL, 1),
  ('firehydrant', 'opened_at', 'created_at', NULL, 1),
  ('firehydrant', 'started_at', 'started_at', NULL, 1),
  ('firehydrant', 'started_at', 'milestones[type=started].occurred_at', NULL, 2),
  ('firehydrant', 'detected_at', 'milestones[type=detected].occurred_at', NULL, 1),
  ('firehydrant', 'acknowledged_at', 'milestones[type=acknowledged].occurred_at', NULL, 1),
  ('firehydrant', 'mitigated_at', 'milestones[type=mitigated].occurred_at', NULL, 1),
  ('firehydrant', 'resolved_at', 'milestones[type=resolved].occurred_at', NULL, 1),
  ('firehydrant', 'closed_at', 'milestones[type=closed].occurred_at', NULL, 1),
  ('firehydrant', 'url', 'incident_url', NULL, 1),
  ('firehydrant', 'service', 'services[].name', NULL, 1);
