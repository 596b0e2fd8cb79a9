-- problems-list: problem records for `recur problems`.
-- Parameters: :min (only problems with at least this many incidents; 0 = all;
-- -1 = the problems the last `recur link` found recurring),
-- :sort ('count', 'impact' or 'recent').
-- Order: the sort key descending (count: incidents, then impact; impact:
-- impact minutes, unknown last, then incidents; recent: last seen, then
-- incidents), then id, so the output is the same on every run.
SELECT
  id,
  incident_count AS incidents,
  round(impact_minutes, 1) AS impact_min,
  date(first_seen, 'unixepoch') AS first_seen,
  date(last_seen, 'unixepoch') AS last_seen,
  method,
  -- a problem no incident links to any more, kept for what was recorded in it
  CASE WHEN retired_at IS NULL THEN status
       ELSE trim(coalesce(status, '') || ' (retired ' || date(retired_at, 'unixepoch') || ')')
  END AS status,
  title
FROM problems
WHERE CASE WHEN :min < 0 THEN recurring = 1 ELSE incident_count >= :min END
ORDER BY
  CASE :sort
    WHEN 'impact' THEN coalesce(impact_minutes, -1)
    WHEN 'recent' THEN coalesce(last_seen, -1)
    ELSE incident_count
  END DESC,
  incident_count DESC,
  coalesce(impact_minutes, -1) DESC,
  id;
