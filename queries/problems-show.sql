-- problems-show: one problem record for `recur problems show`.
-- Parameters: :id. Times as 'YYYY-MM-DD HH:MM' UTC; impact in minutes.
SELECT
  id,
  title,
  key,
  method,
  service,
  status,
  root_cause,
  workaround,
  template,
  strftime('%Y-%m-%d %H:%M', first_seen, 'unixepoch') AS first_seen,
  strftime('%Y-%m-%d %H:%M', last_seen, 'unixepoch') AS last_seen,
  incident_count AS incidents,
  CASE recurring WHEN 1 THEN 'yes' ELSE 'no' END AS recurring,
  date(retired_at, 'unixepoch') AS retired,   -- no incident links to it since then
  round(impact_minutes, 1) AS impact_min
FROM problems
WHERE id = :id;
