-- Opsgenie GET /v1/incidents: {"data":[...],"requestId"}; impactStartDate and
-- impactEndDate (= resolution). FORMATS.md 6.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('opsgenie-incidents', 'Opsgenie incidents JSON (data[] with impactStartDate)', 'json', 'data', 'opsgenie-incidents', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('opsgenie-incidents', 'top', 'data', 1, 1),
  ('opsgenie-incidents', 'record', 'tinyId', 2, 1),
  ('opsgenie-incidents', 'record', 'impactStartDate', 3, 0),
  ('opsgenie-incidents', 'record', 'ownerTeam', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('opsgenie-incidents', 'ext_id', 'tinyId', NULL, 1),
  ('opsgenie-incidents', 'title', 'message', NULL, 1),
  ('opsgenie-incidents', 'description', 'description', NULL, 1),
  ('opsgenie-incidents', 'status', 'status', NULL, 1),
  ('opsgenie-incidents', 'severity', 'priority', NULL, 1),
  ('opsgenie-incidents', 'priority_label', 'priority', NULL, 1),
  ('opsgenie-incidents', 'opened_at', 'createdAt', NULL, 1),
  ('opsgenie-incidents', 'started_at', 'impactStartDate', NULL, 1),
  ('opsgenie-incidents', 'resolved_at', 'impactEndDate', NULL, 1),
  ('opsgenie-incidents', 'updated_at', 'updatedAt', NULL, 1),
  ('opsgenie-incidents', 'team', 'ownerTeam', NULL, 1),
  ('opsgenie-incidents', 'url', 'links.web', NULL, 1);
