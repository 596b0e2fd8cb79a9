-- Zendesk GET /api/v2/tickets.json or the incremental export: {"tickets":[...]};
-- problem_id is the incident -> problem link. FORMATS.md 8.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('zendesk', 'Zendesk tickets JSON (tickets[])', 'json', 'tickets', 'zendesk', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('zendesk', 'top', 'tickets', 1, 1),
  ('zendesk', 'record', 'via', 3, 1),
  ('zendesk', 'record', 'requester_id', 1, 0),
  ('zendesk', 'record', 'submitter_id', 1, 0),
  ('zendesk', 'top', 'end_of_stream', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('zendesk', 'ext_id', 'id', NULL, 1),
  ('zendesk', 'title', 'subject', NULL, 1),
  ('zendesk', 'title', 'raw_subject', NULL, 2),
  ('zendesk', 'description', 'description', NULL, 1),
  ('zendesk', 'status', 'status', NULL, 1),
  ('zendesk', 'severity', 'priority', NULL, 1),
  ('zendesk', 'priority_label', 'priority', NULL, 1),
  ('zendesk', 'kind', 'type', NULL, 1),
  ('zendesk', 'opened_at', 'created_at', NULL, 1),
  ('zendesk', 'updated_at', 'updated_at', NULL, 1),
  ('zendesk', 'resolved_at', 'metric_set.solved_at', NULL, 1),
  ('zendesk', 'problem_ref', 'problem_id', NULL, 1),
  ('zendesk', 'url', 'url', NULL, 1),
  ('zendesk', 'reopens', 'metric_set.reopens', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('zendesk', 'solved', 'resolved', NULL),
  ('zendesk', 'hold', 'open', NULL);
