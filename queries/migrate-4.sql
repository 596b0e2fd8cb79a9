-- recur database schema, version 4: problem records that last.
--
-- link_rules holds the rules file the database was last linked with (its
-- text, where it came from, its SHA-256 and when it was stored), so that a
-- `recur link` or `recur review` without --rules links with the same rules
-- instead of dropping every rule problem; --rules FILE replaces it and
-- --no-rules deletes it, naming the problems that lose their rule.
--
-- problems.retired_at: when the last link found no incident for a problem
-- that carries something a person wrote (it came from a rule, or has a
-- status, root cause or workaround). Such a problem is kept, with
-- incident_count 0, and comes back under its id when incidents match it
-- again; NULL for problems with incidents.
--
-- method 'similar': problems of near-duplicate titles no template grouped
-- (link_similar.c). A CHECK constraint cannot be altered in place, so
-- problems and problem_links are copied into tables with the new one (the
-- migration runs with foreign keys off and checks them before committing).
CREATE TABLE link_rules (
  id        INTEGER PRIMARY KEY CHECK (id = 1),  -- one set of rules per database
  path      TEXT NOT NULL,                       -- the file as given to --rules
  sha256    TEXT NOT NULL,                       -- of content
  content   TEXT NOT NULL,                       -- the rules file's text
  stored_at INTEGER NOT NULL                     -- epoch seconds
);

-- sources.title_kind: what `recur link` found the file's titles to be:
-- 'codes' (a pick list such as "Symptom 72": no signatures, the review shows
-- categories), 'people' (written by people: grouped by similar wording) or
-- NULL (mined into templates). Rules in src/link_titles.c and src/link.c.
ALTER TABLE sources ADD COLUMN title_kind TEXT;

CREATE TABLE problems_v3 (
  id             TEXT PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  title          TEXT,
  template       TEXT,
  service        TEXT,
  method         TEXT NOT NULL CHECK (method IN ('rule', 'signature', 'source', 'similar')),
  status         TEXT,
  root_cause     TEXT,
  workaround     TEXT,
  first_seen     INTEGER,
  last_seen      INTEGER,
  incident_count INTEGER NOT NULL DEFAULT 0,
  impact_minutes REAL,
  updated_at     INTEGER,
  recurring      INTEGER NOT NULL DEFAULT 0,
  retired_at     INTEGER
);
INSERT INTO problems_v3 (id, key, title, template, service, method, status, root_cause,
                         workaround, first_seen, last_seen, incident_count, impact_minutes,
                         updated_at, recurring)
  SELECT id, key, title, template, service, method, status, root_cause, workaround, first_seen,
         last_seen, incident_count, impact_minutes, updated_at, recurring
  FROM problems;
DROP TABLE problems;
ALTER TABLE problems_v3 RENAME TO problems;

CREATE TABLE problem_links_v3 (
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  method      TEXT NOT NULL CHECK (method IN ('rule', 'signature', 'source', 'similar')),
  score       REAL,
  reason      TEXT,
  PRIMARY KEY (problem_id, incident_id)
);
INSERT INTO problem_links_v3 (problem_id, incident_id, method, score, reason)
  SELECT problem_id, incident_id, method, score, reason FROM problem_links;
DROP TABLE problem_links;
ALTER TABLE problem_links_v3 RENAME TO problem_links;
CREATE INDEX problem_links_incident ON problem_links(incident_id, problem_id);
