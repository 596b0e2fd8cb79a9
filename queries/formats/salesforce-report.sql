-- Salesforce report export (Details only -> CSV): label headers such as
-- "Case Number", "Date/Time Opened". FORMATS.md 12.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('salesforce-report', 'Salesforce Case report CSV (labels)', 'csv', '', 'salesforce', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('salesforce-report', 'header', 'case number', 3, 1),
  ('salesforce-report', 'header', 'date/time opened', 2, 1),
  ('salesforce-report', 'header', 'date/time closed', 1, 0),
  ('salesforce-report', 'header', 'case owner', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('salesforce-report', 'ext_id', 'Case Number', NULL, 1),
  ('salesforce-report', 'title', 'Subject', NULL, 1),
  ('salesforce-report', 'description', 'Description', NULL, 1),
  ('salesforce-report', 'status', 'Status', NULL, 1),
  ('salesforce-report', 'severity', 'Priority', NULL, 1),
  ('salesforce-report', 'priority_label', 'Priority', NULL, 1),
  ('salesforce-report', 'opened_at', 'Date/Time Opened', NULL, 1),
  ('salesforce-report', 'resolved_at', 'Date/Time Closed', NULL, 1),
  ('salesforce-report', 'closed_at', 'Date/Time Closed', NULL, 1),
  ('salesforce-report', 'kind', 'Case Type', NULL, 1),
  ('salesforce-report', 'category', 'Case Reason', NULL, 1),
  ('salesforce-report', 'team', 'Case Owner', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('salesforce-report', 'working', 'open', NULL),
  ('salesforce-report', 'escalated', 'open', NULL);
