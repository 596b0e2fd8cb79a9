-- recur database schema, version 3: problem records that last.
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
CREATE TABLE link_rules (
  id        INTEGER PRIMARY KEY CHECK (id = 1),  -- one set of rules per database
  path      TEXT NOT NULL,                       -- the file as given to --rules
  sha256    TEXT NOT NULL,                       -- of content
  content   TEXT NOT NULL,                       -- the rules file's text
  stored_at INTEGER NOT NULL                     -- epoch seconds
);
ALTER TABLE problems ADD COLUMN retired_at INTEGER;
