-- PagerDuty Analytics -> Reports -> incidents "Download CSV" (legacy Advanced
-- Reporting): seconds_to_first_ack / seconds_to_resolve after created_on.
-- FORMATS.md 2a.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('pagerduty-csv', 'PagerDuty incidents report CSV (Advanced Reporting)', 'csv', '', 'pagerduty', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('pagerduty-csv', 'header', 'incident_number', 2, 1),
  ('pagerduty-csv', 'header', 'created_on', 2, 1),
  ('pagerduty-csv', 'header', 'seconds_to_resolve', 3, 0),
  ('pagerduty-csv', 'header', 'escalation_policy_name', 1, 0),
  ('pagerduty-csv', 'header', 'auto_resolved', 1, 0),
  ('pagerduty-csv', 'header', 'seconds_to_first_ack', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('pagerduty-csv', 'ext_id', 'incident_number', NULL, 1),
  ('pagerduty-csv', 'title', 'description', NULL, 1),
  ('pagerduty-csv', 'service', 'service_name', NULL, 1),
  ('pagerduty-csv', 'team', 'escalation_policy_name', NULL, 1),
  ('pagerduty-csv', 'opened_at', 'created_on', NULL, 1),
  ('pagerduty-csv', 'resolved_at', 'resolved_on', NULL, 1),
  ('pagerduty-csv', 'resolved_at', 'seconds_to_resolve', 'seconds', 2),
  ('pagerduty-csv', 'acknowledged_at', 'seconds_to_first_ack', 'seconds', 1),
  ('pagerduty-csv', 'severity', 'urgency', NULL, 1),
  ('pagerduty-csv', 'reassignments', 'assignment_count', NULL, 1);
