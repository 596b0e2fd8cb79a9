-- recur database schema, version 1 (PRAGMA user_version = 1).
--
-- This database is a public interface: analysts query it with sqlite3, so it
-- changes only by migration (queries/migrate-N.sql), never by editing this file
-- in place once released. Times are INTEGER seconds since the Unix epoch, UTC.

-- One row per imported file.
CREATE TABLE sources (
  id            INTEGER PRIMARY KEY,
  path          TEXT NOT NULL,             -- as given on the command line
  format        TEXT NOT NULL,             -- detected or forced format name
  sha256        TEXT NOT NULL,             -- of the file's bytes; same hash = same file
  imported_at   INTEGER NOT NULL,
  rows_read     INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0, -- values that could not be parsed (kept NULL)
  date_order    TEXT                       -- 'dmy', 'mdy' or NULL when no ambiguous dates
  -- version 3 (migrate-3.sql) adds the span of history the file holds, NULL for
  -- a postmortem (DESIGN.md, "Coverage"; queries/metrics/coverage.sql reads them):
  --   first_opened_at INTEGER,  -- the file's earliest opening
  --   last_opened_at  INTEGER,  -- its latest opening
  --   exported_at     INTEGER   -- the export time: its latest timestamp of any kind
);
CREATE INDEX sources_sha256 ON sources(sha256);

-- One row per incident; (source_system, ext_id) identifies it across imports.
CREATE TABLE incidents (
  id              INTEGER PRIMARY KEY,
  source_id       INTEGER REFERENCES sources(id),  -- the import that last changed it
  source_system   TEXT NOT NULL,            -- 'generic', 'servicenow', 'pagerduty', …
  ext_id          TEXT NOT NULL,            -- the id in the source system (INC0012345)
  title           TEXT,
  description     TEXT,
  service         TEXT,
  component       TEXT,
  team            TEXT,
  category        TEXT,
  kind            TEXT,                     -- incident type: incident, maintenance, test, …
  severity        INTEGER CHECK (severity BETWEEN 1 AND 5), -- 1 = worst
  severity_label  TEXT,                     -- the label as exported (SEV1, 1 - Critical)
  priority_label  TEXT,
  status          TEXT,
  opened_at       INTEGER,
  started_at      INTEGER,
  detected_at     INTEGER,
  acknowledged_at INTEGER,
  mitigated_at    INTEGER,
  resolved_at     INTEGER,
  closed_at       INTEGER,
  updated_at      INTEGER,                  -- last update in the source system
  reassignments   INTEGER,
  reopens         INTEGER,
  root_cause      TEXT,
  resolution      TEXT,
  url             TEXT,
  problem_ref     TEXT,                     -- a problem id carried by the export (PRB0040001)
  extra           TEXT,                     -- JSON object of exported fields with no column
  UNIQUE (source_system, ext_id)
);
CREATE INDEX incidents_opened ON incidents(opened_at);

-- The timeline: status changes, updates, postmortem timeline entries.
CREATE TABLE incident_events (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  at          INTEGER,
  kind        TEXT NOT NULL,                -- 'status', 'update', 'timeline', …
  old_value   TEXT,
  new_value   TEXT,
  actor       TEXT,
  source_id   INTEGER REFERENCES sources(id), -- the import that wrote it, when known (a postmortem's
                                            -- events are replaced when an edited document is imported)
  UNIQUE (incident_id, at, kind, new_value)
);

-- Values an import could not parse: kept as NULL in incidents, listed here.
CREATE TABLE import_rejects (
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line      INTEGER,                        -- line of the record in the file
  field     TEXT NOT NULL,                  -- incidents column
  value     TEXT,                           -- the text that was rejected
  reason    TEXT
);

-- Problem records: groups of incidents with one underlying cause.
CREATE TABLE problems (
  id             TEXT PRIMARY KEY,          -- 'PRB-' + 8 hex digits derived from key: stable
  key            TEXT NOT NULL UNIQUE,      -- 'rule:NAME', 'sig:SERVICE:TEMPLATE' or 'source:REF'
  title          TEXT,
  template       TEXT,                      -- the signature template, for mined problems
  service        TEXT,
  method         TEXT NOT NULL CHECK (method IN ('rule', 'signature', 'source')),
  status         TEXT,                      -- investigating, known error, resolved
  root_cause     TEXT,
  workaround     TEXT,
  first_seen     INTEGER,
  last_seen      INTEGER,
  incident_count INTEGER NOT NULL DEFAULT 0,
  impact_minutes REAL,                      -- sum of the linked incidents' TTR
  updated_at     INTEGER,
  recurring      INTEGER NOT NULL DEFAULT 0 -- 1: at least N incidents within the window (recur link
                                            -- --min-incidents N --window DAYS; default 2, all history)
);

-- Which incidents belong to which problem, and why. Version 6
-- (migrate-6.sql) stores each distinct why once: problem_links becomes a
-- view with these columns over problem_link_rows(incident_id, reason_id)
-- and problem_link_reasons(id, problem_id, method, score, reason); queries
-- read (and may insert into) it as before. link_state records the last link.
CREATE TABLE problem_links (
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  method      TEXT NOT NULL CHECK (method IN ('rule', 'signature', 'source')),
  score       REAL,                         -- 1.0 for rules and source links
  reason      TEXT,                         -- rule key, or template and similarity
  PRIMARY KEY (problem_id, incident_id)
);
CREATE INDEX problem_links_incident ON problem_links(incident_id);

-- Action items from postmortems.
CREATE TABLE action_items (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  owner       TEXT,
  due_at      INTEGER,
  status      TEXT NOT NULL DEFAULT 'open', -- open, done
  kind        TEXT,                         -- the Type column of an SRE action table: mitigate, prevent, …
  ticket      TEXT,                         -- the Bug/Ticket column: 'Bug 5554823', 'JIRA-12'
  source_id   INTEGER REFERENCES sources(id), -- the import that wrote it (replaced on re-import)
  UNIQUE (incident_id, text)
);

-- Postmortem documents: one row per incident a document is about (main = 1)
-- or also names (main = 0: "SF-1175 (edge side: EDGE-427)"). Section texts
-- are the Markdown as written. Importing an edited document replaces the row.
CREATE TABLE postmortems (
  incident_id  INTEGER PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
  source_id    INTEGER REFERENCES sources(id),
  path         TEXT NOT NULL,               -- the document, as given on the command line
  main         INTEGER NOT NULL DEFAULT 1,
  ref          TEXT,                        -- the incident reference as written
  title        TEXT,
  date         INTEGER,                     -- the document's date (00:00 UTC)
  authors      TEXT,
  status       TEXT,                        -- of the document: Draft, Complete, …
  severity     TEXT,                        -- as written
  summary      TEXT,
  impact       TEXT,
  root_cause   TEXT,
  trigger      TEXT,
  contributing_factors TEXT,
  resolution   TEXT,
  detection    TEXT,
  lessons      TEXT
);
