-- ManageEngine ServiceDesk Plus GET /api/v3/requests: {"requests":[...],"list_info",
-- "response_status"}; times are {"display_value","value": epoch ms}. FORMATS.md 9.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('servicedeskplus', 'ManageEngine ServiceDesk Plus API v3 requests JSON', 'json', 'requests', 'servicedeskplus', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('servicedeskplus', 'top', 'requests', 1, 1),
  ('servicedeskplus', 'top', 'list_info', 2, 0),
  ('servicedeskplus', 'top', 'response_status', 1, 0),
  ('servicedeskplus', 'record', 'display_id', 3, 1);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('servicedeskplus', 'ext_id', 'display_id', NULL, 1),
  ('servicedeskplus', 'ext_id', 'id', NULL, 2),
  ('servicedeskplus', 'title', 'subject', NULL, 1),
  ('servicedeskplus', 'description', 'description', NULL, 1),
  ('servicedeskplus', 'status', 'status', NULL, 1),
  ('servicedeskplus', 'severity', 'priority', NULL, 1),
  ('servicedeskplus', 'severity', 'urgency', NULL, 2),
  ('servicedeskplus', 'severity', 'impact', NULL, 3),
  ('servicedeskplus', 'priority_label', 'priority', NULL, 1),
  ('servicedeskplus', 'opened_at', 'created_time.value', NULL, 1),
  ('servicedeskplus', 'resolved_at', 'resolved_time.value', NULL, 1),
  ('servicedeskplus', 'resolved_at', 'completed_time.value', NULL, 2),
  ('servicedeskplus', 'closed_at', 'completed_time.value', NULL, 1),
  ('servicedeskplus', 'acknowledged_at', 'responded_time.value', NULL, 1),
  ('servicedeskplus', 'team', 'group', NULL, 1),
  ('servicedeskplus', 'category', 'category', NULL, 1),
  ('servicedeskplus', 'component', 'subcategory', NULL, 1),
  ('servicedeskplus', 'kind', 'request_type', NULL, 1),
  ('servicedeskplus', 'service', 'item', NULL, 1),
  ('servicedeskplus', 'service', 'site', NULL, 2);
