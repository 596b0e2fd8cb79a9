-- A cloud status feed's archive, as the AWS Health Dashboard's data.json
-- keeps it: {"archive": [{"service_name", "summary": "[RESOLVED] …",
-- "date": "1624564393", "description", …}], "current": [...]}. FORMATS.md D5.
-- Times are epoch seconds in strings; the status is the title's bracketed
-- prefix ("summary#prefix", import_json.c), the title the text after it. The
-- entries have no id: recur derives one from the title and the date.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log) VALUES
  ('status-feed', 'Cloud status feed archive ({"archive": [{summary, date, service_name}]})',
   'json', 'archive', 'status-feed', 0);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('status-feed', 'top', 'archive', 2, 1),
  ('status-feed', 'record', 'summary', 1, 1),
  ('status-feed', 'record', 'date', 1, 1),
  ('status-feed', 'record', 'service_name', 1, 0),
  ('status-feed', 'top', 'current', 1, 0);
INSERT INTO format_field (name, field, source, priority) VALUES
  ('status-feed', 'title', 'summary#rest', 1),
  ('status-feed', 'status', 'summary#prefix', 1),
  ('status-feed', 'status', 'status', 2),
  ('status-feed', 'opened_at', 'date', 1),
  ('status-feed', 'service', 'service_name', 1),
  ('status-feed', 'service', 'service', 2),
  ('status-feed', 'component', 'service', 1),
  ('status-feed', 'description', 'description', 1),
  ('status-feed', 'description', 'details', 2),
  ('status-feed', 'url', 'url', 1),
  ('status-feed', 'url', 'uri', 2);
