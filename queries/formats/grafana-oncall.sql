-- Grafana OnCall GET /api/v1/alert_groups/: {"count","results":[...],
-- "current_page_number"}; state new|acknowledged|resolved|silenced. FORMATS.md 13.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('grafana-oncall', 'Grafana OnCall alert groups JSON (results[])', 'json', 'results', 'grafana-oncall', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('grafana-oncall', 'top', 'results', 1, 1),
  ('grafana-oncall', 'top', 'current_page_number', 2, 0),
  ('grafana-oncall', 'record', 'alerts_count', 3, 1),
  ('grafana-oncall', 'record', 'integration_id', 2, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('grafana-oncall', 'ext_id', 'id', NULL, 1),
  ('grafana-oncall', 'title', 'title', NULL, 1),
  ('grafana-oncall', 'status', 'state', NULL, 1),
  ('grafana-oncall', 'opened_at', 'created_at', NULL, 1),
  ('grafana-oncall', 'acknowledged_at', 'acknowledged_at', NULL, 1),
  ('grafana-oncall', 'resolved_at', 'resolved_at', NULL, 1),
  ('grafana-oncall', 'service', 'integration_id', NULL, 1),
  ('grafana-oncall', 'url', 'permalinks.web', NULL, 1);
