-- PagerDuty REST API v2 GET /incidents: {"incidents":[...],"limit","offset","more"}.
-- First acknowledgement = acknowledgements[0].at (emptied once resolved).
-- FORMATS.md 2b.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('pagerduty', 'PagerDuty REST API incidents JSON (incidents[])', 'json', 'incidents', 'pagerduty', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('pagerduty', 'top', 'incidents', 1, 1),
  ('pagerduty', 'record', 'incident_number', 3, 1),
  ('pagerduty', 'record', 'html_url', 2, 0),
  ('pagerduty', 'record', 'urgency', 1, 0),
  ('pagerduty', 'top', 'limit', 1, 0),
  ('pagerduty', 'top', 'more', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('pagerduty', 'ext_id', 'incident_number', NULL, 1),
  ('pagerduty', 'title', 'title', NULL, 1),
  ('pagerduty', 'title', 'summary', NULL, 2),
  ('pagerduty', 'description', 'description', NULL, 1),
  ('pagerduty', 'status', 'status', NULL, 1),
  ('pagerduty', 'severity', 'priority', NULL, 1),
  ('pagerduty', 'severity', 'urgency', NULL, 2),
  ('pagerduty', 'priority_label', 'priority', NULL, 1),
  ('pagerduty', 'service', 'service', NULL, 1),
  ('pagerduty', 'team', 'teams.0', NULL, 1),
  ('pagerduty', 'opened_at', 'created_at', NULL, 1),
  ('pagerduty', 'resolved_at', 'resolved_at', NULL, 1),
  ('pagerduty', 'acknowledged_at', 'acknowledgements.0.at', NULL, 1),
  ('pagerduty', 'updated_at', 'updated_at', NULL, 1),
  ('pagerduty', 'url', 'html_url', NULL, 1),
  ('pagerduty', 'kind', 'incident_type', NULL, 1);
