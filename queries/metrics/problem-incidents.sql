-- problem-incidents: the month's incidents of each recurring problem.
-- Parameters: :start, :end (epoch seconds, end exclusive). Recurring is what
-- `recur link` decided (problems.recurring).
-- Order: problem id, then opened_at, ext_id (metrics.c groups the rows under
-- the problems of problems.sql). ttr_s is NULL when missing or negative;
-- maintenance, tests and game days are left out (review-scope.sql).
WITH month AS (
  SELECT l.problem_id, i.id AS incident_id, i.ext_id, i.title, i.opened_at,
         i.severity_label,
         i.ttr_s
  FROM review_incidents i JOIN problem_links l ON l.incident_id = i.id
  WHERE i.opened_at >= :start AND i.opened_at < :end
),
recurring AS (
  SELECT id AS problem_id
  FROM problems
  WHERE recurring = 1 AND id IN (SELECT problem_id FROM month)
)
SELECT m.problem_id, m.ext_id, m.title, m.opened_at, m.severity_label, m.ttr_s
FROM month m
WHERE m.problem_id IN (SELECT problem_id FROM recurring)
ORDER BY m.problem_id, m.opened_at, m.ext_id, m.incident_id;
