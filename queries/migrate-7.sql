-- recur database schema, version 7: figures of months kept for reuse.
--
-- A review's trend reads twelve months, eleven of them usually closed and
-- unchanged since the last review. metrics_months.c keeps each month's row
-- of such a query here and reuses it while the month's incidents are the
-- same: the same count and the same latest source_id (every import that
-- inserts or changes an incident sets it to the import's sources.id, which
-- only grows), and no postmortem imported since (a postmortem fills empty
-- fields without setting source_id). Anything else recomputes the month.
--
--   month_figures       one row per (query, month): what the month held
--                       when its figures were computed
--   month_figure_cells  the figures, one row per column, each value as the
--                       query returned it (no type affinity: exact)
--
-- query is the SHA-256 of everything that decides the figures: the query's
-- text, the review scope and exclusion rules (queries/review-scope.sql,
-- queries/exclusions.sql, as the share folder has them), recur's version
-- and the review's time zone. start and end are the month's bounds.
-- Both tables are a cache: deleting their rows only costs time.
-- Applies on top of version 6.
CREATE TABLE IF NOT EXISTS month_figures (
  query        TEXT NOT NULL,
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  incidents    INTEGER NOT NULL,   -- incidents opened in the month, then
  last_source  INTEGER,            -- their latest source_id, then
  sources_seen INTEGER NOT NULL,   -- max(sources.id), then
  computed_at  INTEGER NOT NULL,
  PRIMARY KEY (query, start, end)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS month_figure_cells (
  query  TEXT NOT NULL,
  start  INTEGER NOT NULL,
  end    INTEGER NOT NULL,
  col    INTEGER NOT NULL,         -- the column's position in the query's result
  name   TEXT NOT NULL,
  value,
  PRIMARY KEY (query, start, end, col)
) WITHOUT ROWID;
