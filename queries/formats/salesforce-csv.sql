-- Salesforce Case export with API names (Data Loader, often UPPER CASE; weekly
-- export Case.csv). FORMATS.md 12.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('salesforce-csv', 'Salesforce Service Cloud Case CSV (API names)', 'csv', '', 'salesforce', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('salesforce-csv', 'header', 'casenumber', 3, 1),
  ('salesforce-csv', 'header', 'createddate', 2, 1),
  ('salesforce-csv', 'header', 'closeddate', 1, 0),
  ('salesforce-csv', 'header', 'isclosed', 1, 0),
  ('salesforce-csv', 'header', 'origin', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('salesforce-csv', 'ext_id', 'CaseNumber', NULL, 1),
  ('salesforce-csv', 'title', 'Subject', NULL, 1),
  ('salesforce-csv', 'description', 'Description', NULL, 1),
  ('salesforce-csv', 'status', 'Status', NULL, 1),
  ('salesforce-csv', 'severity', 'Priority', NULL, 1),
  ('salesforce-csv', 'priority_label', 'Priority', NULL, 1),
  ('salesforce-csv', 'opened_at', 'CreatedDate', NULL, 1),
  ('salesforce-csv', 'resolved_at', 'ClosedDate', NULL, 1),
  ('salesforce-csv', 'closed_at', 'ClosedDate', NULL, 1),
  ('salesforce-csv', 'updated_at', 'LastModifiedDate', NULL, 1),
  ('salesforce-csv', 'kind', 'Type', NULL, 1),
  ('salesforce-csv', 'category', 'Reason', NULL, 1),
  ('salesforce-csv', 'team', 'Owner.Name', NULL, 1),
  ('salesforce-csv', 'team', 'OwnerId', NULL, 2);
INSERT INTO format_status (name, status, category, label) VALUES
  ('salesforce-csv', 'working', 'open', NULL),
  ('salesforce-csv', 'escalated', 'open', NULL);
