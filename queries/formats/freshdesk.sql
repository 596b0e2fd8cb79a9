-- Freshdesk /api/v2/tickets: a bare array of tickets with fr_due_by and coded
-- status/priority (as Freshservice). FORMATS.md 7.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('freshdesk', 'Freshdesk API tickets JSON (bare array)', 'json', '', 'freshdesk', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('freshdesk', 'record', 'fr_due_by', 3, 1),
  ('freshdesk', 'record', 'requester_id', 2, 0),
  ('freshdesk', 'record', 'status', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('freshdesk', 'ext_id', 'id', NULL, 1),
  ('freshdesk', 'title', 'subject', NULL, 1),
  ('freshdesk', 'description', 'description_text', NULL, 1),
  ('freshdesk', 'description', 'description', NULL, 2),
  ('freshdesk', 'status', 'status', NULL, 1),
  ('freshdesk', 'severity', 'priority', NULL, 1),
  ('freshdesk', 'opened_at', 'created_at', NULL, 1),
  ('freshdesk', 'updated_at', 'updated_at', NULL, 1),
  ('freshdesk', 'resolved_at', 'stats.resolved_at', NULL, 1),
  ('freshdesk', 'resolved_at', 'resolved_at', NULL, 2),
  ('freshdesk', 'closed_at', 'stats.closed_at', NULL, 1),
  ('freshdesk', 'closed_at', 'closed_at', NULL, 2),
  ('freshdesk', 'acknowledged_at', 'stats.first_responded_at', NULL, 1),
  ('freshdesk', 'acknowledged_at', 'first_responded_at', NULL, 2),
  ('freshdesk', 'category', 'category', NULL, 1),
  ('freshdesk', 'component', 'sub_category', NULL, 1),
  ('freshdesk', 'kind', 'type', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('freshdesk', '2', 'open', 'Open'),
  ('freshdesk', '3', 'open', 'Pending'),
  ('freshdesk', '4', 'resolved', 'Resolved'),
  ('freshdesk', '5', 'closed', 'Closed');
INSERT INTO format_severity (name, label, severity) VALUES
  ('freshdesk', '1', 4),
  ('freshdesk', '2', 3),
  ('freshdesk', '3', 2),
  ('freshdesk', '4', 1);
