-- problems: every recurring problem with at least one incident in the
-- period, ranked; with :every set (the workbook's Problems sheet), every
-- problem with one, the recurring ones first. Parameters: :start, :end
-- (epoch seconds, end exclusive); :top (the problems listed per group);
-- :listed (the rows: the first :listed of each group, or every one when
-- negative); :every (1 or 0). Recurring is what `recur link` decided
-- (problems.recurring); recurring? says it per problem.
--
-- The ranking (the one order of problems everywhere: the terminal's top:
-- line, the review's lists, `recur metrics`, the workbook's Problems sheet):
--   0. recurring first   (only with :every: the others after them)
--   1. month_count desc  the period's incidents linked to the problem
--   2. impact_s desc     the sum of those incidents' valid times to resolve,
--                        in seconds (none counts as 0)
--   3. id                a stable tiebreak
-- rank is the place in it (1, 2, …); group_rank the place within the
-- problem's group, so each group lists its problems biggest first whatever
-- the other groups hold. Rows come in rank order: the review data holds the
-- listed ones (group_rank <= --top; all for `recur metrics --format json`),
-- the workbook streams every one (metrics_stream.c), so a month of 30,000
-- problems is never held.
-- group sorts each problem into one of three groups:
--   resolved  the problem record says resolved (or closed, fixed, done), yet
--             it had incidents in the period: resolved but recurring
--   new       its first incident was opened in the period
--   ongoing   the rest: known before the period, still open
-- _recurring_in_month counts every recurring problem, and _new_in_month,
-- _ongoing_in_month and _resolved_in_month each group (a leading "_": read
-- by recur, not shown). impact_minutes is impact_s in minutes,
-- total_impact_minutes the problem's all-time figure. reasons lists why
-- incidents were linked, for the listed problems only (group_rank <= :top):
-- reading every problem's links for it would cost a second a million.
WITH by_reason AS (
  -- the period's links counted per reason (each why stored once:
  -- problem_link_reasons, migrate-6.sql), then per problem below: the
  -- reason of a link is in its row, its problem one lookup further, so a
  -- month of a million linked incidents makes 52,000 lookups, not a million
  SELECT l.reason_id, count(*) AS n, sum(i.ttr_s) AS impact_s
  FROM review_incidents i JOIN problem_link_rows l ON l.incident_id = i.id
  WHERE i.opened_at >= :start AND i.opened_at < :end
  GROUP BY l.reason_id
),
month AS (
  SELECT x.problem_id,
         sum(r.n) AS month_count,
         sum(r.impact_s) AS impact_s
  FROM by_reason r JOIN problem_link_reasons x ON x.id = r.reason_id
  GROUP BY x.problem_id
),
totals AS (
  SELECT problem_id, count(*) AS total_count
  FROM problem_links
  WHERE problem_id IN (SELECT problem_id FROM month)
    AND (:every OR problem_id IN (SELECT id FROM problems WHERE recurring = 1))
  GROUP BY problem_id
),
grouped AS (
  SELECT
    p.id, p.title, p.service, p.method, p.status, p.root_cause, p.workaround,
    m.month_count, t.total_count, p.first_seen, p.last_seen, m.impact_s,
    p.impact_minutes AS total_impact_minutes, coalesce(p.recurring = 1, 0) AS recurring,
    CASE
      WHEN lower(coalesce(p.status, '')) IN ('resolved', 'closed', 'fixed', 'done') THEN 'resolved'
      WHEN p.first_seen >= :start THEN 'new'
      ELSE 'ongoing'
    END AS grp,
    row_number() OVER (ORDER BY coalesce(p.recurring = 1, 0) DESC, m.month_count DESC,
                       coalesce(m.impact_s, 0) DESC, p.id) AS rank
  FROM month m
  JOIN totals t ON t.problem_id = m.problem_id
  JOIN problems p ON p.id = m.problem_id
),
ranked AS (
  SELECT g.*,
         row_number() OVER (PARTITION BY grp ORDER BY rank) AS group_rank,
         sum(recurring) OVER ()                       AS recurring_in_month,
         sum(recurring AND grp = 'new') OVER ()       AS new_in_month,
         sum(recurring AND grp = 'ongoing') OVER ()   AS ongoing_in_month,
         sum(recurring AND grp = 'resolved') OVER ()  AS resolved_in_month
  FROM grouped g
)
SELECT
  r.id, r.title, r.service, r.method, r.status, r.grp AS "group", r.root_cause, r.workaround,
  CASE WHEN group_rank <= :top THEN (SELECT group_concat(reason, '; ') FROM (
     -- each distinct why is stored once (problem_link_reasons, migrate-6.sql):
     -- read there, not through the problem_links view's every link
     SELECT DISTINCT x.reason FROM problem_link_reasons x
     WHERE x.problem_id = r.id AND x.reason IS NOT NULL
       AND EXISTS (SELECT 1 FROM problem_link_rows k WHERE k.reason_id = x.id)
     ORDER BY x.reason LIMIT 5)) END AS reasons,
  r.month_count, r.total_count, r.recurring AS "recurring?",
  local_date(r.first_seen) AS first_seen,
  local_date(r.last_seen) AS last_seen, minutes(r.impact_s) AS impact_minutes,
  round1(r.total_impact_minutes) AS total_impact_minutes, r.rank, r.group_rank,
  r.recurring_in_month AS _recurring_in_month, r.new_in_month AS _new_in_month,
  r.ongoing_in_month AS _ongoing_in_month, r.resolved_in_month AS _resolved_in_month
FROM ranked r
WHERE :listed < 0 OR group_rank <= :listed
ORDER BY rank;
