-- incident-problems: the problems one incident is linked to, best link
-- first. Parameters: :incident (incidents.id).
SELECT p.id, p.title, p.status, p.root_cause, p.workaround, l.method, l.score, l.reason,
       (SELECT count(*) FROM problem_links x WHERE x.problem_id = p.id) AS incident_count
FROM problem_links l JOIN problems p ON p.id = l.problem_id
WHERE l.incident_id = :incident
ORDER BY l.score DESC, p.id;
