-- Process-mining event logs in CSV with XES attribute names (IEEE 1849-2016),
-- as ProM, PM4Py and the BPI Challenge downloads write them: one row per
-- event, the case is the incident. FORMATS.md D3. The activity (concept:name)
-- is the status: opened_at = the case's first event, resolved_at = its first
-- event whose activity (or a sub-status in lifecycle:transition, as BPI 2013
-- keeps it) is resolved-like, closed_at = the first closed-like one; every
-- change of activity is a timeline event. Of the XES lifecycle transitions
-- only 'complete' rows are events: an activity with start and complete rows
-- is one event, at its completion (import_eventlog.c). The activity words
-- are in events.sql.
INSERT INTO format_profile (name, title, kind, source_system, event_log) VALUES
  ('events-xes', 'Event log with XES attribute names (case:concept:name, concept:name, '
   || 'time:timestamp)', 'csv', 'events', 1);
INSERT INTO format_signature (name, key, weight, required) VALUES
  ('events-xes', 'case:concept:name', 4, 1),
  ('events-xes', 'concept:name', 2, 1),
  ('events-xes', 'time:timestamp', 2, 0),
  ('events-xes', 'lifecycle:transition', 1, 0),
  ('events-xes', 'org:resource', 1, 0),
  ('events-xes', 'org:group', 1, 0),
  ('events-xes', 'org:role', 1, 0);
INSERT INTO format_field (name, field, source, priority) VALUES
  ('events-xes', 'ext_id', 'case:concept:name', 1),
  ('events-xes', 'status', 'concept:name', 1),
  ('events-xes', 'updated_at', 'time:timestamp', 1),
  ('events-xes', 'updated_at', 'time:complete', 2),
  ('events-xes', 'lifecycle', 'lifecycle:transition', 1),
  ('events-xes', 'actor', 'org:resource', 1),
  ('events-xes', 'actor', 'org:group', 2),
  ('events-xes', 'team', 'org:group', 1),
  ('events-xes', 'title', 'case:description', 1),
  ('events-xes', 'title', 'case:title', 2);
