-- recur database schema, version 5: the similarity index behind
-- `recur similar` ("has this happened before?").
--
-- incidents_fts is an FTS5 index over the incidents' title and description,
-- with the incidents table as its content (no second copy of the text).
-- Tokenizer: SQLite's built-in porter over unicode61 (so sqlite3 alone can
-- read and update the database): case and diacritics folded, English
-- endings stemmed (timeouts = timeout), '_' and '-' kept inside words so
-- identifiers stay whole: ERR_CONNECTION_RESET, db-07, gw-02 (a '.' still
-- splits: "v2.3.1" is v2 3 1, and "facebook.com" still matches "Facebook";
-- measured in tests/bench/similar.sh). detail=column, columnsize=0: no
-- word positions nor per-row sizes are stored (recur scores rows itself,
-- src/similar.c), only in which field each word occurs, which ranks the
-- candidates from the index alone; that keeps the index about half the
-- cost of FTS5's default.
--
-- Kept up to date incrementally: incidents with id up to
-- similar_index.indexed_max are in the index; each search (`recur
-- similar`, `problems show`, `report --incident`) first adds the newer
-- ones (recur_similar_sync), as `recur import` does with
-- RECUR_SIMILAR_SYNC=1.
-- The triggers keep indexed rows right whoever changes them, sqlite3
-- included: a changed title or description is taken out with its old text
-- and put back with the new; a deleted incident is taken out.
-- Applies on top of version 4.
CREATE VIRTUAL TABLE IF NOT EXISTS incidents_fts USING fts5(
  title, description,
  content = 'incidents', content_rowid = 'id',
  tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_-'",
  detail = column, columnsize = 0
);

CREATE TABLE IF NOT EXISTS similar_index (
  indexed_max INTEGER NOT NULL              -- incidents with id <= this are in incidents_fts
);
DELETE FROM similar_index;
INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild');
INSERT INTO similar_index (indexed_max) SELECT coalesce(max(id), 0) FROM incidents;

CREATE TRIGGER IF NOT EXISTS incidents_fts_update
AFTER UPDATE OF title, description ON incidents
WHEN old.id <= (SELECT indexed_max FROM similar_index)
 AND (old.title IS NOT new.title OR old.description IS NOT new.description)
BEGIN
  INSERT INTO incidents_fts (incidents_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO incidents_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TRIGGER IF NOT EXISTS incidents_fts_delete
AFTER DELETE ON incidents
WHEN old.id <= (SELECT indexed_max FROM similar_index)
BEGIN
  INSERT INTO incidents_fts (incidents_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  -- SQLite gives the next incident max(id) + 1: never an id the sync skips
  UPDATE similar_index SET indexed_max = (SELECT coalesce(max(id), 0) FROM incidents)
    WHERE indexed_max > (SELECT coalesce(max(id), 0) FROM incidents);
END;
