-- Jira REST /rest/api/2|3/search: {"issues":[{"key","fields":{...}}]}; offsets
-- without a colon (+0700). FORMATS.md 5.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('jira', 'Jira REST API search JSON (issues[])', 'json', 'issues', 'jira', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('jira', 'top', 'issues', 1, 1),
  ('jira', 'record', 'key', 2, 1),
  ('jira', 'record', 'fields.created', 2, 0),
  ('jira', 'record', 'fields', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('jira', 'ext_id', 'key', NULL, 1),
  ('jira', 'title', 'fields.summary', NULL, 1),
  ('jira', 'description', 'fields.description', NULL, 1),
  ('jira', 'status', 'fields.status.name', NULL, 1),
  ('jira', 'severity', 'fields.priority.name', NULL, 1),
  ('jira', 'priority_label', 'fields.priority.name', NULL, 1),
  ('jira', 'opened_at', 'fields.created', NULL, 1),
  ('jira', 'resolved_at', 'fields.resolutiondate', NULL, 1),
  ('jira', 'updated_at', 'fields.updated', NULL, 1),
  ('jira', 'kind', 'fields.issuetype.name', NULL, 1),
  ('jira', 'resolution', 'fields.resolution.name', NULL, 1),
  ('jira', 'component', 'fields.components[].name', NULL, 1),
  ('jira', 'service', 'fields.project.name', NULL, 1);
