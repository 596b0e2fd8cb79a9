-- Freshservice Tickets -> Export (CSV): label headers with a capital "Time".
-- FORMATS.md 7.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('freshservice-csv', 'Freshservice tickets export CSV', 'csv', '', 'freshservice', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('freshservice-csv', 'header', 'ticket id', 2, 1),
  ('freshservice-csv', 'header', 'created time', 2, 1),
  ('freshservice-csv', 'header', 'requester name', 2, 0),
  ('freshservice-csv', 'header', 'item', 1, 0),
  ('freshservice-csv', 'header', 'sub-category', 1, 0),
  ('freshservice-csv', 'header', 'impact', 1, 0),
  ('freshservice-csv', 'header', 'urgency', 1, 0),
  ('freshservice-csv', 'header', 'department', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('freshservice-csv', 'ext_id', 'Ticket Id', NULL, 1),
  ('freshservice-csv', 'title', 'Subject', NULL, 1),
  ('freshservice-csv', 'description', 'Description', NULL, 1),
  ('freshservice-csv', 'status', 'Status', NULL, 1),
  ('freshservice-csv', 'severity', 'Priority', NULL, 1),
  ('freshservice-csv', 'priority_label', 'Priority', NULL, 1),
  ('freshservice-csv', 'opened_at', 'Created Time', NULL, 1),
  ('freshservice-csv', 'resolved_at', 'Resolved Time', NULL, 1),
  ('freshservice-csv', 'resolved_at', 'Resolution Time (in Hrs)', 'hours', 2),
  ('freshservice-csv', 'closed_at', 'Closed Time', NULL, 1),
  ('freshservice-csv', 'updated_at', 'Last Updated Time', NULL, 1),
  ('freshservice-csv', 'updated_at', 'Last update time', NULL, 2),
  ('freshservice-csv', 'acknowledged_at', 'Initial Response Time', NULL, 1),
  ('freshservice-csv', 'acknowledged_at', 'First Response Time (in Hrs)', 'hours', 2),
  ('freshservice-csv', 'team', 'Group', NULL, 1),
  ('freshservice-csv', 'category', 'Category', NULL, 1),
  ('freshservice-csv', 'component', 'Sub-Category', NULL, 1),
  ('freshservice-csv', 'kind', 'Type', NULL, 1),
  ('freshservice-csv', 'service', 'Item', NULL, 1),
  ('freshservice-csv', 'service', 'Product', NULL, 2);
