-- action-items: every action item from postmortems of incidents opened before
-- the end of the period, open ones first.
-- Parameters: :end (epoch seconds, exclusive), :now (the report's "now",
-- epoch seconds: an open item due before it is overdue).
-- done? is yes for status 'done' (or closed, completed, fixed); overdue? is yes
-- for an item not done whose due_at is before :now (a name ending in "?" is a
-- yes/no: the key is "done", the value true or false).
-- Order: done, overdue desc, due_at (items without a due date last), ext_id, text.
SELECT
  i.ext_id, i.title AS incident_title, a.text, a.owner, local_date(a.due_at) AS due,
  a.due_at, a.status,
  lower(a.status) IN ('done', 'closed', 'completed', 'fixed') AS "done?",
  (lower(a.status) NOT IN ('done', 'closed', 'completed', 'fixed')
   AND a.due_at IS NOT NULL AND a.due_at < :now) AS "overdue?"
FROM action_items a
JOIN incidents i ON i.id = a.incident_id
WHERE i.opened_at < :end
ORDER BY "done?", "overdue?" DESC, a.due_at IS NULL, a.due_at, i.ext_id, a.text;
