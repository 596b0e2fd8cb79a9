-- problems: recurring problems with at least one incident in the period.
-- Parameters: :start, :end (epoch seconds, end exclusive), :top (rows to
-- return). Recurring is what `recur link` decided (problems.recurring).
-- grp sorts each problem into one of three groups:
--   resolved  the problem record says resolved (or closed, fixed, done), yet
--             it had incidents in the period: resolved but recurring
--   new       its first incident was opened in the period
--   ongoing   the rest: known before the period, still open
-- Order: group (new, ongoing, resolved), then month_count desc, total_count
-- desc, id. impact_s is the sum of the period's valid times to resolve of
-- the problem's incidents, in seconds. recurring_in_month counts every such
-- problem before the LIMIT, and new_in_month, ongoing_in_month and
-- resolved_in_month each group. reasons lists why incidents were linked.
WITH month AS (
  SELECT l.problem_id,
         count(*) AS month_count,
         sum(i.ttr_s) AS impact_s
  FROM review_incidents i JOIN problem_links l ON l.incident_id = i.id
  WHERE i.opened_at >= :start AND i.opened_at < :end
  GROUP BY l.problem_id
),
totals AS (
  SELECT problem_id, count(*) AS total_count
  FROM problem_links
  WHERE problem_id IN (SELECT problem_id FROM month)
    AND problem_id IN (SELECT id FROM problems WHERE recurring = 1)
  GROUP BY problem_id
),
grouped AS (
  SELECT
    p.id, p.title, p.service, p.method, p.status, p.root_cause, p.workaround,
    m.month_count, t.total_count, p.first_seen, p.last_seen, m.impact_s,
    p.impact_minutes AS total_impact_minutes,
    CASE
      WHEN lower(coalesce(p.status, '')) IN ('resolved', 'closed', 'fixed', 'done') THEN 'resolved'
      WHEN p.first_seen >= :start THEN 'new'
      ELSE 'ongoing'
    END AS grp
  FROM month m
  JOIN totals t ON t.problem_id = m.problem_id
  JOIN problems p ON p.id = m.problem_id
)
SELECT
  g.*,
  (SELECT group_concat(reason, '; ') FROM (
     SELECT DISTINCT reason FROM problem_links WHERE problem_id = g.id AND reason IS NOT NULL
     ORDER BY reason LIMIT 5)) AS reasons,
  count(*) OVER ()                      AS recurring_in_month,
  sum(grp = 'new') OVER ()              AS new_in_month,
  sum(grp = 'ongoing') OVER ()          AS ongoing_in_month,
  sum(grp = 'resolved') OVER ()         AS resolved_in_month
FROM grouped g
ORDER BY CASE grp WHEN 'new' THEN 0 WHEN 'ongoing' THEN 1 ELSE 2 END,
         month_count DESC, total_count DESC, id
LIMIT :top;
