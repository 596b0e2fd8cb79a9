-- MantisBT csv_export.php (English titles here; the reporter's language's
-- titles, "Núm", "Data de Envio", "Дата отправки", come through
-- queries/vocabulary/): Id zero-padded, dates are
-- short_date_format (date only by default). Severity feature ... block.
-- FORMATS.md 11.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('mantis-csv', 'Mantis Bug Tracker CSV export', 'csv', '', 'mantis', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('mantis-csv', 'header', 'id', 1, 1),
  ('mantis-csv', 'header', 'date submitted', 3, 1),
  ('mantis-csv', 'header', 'reporter', 1, 0),
  ('mantis-csv', 'header', 'assigned to', 1, 0),
  ('mantis-csv', 'header', 'view status', 2, 0),
  ('mantis-csv', 'header', 'reproducibility', 2, 0),
  ('mantis-csv', 'header', 'project', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('mantis-csv', 'ext_id', 'Id', NULL, 1),
  ('mantis-csv', 'title', 'Summary', NULL, 1),
  ('mantis-csv', 'description', 'Description', NULL, 1),
  ('mantis-csv', 'status', 'Status', NULL, 1),
  ('mantis-csv', 'severity', 'Severity', NULL, 1),
  ('mantis-csv', 'priority_label', 'Priority', NULL, 1),
  ('mantis-csv', 'opened_at', 'Date Submitted', NULL, 1),
  ('mantis-csv', 'updated_at', 'Updated', NULL, 1),
  ('mantis-csv', 'category', 'Category', NULL, 1),
  ('mantis-csv', 'service', 'Project', NULL, 1),
  ('mantis-csv', 'resolution', 'Resolution', NULL, 1),
  ('mantis-csv', 'team', 'Assigned To', NULL, 1);
INSERT INTO format_severity (name, label, severity) VALUES
  ('mantis-csv', 'block', 1),
  ('mantis-csv', 'crash', 1),
  ('mantis-csv', 'major', 2),
  ('mantis-csv', 'minor', 4),
  ('mantis-csv', 'tweak', 5),
  ('mantis-csv', 'text', 5),
  ('mantis-csv', 'trivial', 5),
  ('mantis-csv', 'feature', 5);
