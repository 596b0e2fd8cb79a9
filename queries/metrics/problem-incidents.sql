-- problem-incidents: the period's incidents of the problems problems.sql
-- lists (the first --top of each group), the first :per_problem of each by opened time.
-- Parameters: :start, :end (epoch seconds, end exclusive); :problem_ids (a
-- JSON array of problem ids); :per_problem (incidents listed per problem, -1
-- for all: a report lists 50, `recur metrics --format json` all; the
-- problem's month_count says how many there are). metrics.c binds it from
-- recur_metrics_opts.list_max; :by_period (1 when the period has fewer
-- incidents than the listed problems have links, 0 otherwise).
-- Order: problem id, then opened_at, ext_id (metrics.c groups the rows under
-- their problems, by _problem_id). ttr_min is NULL when missing or negative; maintenance, tests
-- and game days are left out (review-scope.sql).
WITH links AS (
  -- read whichever way is shorter: the listed problems' links (all time),
  -- or the period's incidents (the opened_at index) to their links; the
  -- listed problems are the biggest, so in a long history the period is
  -- shorter, in one busy month their links are (metrics.c sets :by_period)
  SELECT l.problem_id, i.id AS incident_id, i.ext_id, i.title, i.opened_at,
         i.severity_label, i.ttr_s
  FROM problem_links l JOIN review_incidents i ON i.id = l.incident_id
  WHERE NOT :by_period AND l.problem_id IN (SELECT value FROM json_each(:problem_ids))
    AND i.opened_at >= :start AND i.opened_at < :end
  UNION ALL
  SELECT l.problem_id, i.id, i.ext_id, i.title, i.opened_at, i.severity_label, i.ttr_s
  FROM review_incidents i CROSS JOIN problem_links l ON l.incident_id = i.id
  WHERE :by_period AND l.problem_id IN (SELECT value FROM json_each(:problem_ids))
    AND i.opened_at >= :start AND i.opened_at < :end
),
month AS (
  SELECT *, row_number() OVER (PARTITION BY problem_id
                               ORDER BY opened_at, ext_id, incident_id) AS n
  FROM links
)
SELECT problem_id AS _problem_id, ext_id, title, local_stamp(opened_at) AS opened,
       severity_label, minutes(ttr_s) AS ttr_min
FROM month
WHERE :per_problem < 0 OR n <= :per_problem
ORDER BY problem_id, opened_at, ext_id, incident_id;
