-- Postmortem collections as research datasets of cloud incidents keep them:
-- one JSON object keyed by incident id ({"azure-20180904-1": {...}, ...}),
-- each with a title, summary, service, detection and mitigation times and a
-- labelled root cause. FORMATS.md D4. recur gives each record its key as
-- "_key" (import_json.c), so the required '_key' signature means "a
-- collection keyed by id"; a record's own id wins over its key.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log) VALUES
  ('postmortem-collection', 'Postmortem collection: JSON objects keyed by incident id '
   || '(title, summary, service_name, root cause)', 'json', '', 'postmortem-collection', 0);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('postmortem-collection', 'record', '_key', 1, 1),
  ('postmortem-collection', 'record', 'title', 1, 0),
  ('postmortem-collection', 'record', 'summary', 1, 0),
  ('postmortem-collection', 'record', 'service_name', 1, 0),
  ('postmortem-collection', 'record', 'root_cause', 2, 0),
  ('postmortem-collection', 'record', 'root_cause_category', 1, 0),
  ('postmortem-collection', 'record', 'detection_time', 1, 0),
  ('postmortem-collection', 'record', 'mitigation_time', 1, 0);
INSERT INTO format_field (name, field, source, priority) VALUES
  ('postmortem-collection', 'ext_id', 'id', 1),
  ('postmortem-collection', 'ext_id', 'incident_id', 2),
  ('postmortem-collection', 'ext_id', '_key', 3),
  ('postmortem-collection', 'title', 'title', 1),
  ('postmortem-collection', 'title', 'summary', 2),
  ('postmortem-collection', 'description', 'summary', 1),
  ('postmortem-collection', 'description', 'description', 2),
  ('postmortem-collection', 'service', 'service_name', 1),
  ('postmortem-collection', 'service', 'service', 2),
  ('postmortem-collection', 'service', 'services', 3),
  ('postmortem-collection', 'component', 'region', 1),
  ('postmortem-collection', 'severity', 'severity', 1),
  ('postmortem-collection', 'opened_at', 'start_time', 1),
  ('postmortem-collection', 'opened_at', 'started_at', 2),
  ('postmortem-collection', 'opened_at', 'impact_start', 3),
  ('postmortem-collection', 'opened_at', 'detection_time', 4),
  ('postmortem-collection', 'opened_at', 'date', 5),
  ('postmortem-collection', 'started_at', 'start_time', 1),
  ('postmortem-collection', 'started_at', 'impact_start', 2),
  ('postmortem-collection', 'detected_at', 'detection_time', 1),
  ('postmortem-collection', 'detected_at', 'detected_at', 2),
  ('postmortem-collection', 'mitigated_at', 'mitigation_time', 1),
  ('postmortem-collection', 'mitigated_at', 'mitigated_at', 2),
  ('postmortem-collection', 'resolved_at', 'end_time', 1),
  ('postmortem-collection', 'resolved_at', 'resolved_at', 2),
  ('postmortem-collection', 'resolved_at', 'resolution_time', 3),
  ('postmortem-collection', 'resolved_at', 'mitigation_time', 4),
  ('postmortem-collection', 'root_cause', 'root_cause.description', 1),
  ('postmortem-collection', 'root_cause', 'root_cause', 2),
  ('postmortem-collection', 'root_cause', 'root_cause_description', 3),
  ('postmortem-collection', 'root_cause', 'root_cause_label', 4),
  ('postmortem-collection', 'root_cause', 'root_cause_category', 5),
  ('postmortem-collection', 'category', 'root_cause_category', 1),
  ('postmortem-collection', 'category', 'root_cause_label', 2),
  ('postmortem-collection', 'category', 'root_cause.category', 3),
  ('postmortem-collection', 'category', 'root_cause.label', 4),
  ('postmortem-collection', 'resolution', 'mitigation', 1),
  ('postmortem-collection', 'resolution', 'resolution', 2),
  ('postmortem-collection', 'url', 'url', 1),
  ('postmortem-collection', 'url', 'link', 2);
