-- recur similar: the incidents most like one query, best first.
-- src/similar.c binds :q (the query, for recur_similar_score, the FTS5
-- function it registers: BM25F over title and description with the
-- service and recency boosts), :match (an FTS5 expression of the query's
-- rarest terms: the candidates), :self (the query incident, never its own
-- answer), :any (1: later incidents too), :before (the query's time) and
-- :top. Columns are read by position: id, ext_id, opened_at, title,
-- service, description, score, problem.
SELECT s.id, s.ext_id, s.opened_at, s.title, s.service, s.description, s.score,
       (SELECT min(pl.problem_id) FROM problem_links pl WHERE pl.incident_id = s.id) AS problem
FROM (SELECT i.id, i.ext_id, i.opened_at, i.title, i.service, i.description,
             recur_similar_score(incidents_fts, :q, i.service, i.component, i.opened_at) AS score
      FROM incidents_fts JOIN incidents i ON i.id = incidents_fts.rowid
      WHERE incidents_fts MATCH :match
        AND i.id IS NOT :self
        AND (:any OR i.opened_at < :before)
      ORDER BY score DESC, i.opened_at DESC, i.id DESC
      LIMIT :top) s
ORDER BY s.score DESC, s.opened_at DESC, s.id DESC;
