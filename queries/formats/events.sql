-- A process-mining style event log: one row per event. Not detected: use
-- --format events, with --map for columns these names do not cover (logs with
-- XES attribute names or Disco's columns are detected: events-xes.sql,
-- events-disco.sql). opened_at = the first event, resolved_at = the first
-- event in a resolved-like status (00-statuses.sql and the activity words
-- below), closed_at = the first closed-like one.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('events', 'Event log of (id, time, status) rows: --format events with --map', 'csv', '', 'events', 1, 1, NULL);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('events', 'ext_id', 'case_id', NULL, 1),
  ('events', 'ext_id', 'case', NULL, 2),
  ('events', 'ext_id', 'case:concept:name', NULL, 3),
  ('events', 'ext_id', 'case:ref', NULL, 4),
  ('events', 'ext_id', 'incident', NULL, 5),
  ('events', 'ext_id', 'incident_id', NULL, 6),
  ('events', 'ext_id', 'ticket', NULL, 7),
  ('events', 'ext_id', 'number', NULL, 8),
  ('events', 'ext_id', 'id', NULL, 9),
  ('events', 'updated_at', 'time', NULL, 1),
  ('events', 'updated_at', 'timestamp', NULL, 2),
  ('events', 'updated_at', 'time:timestamp', NULL, 3),
  ('events', 'updated_at', 'event_time', NULL, 4),
  ('events', 'updated_at', 'event:time', NULL, 5),
  ('events', 'updated_at', 'date', NULL, 6),
  ('events', 'updated_at', 'datetime', NULL, 7),
  ('events', 'status', 'activity', NULL, 1),
  ('events', 'status', 'concept:name', NULL, 2),
  ('events', 'status', 'status', NULL, 3),
  ('events', 'status', 'state', NULL, 4),
  ('events', 'status', 'event', NULL, 5),
  ('events', 'actor', 'resource', NULL, 1),
  ('events', 'actor', 'org:resource', NULL, 2),
  ('events', 'actor', 'user', NULL, 3),
  ('events', 'actor', 'changed-by', NULL, 4),
  ('events', 'lifecycle', 'lifecycle:transition', NULL, 1),
  ('events', 'lifecycle', 'lifecycle', NULL, 2);
-- acknowledged_at = the first change of status (the first event's status is
-- the opening one); mitigated_at = the first event in a status that says so.
-- A column mapped with --map acknowledged_at=… / mitigated_at=… wins.
-- The same for the detected process-mining logs.
INSERT INTO format_milestone (name, field, leaves, enters)
  SELECT p.column1, m.column1, m.column2, m.column3
  FROM (VALUES ('events'), ('events-xes'), ('events-disco')) p,
       (VALUES ('acknowledged_at', '*', NULL), ('mitigated_at', NULL, 'mitigated'),
               ('mitigated_at', NULL, 'stable'), ('mitigated_at', NULL, 'workaround applied'),
               ('mitigated_at', NULL, 'monitoring')) m;
-- Activities that resolve or close a case, as ITSM event logs name them (the
-- shared statuses of 00-statuses.sql apply too): the first such event is the
-- case's resolved_at (closed_at for closing ones).
INSERT INTO format_status (name, status, category)
  SELECT p.column1, w.column1, w.column2
  FROM (VALUES ('events'), ('events-xes'), ('events-disco')) p,
       (VALUES ('resolution', 'resolved'), ('resolve incident', 'resolved'),
               ('incident resolved', 'resolved'), ('ticket resolved', 'resolved'),
               ('resolve case', 'resolved'), ('case resolved', 'resolved'),
               ('solve', 'resolved'), ('solution', 'resolved'),
               ('provide solution', 'resolved'), ('solution provided', 'resolved'),
               ('problem solved', 'resolved'), ('fix', 'resolved'),
               ('caso resuelto', 'resolved'), ('resolver caso', 'resolved'),
               ('resolver incidente', 'resolved'), ('incidente resuelto', 'resolved'),
               ('close ticket', 'closed'), ('closure', 'closed'), ('ticket closed', 'closed'),
               ('close incident', 'closed'), ('incident closed', 'closed'),
               ('close case', 'closed'), ('case closed', 'closed'), ('closing', 'closed'),
               ('caso cerrado', 'closed'), ('cerrar caso', 'closed'),
               ('cerrar incidente', 'closed'), ('incidente cerrado', 'closed'),
               ('ticket cerrado', 'closed')) w;
