-- problems: recurring problems with at least one incident in the month.
-- Parameters: :start, :end (epoch seconds, end exclusive), :min_incidents (a
-- problem is recurring at this many links overall), :top (rows to return).
-- Order: month_count desc, total_count desc, id. impact_s is the sum of the
-- month's valid (non-negative) times to resolve of the problem's incidents, in
-- seconds. recurring_in_month counts every such problem, before the LIMIT.
-- Only problems linked from this month are counted overall, so the scan of
-- problem_links is a few index probes, not the whole table.
WITH month AS (
  SELECT l.problem_id,
         count(*) AS month_count,
         sum(CASE WHEN i.resolved_at >= i.opened_at THEN i.resolved_at - i.opened_at END)
           AS impact_s
  FROM incidents i JOIN problem_links l ON l.incident_id = i.id
  WHERE i.opened_at >= :start AND i.opened_at < :end
  GROUP BY l.problem_id
),
totals AS (
  SELECT problem_id, count(*) AS total_count
  FROM problem_links
  WHERE problem_id IN (SELECT problem_id FROM month)
  GROUP BY problem_id
  HAVING count(*) >= :min_incidents
)
SELECT
  p.id, p.title, p.service, p.method, p.status, p.root_cause, p.workaround,
  m.month_count, t.total_count, p.first_seen, p.last_seen, m.impact_s,
  p.impact_minutes AS total_impact_minutes,
  count(*) OVER () AS recurring_in_month
FROM month m
JOIN totals t ON t.problem_id = m.problem_id
JOIN problems p ON p.id = m.problem_id
ORDER BY m.month_count DESC, t.total_count DESC, p.id
LIMIT :top;
