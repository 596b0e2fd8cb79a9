-- ServiceNow Table API (GET /api/now/table/incident): {"result":[...]}, raw
-- codes (state "7"), display strings, or {"display_value","value"} objects
-- (display_value is read). FORMATS.md 1c.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('servicenow-api', 'ServiceNow Table API JSON (result[])', 'json', 'result', 'servicenow', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('servicenow-api', 'top', 'result', 1, 1),
  ('servicenow-api', 'record', 'number', 2, 1),
  ('servicenow-api', 'record', 'sys_id', 2, 0),
  ('servicenow-api', 'record', 'opened_at', 1, 0),
  ('servicenow-api', 'record', 'short_description', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('servicenow-api', 'ext_id', 'number', NULL, 1),
  ('servicenow-api', 'title', 'short_description', NULL, 1),
  ('servicenow-api', 'description', 'description', NULL, 1),
  ('servicenow-api', 'status', 'state', NULL, 1),
  ('servicenow-api', 'status', 'incident_state', NULL, 2),
  ('servicenow-api', 'opened_at', 'opened_at', NULL, 1),
  ('servicenow-api', 'opened_at', 'sys_created_on', NULL, 2),
  ('servicenow-api', 'updated_at', 'sys_updated_on', NULL, 1),
  ('servicenow-api', 'severity', 'priority', NULL, 1),
  ('servicenow-api', 'severity', 'severity', NULL, 2),
  ('servicenow-api', 'priority_label', 'priority', NULL, 1),
  ('servicenow-api', 'team', 'assignment_group', NULL, 1),
  ('servicenow-api', 'service', 'business_service', NULL, 1),
  ('servicenow-api', 'service', 'cmdb_ci', NULL, 2),
  ('servicenow-api', 'category', 'category', NULL, 1),
  ('servicenow-api', 'component', 'subcategory', NULL, 1),
  ('servicenow-api', 'resolved_at', 'resolved_at', NULL, 1),
  ('servicenow-api', 'resolved_at', 'calendar_stc', 'seconds', 2),
  ('servicenow-api', 'closed_at', 'closed_at', NULL, 1),
  ('servicenow-api', 'reassignments', 'reassignment_count', NULL, 1),
  ('servicenow-api', 'reopens', 'reopen_count', NULL, 1),
  ('servicenow-api', 'problem_ref', 'problem_id', NULL, 1),
  ('servicenow-api', 'resolution', 'close_notes', NULL, 1),
  ('servicenow-api', 'resolution', 'close_code', NULL, 2);
INSERT INTO format_status (name, status, category, label) VALUES
  ('servicenow-api', '1', 'open', 'New'),
  ('servicenow-api', '2', 'open', 'In Progress'),
  ('servicenow-api', '3', 'open', 'On Hold'),
  ('servicenow-api', '6', 'resolved', 'Resolved'),
  ('servicenow-api', '7', 'closed', 'Closed'),
  ('servicenow-api', '8', 'closed', 'Canceled');
