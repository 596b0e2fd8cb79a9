-- Zendesk legacy full CSV export (Reports -> Export). FORMATS.md 8.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('zendesk-csv', 'Zendesk legacy CSV export', 'csv', '', 'zendesk', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('zendesk-csv', 'header', 'summation column', 3, 0),
  ('zendesk-csv', 'header', 'id', 1, 1),
  ('zendesk-csv', 'header', 'requester', 2, 0),
  ('zendesk-csv', 'header', 'solved at', 3, 0),
  ('zendesk-csv', 'header', 'full resolution time in minutes', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('zendesk-csv', 'ext_id', 'Id', NULL, 1),
  ('zendesk-csv', 'title', 'Subject', NULL, 1),
  ('zendesk-csv', 'status', 'Status', NULL, 1),
  ('zendesk-csv', 'severity', 'Priority', NULL, 1),
  ('zendesk-csv', 'priority_label', 'Priority', NULL, 1),
  ('zendesk-csv', 'kind', 'Ticket type', NULL, 1),
  ('zendesk-csv', 'team', 'Group', NULL, 1),
  ('zendesk-csv', 'opened_at', 'Created at', NULL, 1),
  ('zendesk-csv', 'updated_at', 'Updated at', NULL, 1),
  ('zendesk-csv', 'resolved_at', 'Solved at', NULL, 1),
  ('zendesk-csv', 'resolved_at', 'Full resolution time in minutes', 'minutes', 2),
  ('zendesk-csv', 'acknowledged_at', 'First reply time in minutes', 'minutes', 1),
  ('zendesk-csv', 'reopens', 'Reopens', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('zendesk-csv', 'solved', 'resolved', NULL),
  ('zendesk-csv', 'hold', 'open', NULL);
