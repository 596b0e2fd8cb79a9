-- recur database schema, version 6: problem links stored once.
--
-- problem_links repeated its problem id, method, score and ~80 bytes of
-- reason text in every row (and the pair again in two indexes): at a
-- million links that was 170 MB, almost as much as the incidents. A link's
-- why is now stored once, in problem_link_reasons, and each link is one
-- small row, (incident_id, reason_id), in problem_link_rows:
--
--   problem_link_reasons(id, problem_id, method, score, reason)
--       one row per distinct why: a signature problem has one per score
--       (similarity to the template, 3 decimals), a rule one per matched
--       text; a million links need about 50,000
--   problem_link_rows(incident_id, reason_id)
--       one row per link
--
-- problem_links is now a view with the columns and rows of the table it
-- replaces, so queries and users' SQL read it as before. Inserting into and
-- deleting from the view work too (INSTEAD OF triggers); an incident is
-- still linked at most once to a problem. Applies on top of version 5.
-- The space the old table took stays in the file, free for new rows, until
-- `sqlite3 recur.db VACUUM` (a migration runs in a transaction; VACUUM
-- cannot).
CREATE TABLE problem_link_reasons (
  id          INTEGER PRIMARY KEY,
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  method      TEXT NOT NULL CHECK (method IN ('rule', 'signature', 'source', 'similar')),
  score       REAL,                         -- 1.0 for rules and source links
  reason      TEXT                          -- rule key, or template and similarity
);
CREATE INDEX problem_link_reasons_problem ON problem_link_reasons(problem_id);

CREATE TABLE problem_link_rows (
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  reason_id   INTEGER NOT NULL REFERENCES problem_link_reasons(id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, reason_id)
) WITHOUT ROWID;

INSERT INTO problem_link_reasons (problem_id, method, score, reason)
  SELECT DISTINCT problem_id, method, score, reason FROM problem_links
  ORDER BY problem_id, method, score, reason;
INSERT INTO problem_link_rows (incident_id, reason_id)
  SELECT l.incident_id, r.id
  FROM problem_links l JOIN problem_link_reasons r
    ON r.problem_id = l.problem_id AND r.method = l.method AND r.score IS l.score
   AND r.reason IS l.reason
  ORDER BY l.incident_id, r.id;
DROP TABLE problem_links;
CREATE INDEX problem_link_rows_reason ON problem_link_rows(reason_id);

CREATE VIEW problem_links (problem_id, incident_id, method, score, reason) AS
  SELECT r.problem_id, l.incident_id, r.method, r.score, r.reason
  FROM problem_link_rows l JOIN problem_link_reasons r ON r.id = l.reason_id;

CREATE TRIGGER problem_links_insert INSTEAD OF INSERT ON problem_links
BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: problem_links.problem_id, problem_links.incident_id')
  WHERE EXISTS (SELECT 1 FROM problem_links
                WHERE problem_id = NEW.problem_id AND incident_id = NEW.incident_id);
  INSERT INTO problem_link_reasons (problem_id, method, score, reason)
    SELECT NEW.problem_id, NEW.method, NEW.score, NEW.reason
    WHERE NOT EXISTS (SELECT 1 FROM problem_link_reasons
                      WHERE problem_id = NEW.problem_id AND method IS NEW.method
                        AND score IS NEW.score AND reason IS NEW.reason);
  INSERT INTO problem_link_rows (incident_id, reason_id)
    SELECT NEW.incident_id, min(id) FROM problem_link_reasons
    WHERE problem_id = NEW.problem_id AND method IS NEW.method AND score IS NEW.score
      AND reason IS NEW.reason;
END;

CREATE TRIGGER problem_links_delete INSTEAD OF DELETE ON problem_links
BEGIN
  DELETE FROM problem_link_rows
  WHERE incident_id = OLD.incident_id
    AND reason_id IN (SELECT id FROM problem_link_reasons WHERE problem_id = OLD.problem_id);
END;

-- link_state: what the last `recur link` ran on and with, so that a run
-- with nothing new returns at once with the figures of the last one. Any
-- import that changes something adds a sources row; a run is redone when
-- the sources, the incidents' count or largest id, or the settings differ
-- (`recur link --full` redoes it anyway: after editing incidents by hand).
CREATE TABLE link_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
  settings        TEXT NOT NULL,     -- recur's version, the rules' SHA-256 and path, --fields,
                                     -- --min-incidents, --window, --no-signatures
  sources_max     INTEGER NOT NULL,  -- max(sources.id) linked
  incidents_max   INTEGER NOT NULL,  -- max(incidents.id) linked
  incidents       INTEGER NOT NULL,  -- count of incidents linked
  linked_at       INTEGER NOT NULL,  -- epoch seconds
  linked          INTEGER NOT NULL,  -- the run's figures, as `recur link` printed them
  rule_links      INTEGER NOT NULL,
  signature_links INTEGER NOT NULL,
  similar_links   INTEGER NOT NULL,
  source_links    INTEGER NOT NULL,
  problems        INTEGER NOT NULL,
  recurring       INTEGER NOT NULL,
  code_sources    INTEGER NOT NULL,
  code_titles     TEXT NOT NULL,
  human_sources   INTEGER NOT NULL,
  human_titles    TEXT NOT NULL
);
