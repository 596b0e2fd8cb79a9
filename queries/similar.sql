-- recur similar, stage 2: the candidates (:ids, a JSON array of incident
-- ids from similar-candidates.sql) that may be answers: never the query
-- incident itself (:self), and only those opened before it (:before)
-- unless :any is 1. src/similar.c scores them exactly and sorts them.
-- Columns are read by position.
SELECT i.id, i.ext_id, i.opened_at, i.title, i.description, i.service, i.component,
       (SELECT min(pl.problem_id) FROM problem_links pl WHERE pl.incident_id = i.id) AS problem
FROM json_each(:ids) c
JOIN incidents i ON i.id = c.value
WHERE i.id IS NOT :self
  AND (:any OR i.opened_at < :before)
ORDER BY i.id;
