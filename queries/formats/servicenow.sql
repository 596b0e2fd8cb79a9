-- ServiceNow incident list export (list header -> Export -> CSV): field names
-- as headers (or labels in Excel exports), display values, thousands separators
-- in integers (calendar_stc "5,510,746"). FORMATS.md 1a.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('servicenow', 'ServiceNow incident list export (CSV, field names or labels)', 'csv', '', 'servicenow', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('servicenow', 'header', 'number', 2, 1),
  ('servicenow', 'header', 'opened_at', 2, 0),
  ('servicenow', 'header', 'short_description', 2, 0),
  ('servicenow', 'header', 'assignment_group', 1, 0),
  ('servicenow', 'header', 'sys_updated_on', 1, 0),
  ('servicenow', 'header', 'sys_created_on', 1, 0),
  ('servicenow', 'header', 'caller_id', 1, 0),
  ('servicenow', 'header', 'opened', 1, 0),
  ('servicenow', 'header', 'short description', 1, 0),
  ('servicenow', 'header', 'incident_state', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('servicenow', 'ext_id', 'number', NULL, 1),
  ('servicenow', 'title', 'short_description', NULL, 1),
  ('servicenow', 'description', 'description', NULL, 1),
  ('servicenow', 'status', 'state', NULL, 1),
  ('servicenow', 'status', 'incident_state', NULL, 2),
  ('servicenow', 'opened_at', 'opened_at', NULL, 1),
  ('servicenow', 'opened_at', 'sys_created_on', NULL, 2),
  ('servicenow', 'opened_at', 'opened', NULL, 3),
  ('servicenow', 'opened_at', 'created', NULL, 4),
  ('servicenow', 'updated_at', 'sys_updated_on', NULL, 1),
  ('servicenow', 'updated_at', 'updated', NULL, 2),
  ('servicenow', 'updated_at', 'last_update', NULL, 3),
  ('servicenow', 'severity', 'priority', NULL, 1),
  ('servicenow', 'severity', 'severity', NULL, 2),
  ('servicenow', 'priority_label', 'priority', NULL, 1),
  ('servicenow', 'team', 'assignment_group', NULL, 1),
  ('servicenow', 'service', 'business_service', NULL, 1),
  ('servicenow', 'service', 'cmdb_ci', NULL, 2),
  ('servicenow', 'service', 'configuration item', NULL, 3),
  ('servicenow', 'category', 'category', NULL, 1),
  ('servicenow', 'component', 'subcategory', NULL, 1),
  ('servicenow', 'resolved_at', 'resolved_at', NULL, 1),
  ('servicenow', 'resolved_at', 'resolved', NULL, 2),
  ('servicenow', 'resolved_at', 'calendar_stc', 'seconds', 3),
  ('servicenow', 'closed_at', 'closed_at', NULL, 1),
  ('servicenow', 'closed_at', 'closed', NULL, 2),
  ('servicenow', 'reassignments', 'reassignment_count', NULL, 1),
  ('servicenow', 'reopens', 'reopen_count', NULL, 1),
  ('servicenow', 'problem_ref', 'problem_id', NULL, 1),
  ('servicenow', 'resolution', 'close_notes', NULL, 1),
  ('servicenow', 'resolution', 'close_code', NULL, 2),
  ('servicenow', 'resolution', 'closed_code', NULL, 3),
  ('servicenow', 'root_cause', 'u_root_cause', NULL, 1);
INSERT INTO format_status (name, status, category, label) VALUES
  ('servicenow', '1', 'open', 'New'),
  ('servicenow', '2', 'open', 'In Progress'),
  ('servicenow', '3', 'open', 'On Hold'),
  ('servicenow', '6', 'resolved', 'Resolved'),
  ('servicenow', '7', 'closed', 'Closed'),
  ('servicenow', '8', 'closed', 'Canceled');
