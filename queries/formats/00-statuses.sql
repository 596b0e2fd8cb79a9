-- 00-statuses.sql — the status vocabulary every format shares (name '*'):
-- which statuses mean resolved or closed. Event logs take the first event in
-- a resolved-like status as resolved_at when the row has none. A profile's own
-- format_status rows come first. Mitigated and stable are open: the service is
-- restored (a profile's format_milestone may take them as mitigated_at), the
-- incident not yet resolved. Statuses match whatever their case, accents and
-- separators ('In_Progress' = 'in progress'); the same statuses in other
-- languages ('Resolvido', 'Geschlossen', 'Закрыт', '已解决') are in
-- queries/vocabulary/, after these.
INSERT INTO format_status (name, status, category) VALUES
  ('*', 'new', 'open'), ('*', 'open', 'open'), ('*', 'active', 'open'),
  ('*', 'in progress', 'open'), ('*', 'investigating', 'open'), ('*', 'identified', 'open'),
  ('*', 'monitoring', 'open'), ('*', 'triggered', 'open'), ('*', 'acknowledged', 'open'),
  ('*', 'on hold', 'open'), ('*', 'pending', 'open'), ('*', 'assigned', 'open'),
  ('*', 'resolved', 'resolved'), ('*', 'resolve', 'resolved'), ('*', 'resolve ticket', 'resolved'),
  ('*', 'fixed', 'resolved'), ('*', 'done', 'resolved'), ('*', 'solved', 'resolved'),
  ('*', 'mitigated', 'open'), ('*', 'stable', 'open'), ('*', 'completed', 'resolved'),
  ('*', 'closed', 'closed'), ('*', 'close', 'closed'), ('*', 'cancelled', 'closed'),
  ('*', 'canceled', 'closed'), ('*', 'declined', 'closed'), ('*', 'postmortem', 'resolved');
