-- incident.io API v2 GET /v2/incidents: {"incidents":[...],"pagination_meta"};
-- times live in incident_timestamp_values[] by (org-configurable) name; the
-- defaults are read here: add your own names with more format_field rows.
-- FORMATS.md 3.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('incidentio', 'incident.io API v2 incidents JSON', 'json', 'incidents', 'incidentio', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('incidentio', 'top', 'incidents', 1, 1),
  ('incidentio', 'record', 'reference', 3, 1),
  ('incidentio', 'record', 'incident_status.category', 2, 0),
  ('incidentio', 'record', 'incident_timestamp_values', 2, 0),
  ('incidentio', 'top', 'pagination_meta', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('incidentio', 'ext_id', 'reference', NULL, 1),
  ('incidentio', 'title', 'name', NULL, 1),
  ('incidentio', 'description', 'summary', NULL, 1),
  ('incidentio', 'status', 'incident_status.name', NULL, 1),
  ('incidentio', 'severity', 'severity.name', NULL, 1),
  ('incidentio', 'kind', 'incident_type.name', NULL, 1),
  ('incidentio', 'opened_at', 'created_at', NULL, 1),
  ('incidentio', 'started_at', 'incident_timestamp_values[incident_timestamp.name=Impact started].value.value', NULL, 1),
  ('incidentio', 'started_at', 'incident_timestamp_values[incident_timestamp.name=Started at].value.value', NULL, 2),
  ('incidentio', 'detected_at', 'incident_timestamp_values[incident_timestamp.name=Reported at].value.value', NULL, 1),
  ('incidentio', 'detected_at', 'incident_timestamp_values[incident_timestamp.name=Detected at].value.value', NULL, 2),
  ('incidentio', 'acknowledged_at', 'incident_timestamp_values[incident_timestamp.name=Accepted at].value.value', NULL, 1),
  ('incidentio', 'acknowledged_at', 'incident_timestamp_values[incident_timestamp.name=Acknowledged at].value.value', NULL, 2),
  ('incidentio', 'mitigated_at', 'incident_timestamp_values[incident_timestamp.name=Fixed at].value.value', NULL, 1),
  ('incidentio', 'mitigated_at', 'incident_timestamp_values[incident_timestamp.name=Mitigated at].value.value', NULL, 2),
  ('incidentio', 'resolved_at', 'incident_timestamp_values[incident_timestamp.name=Resolved at].value.value', NULL, 1),
  ('incidentio', 'closed_at', 'incident_timestamp_values[incident_timestamp.name=Closed at].value.value', NULL, 1),
  ('incidentio', 'updated_at', 'updated_at', NULL, 1),
  ('incidentio', 'url', 'permalink', NULL, 1),
  ('incidentio', 'team', 'custom_field_entries[custom_field.name=Affected Team].values.0.value_option.value', NULL, 1),
  ('incidentio', 'team', 'custom_field_entries[custom_field.name=Team].values.0.value_option.value', NULL, 2),
  ('incidentio', 'service', 'custom_field_entries[custom_field.name=Affected services].values[].value_catalog_entry.name', NULL, 1),
  ('incidentio', 'service', 'custom_field_entries[custom_field.name=Service].values.0.value_option.value', NULL, 2);
INSERT INTO format_status (name, status, category, label) VALUES
  ('incidentio', 'triage', 'open', NULL),
  ('incidentio', 'live', 'open', NULL),
  ('incidentio', 'learning', 'resolved', NULL),
  ('incidentio', 'declined', 'closed', NULL),
  ('incidentio', 'merged', 'closed', NULL),
  ('incidentio', 'canceled', 'closed', NULL),
  ('incidentio', 'paused', 'open', NULL);
