-- Opsgenie GET /v2/alerts: {"data":[...],"took","requestId"}; report.ackTime and
-- closeTime are milliseconds after createdAt. FORMATS.md 6.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('opsgenie-alerts', 'Opsgenie alerts JSON (data[] with report.ackTime)', 'json', 'data', 'opsgenie-alerts', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('opsgenie-alerts', 'top', 'data', 1, 1),
  ('opsgenie-alerts', 'top', 'requestId', 1, 0),
  ('opsgenie-alerts', 'record', 'tinyId', 2, 1),
  ('opsgenie-alerts', 'record', 'alias', 2, 0),
  ('opsgenie-alerts', 'record', 'report', 2, 0),
  ('opsgenie-alerts', 'record', 'acknowledged', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('opsgenie-alerts', 'ext_id', 'tinyId', NULL, 1),
  ('opsgenie-alerts', 'title', 'message', NULL, 1),
  ('opsgenie-alerts', 'description', 'description', NULL, 1),
  ('opsgenie-alerts', 'status', 'status', NULL, 1),
  ('opsgenie-alerts', 'severity', 'priority', NULL, 1),
  ('opsgenie-alerts', 'priority_label', 'priority', NULL, 1),
  ('opsgenie-alerts', 'opened_at', 'createdAt', NULL, 1),
  ('opsgenie-alerts', 'updated_at', 'updatedAt', NULL, 1),
  ('opsgenie-alerts', 'acknowledged_at', 'report.ackTime', 'millis', 1),
  ('opsgenie-alerts', 'resolved_at', 'report.closeTime', 'millis', 1),
  ('opsgenie-alerts', 'service', 'integration.name', NULL, 1),
  ('opsgenie-alerts', 'team', 'owner', NULL, 1);
