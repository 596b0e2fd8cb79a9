-- Process-mining event logs as Disco, ProM and Celonis write CSV: Case ID,
-- Activity, Start/Complete Timestamp, Resource, Variant (e.g. the Helpdesk
-- log of Polato et al.). FORMATS.md D3. One row per event, the case is the
-- incident; read like events-xes.sql: opened at the first event, resolved at
-- the first resolved-like activity (words in events.sql), every change of
-- activity a timeline event. A row's time is its Complete Timestamp (its
-- Start Timestamp only when it has none), so a row is one event.
INSERT INTO format_profile (name, title, kind, source_system, event_log) VALUES
  ('events-disco', 'Event log as Disco, ProM or Celonis write it (Case ID, Activity, '
   || 'Complete Timestamp)', 'csv', 'events', 1);
INSERT INTO format_signature (name, key, weight, required) VALUES
  ('events-disco', 'Case ID', 4, 1),
  ('events-disco', 'Activity', 2, 1),
  ('events-disco', 'Complete Timestamp', 2, 0),
  ('events-disco', 'Start Timestamp', 1, 0),
  ('events-disco', 'Timestamp', 1, 0),
  ('events-disco', 'Resource', 1, 0),
  ('events-disco', 'Variant', 1, 0),
  ('events-disco', 'Variant index', 1, 0);
INSERT INTO format_field (name, field, source, priority) VALUES
  ('events-disco', 'ext_id', 'Case ID', 1),
  ('events-disco', 'status', 'Activity', 1),
  ('events-disco', 'updated_at', 'Complete Timestamp', 1),
  ('events-disco', 'updated_at', 'Timestamp', 2),
  ('events-disco', 'updated_at', 'Start Timestamp', 3),
  ('events-disco', 'lifecycle', 'lifecycle:transition', 1),
  ('events-disco', 'lifecycle', 'Lifecycle', 2),
  ('events-disco', 'actor', 'Resource', 1),
  ('events-disco', 'title', 'Case Description', 1);
