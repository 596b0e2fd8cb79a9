-- ServiceNow incident audit / event-log export (one row per update, e.g. the
-- UCI "Incident management process enriched event log"). FORMATS.md 1b.
-- There is no short_description: the symptom the caller reported is the title.
INSERT INTO format_profile (name, title, kind, source_system, event_log) VALUES
  ('servicenow-eventlog', 'ServiceNow incident event log (one row per update)', 'csv',
   'servicenow', 1);
INSERT INTO format_signature (name, key, weight, required) VALUES
  ('servicenow-eventlog', 'number', 2, 1),
  ('servicenow-eventlog', 'sys_mod_count', 4, 1),
  ('servicenow-eventlog', 'incident_state', 2, 0),
  ('servicenow-eventlog', 'sys_updated_at', 2, 0),
  ('servicenow-eventlog', 'u_symptom', 1, 0),
  ('servicenow-eventlog', 'u_priority_confirmation', 1, 0);
INSERT INTO format_field (name, field, source, priority) VALUES
  ('servicenow-eventlog', 'ext_id', 'number', 1),
  ('servicenow-eventlog', 'title', 'short_description', 1),
  ('servicenow-eventlog', 'title', 'u_symptom', 2),
  ('servicenow-eventlog', 'status', 'incident_state', 1),
  ('servicenow-eventlog', 'status', 'state', 2),
  ('servicenow-eventlog', 'opened_at', 'opened_at', 1),
  ('servicenow-eventlog', 'updated_at', 'sys_updated_at', 1),
  ('servicenow-eventlog', 'updated_at', 'sys_updated_on', 2),
  ('servicenow-eventlog', 'mod_count', 'sys_mod_count', 1),
  ('servicenow-eventlog', 'actor', 'sys_updated_by', 1),
  ('servicenow-eventlog', 'severity', 'priority', 1),
  ('servicenow-eventlog', 'priority_label', 'priority', 1),
  ('servicenow-eventlog', 'service', 'cmdb_ci', 1),
  ('servicenow-eventlog', 'category', 'category', 1),
  ('servicenow-eventlog', 'component', 'subcategory', 1),
  ('servicenow-eventlog', 'team', 'assignment_group', 1),
  ('servicenow-eventlog', 'resolved_at', 'resolved_at', 1),
  ('servicenow-eventlog', 'closed_at', 'closed_at', 1),
  ('servicenow-eventlog', 'reassignments', 'reassignment_count', 1),
  ('servicenow-eventlog', 'reopens', 'reopen_count', 1),
  ('servicenow-eventlog', 'problem_ref', 'problem_id', 1),
  ('servicenow-eventlog', 'resolution', 'closed_code', 1),
  ('servicenow-eventlog', 'resolution', 'close_code', 2);
INSERT INTO format_status (name, status, category) VALUES
  ('servicenow-eventlog', 'Awaiting User Info', 'open'),
  ('servicenow-eventlog', 'Awaiting Problem', 'open'),
  ('servicenow-eventlog', 'Awaiting Vendor', 'open'),
  ('servicenow-eventlog', 'Awaiting Evidence', 'open'),
  ('servicenow-eventlog', '-100', 'open');
-- No acknowledgement column: an incident is acknowledged when it first
-- leaves New (New → Active, Awaiting …, Resolved …). No status means mitigated.
INSERT INTO format_milestone (name, field, leaves, enters) VALUES
  ('servicenow-eventlog', 'acknowledged_at', 'New', NULL);
