-- Freshservice /api/v2/tickets: {"tickets":[...]}; status and priority are
-- codes (status 2 Open, 3 Pending, 4 Resolved, 5 Closed; priority 1 Low ...
-- 4 Urgent). FORMATS.md 7.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('freshservice', 'Freshservice API tickets JSON (tickets[])', 'json', 'tickets', 'freshservice', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('freshservice', 'top', 'tickets', 1, 1),
  ('freshservice', 'record', 'fr_due_by', 3, 1),
  ('freshservice', 'record', 'requester_id', 1, 0),
  ('freshservice', 'record', 'responder_id', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('freshservice', 'ext_id', 'id', NULL, 1),
  ('freshservice', 'title', 'subject', NULL, 1),
  ('freshservice', 'description', 'description_text', NULL, 1),
  ('freshservice', 'description', 'description', NULL, 2),
  ('freshservice', 'status', 'status', NULL, 1),
  ('freshservice', 'severity', 'priority', NULL, 1),
  ('freshservice', 'opened_at', 'created_at', NULL, 1),
  ('freshservice', 'updated_at', 'updated_at', NULL, 1),
  ('freshservice', 'resolved_at', 'stats.resolved_at', NULL, 1),
  ('freshservice', 'resolved_at', 'resolved_at', NULL, 2),
  ('freshservice', 'closed_at', 'stats.closed_at', NULL, 1),
  ('freshservice', 'closed_at', 'closed_at', NULL, 2),
  ('freshservice', 'acknowledged_at', 'stats.first_responded_at', NULL, 1),
  ('freshservice', 'acknowledged_at', 'first_responded_at', NULL, 2),
  ('freshservice', 'category', 'category', NULL, 1),
  ('freshservice', 'component', 'sub_category', NULL, 1),
  ('freshservice', 'kind', 'type', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('freshservice', '2', 'open', 'Open'),
  ('freshservice', '3', 'open', 'Pending'),
  ('freshservice', '4', 'resolved', 'Resolved'),
  ('freshservice', '5', 'closed', 'Closed');
INSERT INTO format_severity (name, label, severity) VALUES
  ('freshservice', '1', 4),
  ('freshservice', '2', 3),
  ('freshservice', '3', 2),
  ('freshservice', '4', 1);
