-- PagerDuty Analytics API POST /analytics/raw/incidents: {"data":[...]} with
-- seconds_to_first_ack, seconds_to_resolve, priority_name. FORMATS.md 2c.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('pagerduty-analytics', 'PagerDuty Analytics raw incidents (JSON data[] or CSV)', 'json', 'data', 'pagerduty', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('pagerduty-analytics', 'top', 'data', 1, 1),
  ('pagerduty-analytics', 'record', 'seconds_to_resolve', 3, 1),
  ('pagerduty-analytics', 'record', 'seconds_to_first_ack', 2, 0),
  ('pagerduty-analytics', 'record', 'priority_name', 1, 0),
  ('pagerduty-analytics', 'record', 'incident_number', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('pagerduty-analytics', 'ext_id', 'incident_number', NULL, 1),
  ('pagerduty-analytics', 'ext_id', 'id', NULL, 2),
  ('pagerduty-analytics', 'title', 'description', NULL, 1),
  ('pagerduty-analytics', 'status', 'status', NULL, 1),
  ('pagerduty-analytics', 'severity', 'priority_name', NULL, 1),
  ('pagerduty-analytics', 'severity', 'urgency', NULL, 2),
  ('pagerduty-analytics', 'priority_label', 'priority_name', NULL, 1),
  ('pagerduty-analytics', 'service', 'service_name', NULL, 1),
  ('pagerduty-analytics', 'team', 'team_name', NULL, 1),
  ('pagerduty-analytics', 'kind', 'incident_type_name', NULL, 1),
  ('pagerduty-analytics', 'opened_at', 'created_at', NULL, 1),
  ('pagerduty-analytics', 'resolved_at', 'resolved_at', NULL, 1),
  ('pagerduty-analytics', 'resolved_at', 'seconds_to_resolve', 'seconds', 2),
  ('pagerduty-analytics', 'acknowledged_at', 'seconds_to_first_ack', 'seconds', 1),
  ('pagerduty-analytics', 'updated_at', 'updated_at', NULL, 1),
  ('pagerduty-analytics', 'reassignments', 'reassignment_count', NULL, 1);
