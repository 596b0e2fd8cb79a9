-- GLPI ticket search export (Assistance > Tickets > export "CSV"): ';'
-- separated, the columns of the user's search view, headers in the user's
-- language (queries/vocabulary/ reads them as these English ones), linked
-- objects as "Itemtype - Field" ("Assigned to - Technician group"), dates
-- as the user's date format (Y-m-d by default). Priority has six levels:
-- Major, Very high, High, Medium, Low, Very low. FORMATS.md D1.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('glpi-csv', 'GLPI ticket search CSV export', 'csv', '', 'glpi', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('glpi-csv', 'header', 'opening date', 2, 1),
  ('glpi-csv', 'header', 'entity', 2, 0),
  ('glpi-csv', 'header', 'requester - requester', 2, 0),
  ('glpi-csv', 'header', 'assigned to - technician', 1, 0),
  ('glpi-csv', 'header', 'assigned to - technician group', 1, 0),
  ('glpi-csv', 'header', 'last update', 1, 0),
  ('glpi-csv', 'header', 'time to resolve', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('glpi-csv', 'ext_id', 'ID', NULL, 1),
  ('glpi-csv', 'title', 'Title', NULL, 1),
  ('glpi-csv', 'description', 'Description', NULL, 1),
  ('glpi-csv', 'status', 'Status', NULL, 1),
  ('glpi-csv', 'severity', 'Priority', NULL, 1),
  ('glpi-csv', 'severity', 'Urgency', NULL, 2),
  ('glpi-csv', 'priority_label', 'Priority', NULL, 1),
  ('glpi-csv', 'opened_at', 'Opening date', NULL, 1),
  ('glpi-csv', 'resolved_at', 'Resolution date', NULL, 1),
  ('glpi-csv', 'closed_at', 'Closing date', NULL, 1),
  ('glpi-csv', 'updated_at', 'Last update', NULL, 1),
  ('glpi-csv', 'category', 'Category', NULL, 1),
  ('glpi-csv', 'kind', 'Type', NULL, 1),
  ('glpi-csv', 'team', 'Assigned to - Technician group', NULL, 1),
  ('glpi-csv', 'service', 'Location', NULL, 1);
INSERT INTO format_status (name, status, category) VALUES
  ('glpi-csv', 'new', 'open'), ('glpi-csv', 'processing (assigned)', 'open'),
  ('glpi-csv', 'processing (planned)', 'open'), ('glpi-csv', 'pending', 'open'),
  ('glpi-csv', 'solved', 'resolved'), ('glpi-csv', 'closed', 'closed');
INSERT INTO format_severity (name, label, severity) VALUES
  ('glpi-csv', 'major', 1), ('glpi-csv', 'very high', 1), ('glpi-csv', 'high', 2),
  ('glpi-csv', 'medium', 3), ('glpi-csv', 'low', 4), ('glpi-csv', 'very low', 5);
