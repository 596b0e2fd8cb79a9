-- Freshdesk Tickets -> Export (CSV): "Created time", "Resolution time (in hrs)"
-- as decimal hours or hh:mm:ss, "Customer interactions". FORMATS.md 7.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('freshdesk-csv', 'Freshdesk tickets export CSV', 'csv', '', 'freshdesk', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('freshdesk-csv', 'header', 'ticket id', 2, 1),
  ('freshdesk-csv', 'header', 'created time', 2, 1),
  ('freshdesk-csv', 'header', 'customer interactions', 3, 0),
  ('freshdesk-csv', 'header', 'agent interactions', 2, 0),
  ('freshdesk-csv', 'header', 'resolution status', 2, 0),
  ('freshdesk-csv', 'header', 'first response status', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('freshdesk-csv', 'ext_id', 'Ticket Id', NULL, 1),
  ('freshdesk-csv', 'title', 'Subject', NULL, 1),
  ('freshdesk-csv', 'description', 'Description', NULL, 1),
  ('freshdesk-csv', 'status', 'Status', NULL, 1),
  ('freshdesk-csv', 'severity', 'Priority', NULL, 1),
  ('freshdesk-csv', 'priority_label', 'Priority', NULL, 1),
  ('freshdesk-csv', 'opened_at', 'Created Time', NULL, 1),
  ('freshdesk-csv', 'resolved_at', 'Resolved Time', NULL, 1),
  ('freshdesk-csv', 'resolved_at', 'Resolution Time (in Hrs)', 'hours', 2),
  ('freshdesk-csv', 'closed_at', 'Closed Time', NULL, 1),
  ('freshdesk-csv', 'updated_at', 'Last Updated Time', NULL, 1),
  ('freshdesk-csv', 'updated_at', 'Last update time', NULL, 2),
  ('freshdesk-csv', 'acknowledged_at', 'Initial Response Time', NULL, 1),
  ('freshdesk-csv', 'acknowledged_at', 'First Response Time (in Hrs)', 'hours', 2),
  ('freshdesk-csv', 'team', 'Group', NULL, 1),
  ('freshdesk-csv', 'category', 'Category', NULL, 1),
  ('freshdesk-csv', 'component', 'Sub-Category', NULL, 1),
  ('freshdesk-csv', 'kind', 'Type', NULL, 1),
  ('freshdesk-csv', 'service', 'Item', NULL, 1),
  ('freshdesk-csv', 'service', 'Product', NULL, 2);
