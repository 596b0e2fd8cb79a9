-- recur similar, stage 1: :m candidates after the best :skip by a first score read
-- from the index alone (recur_similar_rough, registered by src/similar.c:
-- BM25F of the matching terms, each field at its mean length). :match is
-- an FTS5 expression of the query's rarest terms, :q the query.
SELECT rowid
FROM incidents_fts
WHERE incidents_fts MATCH :match
ORDER BY recur_similar_rough(incidents_fts, :q) DESC, rowid DESC
LIMIT :m OFFSET :skip;
