-- Jira "Export CSV (all/current fields)": label headers, repeated names
-- (Labels, Comment, Components...), "Custom field (X)", dates 25/Feb/26 10:17 PM.
-- JSM incidents carry Custom field (Severity). FORMATS.md 5. Exports in the
-- user's language ("Clave de incidencia", "Resumen", "Creada";
-- "Campo personalizado (Gravedad)") read as these English headers through
-- queries/vocabulary/.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('jira-csv', 'Jira / Jira Service Management CSV export', 'csv', '', 'jira', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('jira-csv', 'header', 'issue key', 3, 1),
  ('jira-csv', 'header', 'issue id', 2, 0),
  ('jira-csv', 'header', 'summary', 1, 0),
  ('jira-csv', 'header', 'issue type', 1, 0),
  ('jira-csv', 'header', 'created', 1, 0),
  ('jira-csv', 'header', 'status category', 1, 0),
  ('jira-csv', 'header', 'project key', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('jira-csv', 'ext_id', 'Issue key', NULL, 1),
  ('jira-csv', 'title', 'Summary', NULL, 1),
  ('jira-csv', 'description', 'Description', NULL, 1),
  ('jira-csv', 'status', 'Status', NULL, 1),
  ('jira-csv', 'severity', 'Custom field (Severity)', NULL, 1),
  ('jira-csv', 'severity', 'Priority', NULL, 2),
  ('jira-csv', 'priority_label', 'Priority', NULL, 1),
  ('jira-csv', 'opened_at', 'Created', NULL, 1),
  ('jira-csv', 'resolved_at', 'Resolved', NULL, 1),
  ('jira-csv', 'updated_at', 'Updated', NULL, 1),
  ('jira-csv', 'kind', 'Issue Type', NULL, 1),
  ('jira-csv', 'resolution', 'Resolution', NULL, 1),
  ('jira-csv', 'component', 'Components', NULL, 1),
  ('jira-csv', 'component', 'Component/s', NULL, 2),
  ('jira-csv', 'service', 'Custom field (Affected services)', NULL, 1),
  ('jira-csv', 'service', 'Project name', NULL, 2),
  ('jira-csv', 'team', 'Custom field (Team)', NULL, 1),
  ('jira-csv', 'root_cause', 'Custom field (Root cause)', NULL, 1),
  ('jira-csv', 'category', 'Custom field (Category)', NULL, 1);
