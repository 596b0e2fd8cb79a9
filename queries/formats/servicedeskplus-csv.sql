-- ManageEngine ServiceDesk Plus Requests list -> Export CSV: list-view labels
-- ("Request ID", "Created Time", "DueBy Time", "Technician"). FORMATS.md 9.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('servicedeskplus-csv', 'ManageEngine ServiceDesk Plus requests CSV', 'csv', '', 'servicedeskplus', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('servicedeskplus-csv', 'header', 'request id', 2, 1),
  ('servicedeskplus-csv', 'header', 'created time', 2, 0),
  ('servicedeskplus-csv', 'header', 'technician', 2, 0),
  ('servicedeskplus-csv', 'header', 'dueby time', 2, 0),
  ('servicedeskplus-csv', 'header', 'completed time', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('servicedeskplus-csv', 'ext_id', 'Request ID', NULL, 1),
  ('servicedeskplus-csv', 'title', 'Subject', NULL, 1),
  ('servicedeskplus-csv', 'description', 'Description', NULL, 1),
  ('servicedeskplus-csv', 'status', 'Status', NULL, 1),
  ('servicedeskplus-csv', 'severity', 'Priority', NULL, 1),
  ('servicedeskplus-csv', 'severity', 'Urgency', NULL, 2),
  ('servicedeskplus-csv', 'priority_label', 'Priority', NULL, 1),
  ('servicedeskplus-csv', 'opened_at', 'Created Time', NULL, 1),
  ('servicedeskplus-csv', 'resolved_at', 'Resolved Time', NULL, 1),
  ('servicedeskplus-csv', 'resolved_at', 'Completed Time', NULL, 2),
  ('servicedeskplus-csv', 'closed_at', 'Completed Time', NULL, 1),
  ('servicedeskplus-csv', 'acknowledged_at', 'Responded Time', NULL, 1),
  ('servicedeskplus-csv', 'team', 'Group', NULL, 1),
  ('servicedeskplus-csv', 'category', 'Category', NULL, 1),
  ('servicedeskplus-csv', 'component', 'Subcategory', NULL, 1),
  ('servicedeskplus-csv', 'kind', 'Request Type', NULL, 1),
  ('servicedeskplus-csv', 'service', 'Site', NULL, 1);
