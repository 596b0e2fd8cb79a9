-- problems-incidents: the incidents linked to one problem, and why.
-- Parameters: :id. Order: opened, then ext_id. Times 'YYYY-MM-DD HH:MM' UTC.
SELECT
  i.ext_id,
  strftime('%Y-%m-%d %H:%M', i.opened_at, 'unixepoch') AS opened,
  coalesce(i.severity_label, 'SEV' || i.severity) AS severity,
  i.title,
  l.reason AS why_linked
FROM problem_links l
JOIN incidents i ON i.id = l.incident_id
WHERE l.problem_id = :id
ORDER BY i.opened_at, i.ext_id, i.id;
