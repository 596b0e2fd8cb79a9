-- PagerDuty basic-reporting CSV: #, Service, Opened On, Resolved On, Duration.
-- FORMATS.md 2a.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('pagerduty-basic', 'PagerDuty basic report CSV', 'csv', '', 'pagerduty', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('pagerduty-basic', 'header', '#', 3, 1),
  ('pagerduty-basic', 'header', 'opened on', 2, 1),
  ('pagerduty-basic', 'header', 'resolved on', 1, 0),
  ('pagerduty-basic', 'header', 'service', 1, 0),
  ('pagerduty-basic', 'header', 'duration', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('pagerduty-basic', 'ext_id', '#', NULL, 1),
  ('pagerduty-basic', 'title', 'Service', NULL, 1),
  ('pagerduty-basic', 'service', 'Service', NULL, 1),
  ('pagerduty-basic', 'opened_at', 'Opened On', NULL, 1),
  ('pagerduty-basic', 'resolved_at', 'Resolved On', NULL, 1),
  ('pagerduty-basic', 'resolved_at', 'Duration', 'seconds', 2);
