-- Salesforce REST query: {"totalSize","done","records":[{"attributes":{"type":"Case"},...}]};
-- offsets +0000 without a colon. FORMATS.md 12.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('salesforce', 'Salesforce REST query JSON (records[] of Case)', 'json', 'records', 'salesforce', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('salesforce', 'top', 'records', 1, 1),
  ('salesforce', 'record', 'attributes.type=Case', 3, 1),
  ('salesforce', 'record', 'CaseNumber', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('salesforce', 'ext_id', 'CaseNumber', NULL, 1),
  ('salesforce', 'title', 'Subject', NULL, 1),
  ('salesforce', 'description', 'Description', NULL, 1),
  ('salesforce', 'status', 'Status', NULL, 1),
  ('salesforce', 'severity', 'Priority', NULL, 1),
  ('salesforce', 'priority_label', 'Priority', NULL, 1),
  ('salesforce', 'opened_at', 'CreatedDate', NULL, 1),
  ('salesforce', 'resolved_at', 'ClosedDate', NULL, 1),
  ('salesforce', 'closed_at', 'ClosedDate', NULL, 1),
  ('salesforce', 'updated_at', 'LastModifiedDate', NULL, 1),
  ('salesforce', 'kind', 'Type', NULL, 1),
  ('salesforce', 'category', 'Reason', NULL, 1),
  ('salesforce', 'team', 'Owner.Name', NULL, 1),
  ('salesforce', 'team', 'OwnerId', NULL, 2);
INSERT INTO format_status (name, status, category, label) VALUES
  ('salesforce', 'working', 'open', NULL),
  ('salesforce', 'escalated', 'open', NULL);
