-- totals: incident counts of the period, the previous period and the same
-- period a year earlier, one row.
-- Parameters: :start, :end (the period, epoch seconds, end exclusive),
-- :prev_start, :prev_end, :ly_start, :ly_end. A problem is recurring when
-- `recur link` marked it so (problems.recurring: --min-incidents, --window).
-- Reads review_incidents (review-scope.sql): maintenance, tests and game days
-- are not counted here; "excluded" counts them. "linked" counts the period's
-- incidents linked to a recurring problem (each incident once): the numerator
-- of the repeat-incident rate. _first_opened_at (the oldest incident) tells
-- whether the data reaches back to the year-earlier period at all (a
-- leading "_": read by recur, not shown).
WITH recurring_reasons AS MATERIALIZED (
  -- the link reasons (each why stored once: problem_link_reasons,
  -- migrate-6.sql) of the recurring problems, as one in-memory set: an
  -- incident's links are then looked up once each, not followed through
  -- their reason to the problem record (a third of the time on a month of
  -- a million incidents)
  SELECT x.id FROM problem_link_reasons x JOIN problems p ON p.id = x.problem_id
  WHERE p.recurring = 1
),
span AS MATERIALIZED (
  SELECT
    opened_at >= :start AND opened_at < :end AS cur,
    opened_at >= :prev_start AND opened_at < :prev_end AS prev,
    opened_at >= :ly_start AND opened_at < :ly_end AS ly,
    severity,
    -- the + keeps SQLite from walking the whole set for each incident
    EXISTS (SELECT 1 FROM problem_link_rows l
            WHERE l.incident_id = i.id AND +l.reason_id IN recurring_reasons) AS linked
  FROM review_incidents i
  WHERE (opened_at >= :start AND opened_at < :end)
     OR (opened_at >= :prev_start AND opened_at < :prev_end)
     OR (opened_at >= :ly_start AND opened_at < :ly_end)
),
excluded AS (
  SELECT
    coalesce(sum(opened_at >= :start AND opened_at < :end), 0) AS cur,
    coalesce(sum(opened_at >= :prev_start AND opened_at < :prev_end), 0) AS prev
  FROM review_excluded
  WHERE opened_at >= :prev_start AND opened_at < :end
)
SELECT
  coalesce(sum(cur), 0)                              AS incidents,
  coalesce(sum(prev), 0)                             AS prev_incidents,
  coalesce(sum(ly), 0)                               AS ly_incidents,
  coalesce(sum(cur AND severity <= 2), 0)            AS sev12,
  coalesce(sum(prev AND severity <= 2), 0)           AS prev_sev12,
  coalesce(sum(ly AND severity <= 2), 0)             AS ly_sev12,
  coalesce(sum(cur AND linked), 0)                   AS linked,
  coalesce(sum(prev AND linked), 0)                  AS prev_linked,
  coalesce(sum(ly AND linked), 0)                    AS ly_linked,
  (SELECT cur FROM excluded)                         AS excluded,
  (SELECT prev FROM excluded)                        AS prev_excluded,
  (SELECT count(*) FROM incidents)                   AS all_incidents,
  (SELECT min(opened_at) FROM incidents)             AS _first_opened_at
FROM span
ORDER BY 1;
