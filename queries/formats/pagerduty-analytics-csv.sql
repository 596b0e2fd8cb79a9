-- PagerDuty Analytics CSV: the raw incident fields as headers (seconds_to_*).
-- FORMATS.md 2c.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('pagerduty-analytics-csv', 'PagerDuty Analytics incidents CSV', 'csv', '', 'pagerduty', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('pagerduty-analytics-csv', 'header', 'seconds_to_first_ack', 2, 1),
  ('pagerduty-analytics-csv', 'header', 'seconds_to_mobilize', 3, 0),
  ('pagerduty-analytics-csv', 'header', 'sleep_hour_interruptions', 2, 0),
  ('pagerduty-analytics-csv', 'header', 'priority_name', 2, 0),
  ('pagerduty-analytics-csv', 'header', 'created_at', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('pagerduty-analytics-csv', 'ext_id', 'incident_number', NULL, 1),
  ('pagerduty-analytics-csv', 'ext_id', 'id', NULL, 2),
  ('pagerduty-analytics-csv', 'title', 'description', NULL, 1),
  ('pagerduty-analytics-csv', 'status', 'status', NULL, 1),
  ('pagerduty-analytics-csv', 'severity', 'priority_name', NULL, 1),
  ('pagerduty-analytics-csv', 'severity', 'urgency', NULL, 2),
  ('pagerduty-analytics-csv', 'priority_label', 'priority_name', NULL, 1),
  ('pagerduty-analytics-csv', 'service', 'service_name', NULL, 1),
  ('pagerduty-analytics-csv', 'team', 'team_name', NULL, 1),
  ('pagerduty-analytics-csv', 'kind', 'incident_type_name', NULL, 1),
  ('pagerduty-analytics-csv', 'opened_at', 'created_at', NULL, 1),
  ('pagerduty-analytics-csv', 'resolved_at', 'resolved_at', NULL, 1),
  ('pagerduty-analytics-csv', 'resolved_at', 'seconds_to_resolve', 'seconds', 2),
  ('pagerduty-analytics-csv', 'acknowledged_at', 'seconds_to_first_ack', 'seconds', 1),
  ('pagerduty-analytics-csv', 'reassignments', 'reassignment_count', NULL, 1);
