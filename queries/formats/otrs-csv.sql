-- OTRS / Znuny ticket search with CSV output (AgentTicketSearch, Result
-- Form: CSV): headers in the agent's language ("Ticket#" in all of them),
-- Created and Closed as "2026-03-04 10:15:00". OTRS has no resolved time:
-- a ticket is done when closed, so Closed gives both. The first lock is the
-- moment an agent took the ticket. Priorities are numbered the other way
-- round from recur's scale: 5 very high is the worst. FORMATS.md D1.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('otrs-csv', 'OTRS / Znuny ticket search CSV export', 'csv', '', 'otrs', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('otrs-csv', 'header', 'ticket#', 3, 1),
  ('otrs-csv', 'header', 'queue', 2, 0),
  ('otrs-csv', 'header', 'lock', 2, 0),
  ('otrs-csv', 'header', 'owner', 1, 0),
  ('otrs-csv', 'header', 'first lock', 1, 0),
  ('otrs-csv', 'header', 'customerid', 1, 0),
  ('otrs-csv', 'header', 'age', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('otrs-csv', 'ext_id', 'Ticket#', NULL, 1),
  ('otrs-csv', 'title', 'Title', NULL, 1),
  ('otrs-csv', 'title', 'Subject', NULL, 2),
  ('otrs-csv', 'status', 'State', NULL, 1),
  ('otrs-csv', 'severity', 'Priority', NULL, 1),
  ('otrs-csv', 'priority_label', 'Priority', NULL, 1),
  ('otrs-csv', 'opened_at', 'Created', NULL, 1),
  ('otrs-csv', 'acknowledged_at', 'First Lock', NULL, 1),
  ('otrs-csv', 'resolved_at', 'Closed', NULL, 1),
  ('otrs-csv', 'resolved_at', 'Close Time', NULL, 2),
  ('otrs-csv', 'closed_at', 'Closed', NULL, 1),
  ('otrs-csv', 'closed_at', 'Close Time', NULL, 2),
  ('otrs-csv', 'team', 'Queue', NULL, 1),
  ('otrs-csv', 'service', 'Service', NULL, 1),
  ('otrs-csv', 'kind', 'Type', NULL, 1);
INSERT INTO format_status (name, status, category) VALUES
  ('otrs-csv', 'new', 'open'), ('otrs-csv', 'open', 'open'),
  ('otrs-csv', 'pending reminder', 'open'), ('otrs-csv', 'pending auto close+', 'open'),
  ('otrs-csv', 'pending auto close-', 'open'), ('otrs-csv', 'closed successful', 'closed'),
  ('otrs-csv', 'closed unsuccessful', 'closed'), ('otrs-csv', 'merged', 'closed'),
  ('otrs-csv', 'removed', 'closed');
-- the numbered priorities in the languages OTRS ships (the number is the
-- tool's, 5 = very high = recur's 1)
INSERT INTO format_severity (name, label, severity) VALUES
  ('otrs-csv', '1 very low', 5), ('otrs-csv', '2 low', 4), ('otrs-csv', '3 normal', 3),
  ('otrs-csv', '4 high', 2), ('otrs-csv', '5 very high', 1),
  ('otrs-csv', '1 muito baixo', 5), ('otrs-csv', '2 baixo', 4), ('otrs-csv', '4 alto', 2),
  ('otrs-csv', '5 muito alto', 1),
  ('otrs-csv', '1 muy bajo', 5), ('otrs-csv', '2 bajo', 4), ('otrs-csv', '5 muy alto', 1),
  ('otrs-csv', '1 sehr niedrig', 5), ('otrs-csv', '2 niedrig', 4), ('otrs-csv', '4 hoch', 2),
  ('otrs-csv', '5 sehr hoch', 1),
  ('otrs-csv', '1 tres bas', 5), ('otrs-csv', '2 bas', 4), ('otrs-csv', '4 haut', 2),
  ('otrs-csv', '5 tres haut', 1),
  ('otrs-csv', '1 molto basso', 5), ('otrs-csv', '2 basso', 4), ('otrs-csv', '4 alto', 2),
  ('otrs-csv', '5 molto alto', 1),
  ('otrs-csv', '1 очень низкий', 5), ('otrs-csv', '2 низкий', 4), ('otrs-csv', '3 нормальный', 3),
  ('otrs-csv', '4 высокий', 2), ('otrs-csv', '5 очень высокий', 1);
