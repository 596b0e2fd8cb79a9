-- recur similar, stage 1: :m candidates after the best :skip by a first
-- score read from the index alone (recur_similar_rough, registered by
-- src/similar.c: BM25F of the matching terms, each field at its mean
-- length). :match is an FTS5 expression of the query's rarest terms, :q
-- the query;
-- recur_similar_keep drops the incidents after the query when the search
-- holds the earlier ones as a set (a query early in a long history).
-- Between equal first scores, ids below :below come first, nearest first:
-- ids grow in import order, which mostly follows time, so these are
-- likely the earlier incidents, which stage 2 keeps.
SELECT rowid
FROM incidents_fts
WHERE incidents_fts MATCH :match
  AND recur_similar_keep(:q, rowid)
ORDER BY recur_similar_rough(incidents_fts, :q) DESC, rowid < :below DESC, rowid DESC
LIMIT :m OFFSET :skip;
