-- SysAid list -> Excel/CSV: keyCaption labels ("Request time", "Close time",
-- "Request user"). FORMATS.md 10.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('sysaid-csv', 'SysAid service records list CSV', 'csv', '', 'sysaid', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('sysaid-csv', 'header', 'request time', 3, 1),
  ('sysaid-csv', 'header', 'modify time', 1, 0),
  ('sysaid-csv', 'header', 'close time', 2, 0),
  ('sysaid-csv', 'header', 'request user', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('sysaid-csv', 'ext_id', 'ID', NULL, 1),
  ('sysaid-csv', 'title', 'Title', NULL, 1),
  ('sysaid-csv', 'description', 'Description', NULL, 1),
  ('sysaid-csv', 'status', 'Status', NULL, 1),
  ('sysaid-csv', 'severity', 'Priority', NULL, 1),
  ('sysaid-csv', 'severity', 'Urgency', NULL, 2),
  ('sysaid-csv', 'priority_label', 'Priority', NULL, 1),
  ('sysaid-csv', 'opened_at', 'Request time', NULL, 1),
  ('sysaid-csv', 'updated_at', 'Modify time', NULL, 1),
  ('sysaid-csv', 'closed_at', 'Close time', NULL, 1),
  ('sysaid-csv', 'team', 'Admin group', NULL, 1),
  ('sysaid-csv', 'team', 'Assigned group', NULL, 2),
  ('sysaid-csv', 'category', 'Category', NULL, 1),
  ('sysaid-csv', 'component', 'Sub-Category', NULL, 1),
  ('sysaid-csv', 'kind', 'Service Record Type', NULL, 1),
  ('sysaid-csv', 'resolution', 'Solution', NULL, 1);
INSERT INTO format_severity (name, label, severity) VALUES
  ('sysaid-csv', 'highest', 1),
  ('sysaid-csv', 'very high', 2),
  ('sysaid-csv', 'high', 3),
  ('sysaid-csv', 'normal', 4),
  ('sysaid-csv', 'low', 5),
  ('sysaid-csv', '1', 1),
  ('sysaid-csv', '2', 2),
  ('sysaid-csv', '3', 3),
  ('sysaid-csv', '4', 4),
  ('sysaid-csv', '5', 5);
