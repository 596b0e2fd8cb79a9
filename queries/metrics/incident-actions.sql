-- incident-actions: one incident's action items. Parameters: :incident
-- (incidents.id), :now (an open item due before it is overdue).
SELECT text, owner, local_date(due_at) AS due, status,
       lower(status) IN ('done', 'closed', 'completed', 'fixed') AS "done?",
       (lower(status) NOT IN ('done', 'closed', 'completed', 'fixed')
        AND due_at IS NOT NULL AND due_at < :now) AS "overdue?"
FROM action_items
WHERE incident_id = :incident
ORDER BY "done?", due_at IS NULL, due_at, id;
