-- Rootly API (JSON:API): {"data":[{"id","type":"incidents","attributes":{...}}]}.
-- FORMATS.md 13.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('rootly', 'Rootly incidents JSON:API (data[] of type incidents)', 'json', 'data', 'rootly', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('rootly', 'top', 'data', 1, 1),
  ('rootly', 'record', 'type=incidents', 2, 1),
  ('rootly', 'record', 'attributes.sequential_id', 3, 0),
  ('rootly', 'record', 'attributes.mitigated_at', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('rootly', 'ext_id', 'attributes.sequential_id', NULL, 1),
  ('rootly', 'ext_id', 'id', NULL, 2),
  ('rootly', 'title', 'attributes.title', NULL, 1),
  ('rootly', 'description', 'attributes.summary', NULL, 1),
  ('rootly', 'status', 'attributes.status', NULL, 1),
  ('rootly', 'severity', 'attributes.severity.data.attributes.name', NULL, 1),
  ('rootly', 'severity', 'attributes.severity', NULL, 2),
  ('rootly', 'kind', 'attributes.kind', NULL, 1),
  ('rootly', 'opened_at', 'attributes.created_at', NULL, 1),
  ('rootly', 'started_at', 'attributes.started_at', NULL, 1),
  ('rootly', 'detected_at', 'attributes.detected_at', NULL, 1),
  ('rootly', 'acknowledged_at', 'attributes.acknowledged_at', NULL, 1),
  ('rootly', 'mitigated_at', 'attributes.mitigated_at', NULL, 1),
  ('rootly', 'resolved_at', 'attributes.resolved_at', NULL, 1),
  ('rootly', 'closed_at', 'attributes.closed_at', NULL, 1),
  ('rootly', 'closed_at', 'attributes.cancelled_at', NULL, 2),
  ('rootly', 'updated_at', 'attributes.updated_at', NULL, 1),
  ('rootly', 'url', 'attributes.url', NULL, 1),
  ('rootly', 'service', 'attributes.services.data[].attributes.name', NULL, 1);
