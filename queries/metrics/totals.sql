-- totals: incident counts of the month and the previous month, one row.
-- Parameters: :start, :end (the month, epoch seconds, end exclusive),
-- :prev_start, :prev_end (the previous month), :min_incidents (a problem with
-- at least this many links overall is recurring).
-- "linked" counts the month's incidents linked to a recurring problem (each
-- incident once, however many problems it belongs to): the numerator of the
-- repeat-incident rate. One range scan over the two months on incidents_opened;
-- the EXISTS probe is per incident of those two months only.
WITH recurring AS (
  SELECT problem_id
  FROM problem_links
  GROUP BY problem_id
  HAVING count(*) >= :min_incidents
),
span AS (
  SELECT
    opened_at >= :start AND opened_at < :end AS cur,
    opened_at >= :prev_start AND opened_at < :prev_end AS prev,
    severity,
    EXISTS (SELECT 1 FROM problem_links l JOIN recurring r ON r.problem_id = l.problem_id
            WHERE l.incident_id = i.id) AS linked
  FROM incidents i
  WHERE opened_at >= min(:start, :prev_start) AND opened_at < max(:end, :prev_end)
)
SELECT
  coalesce(sum(cur), 0)                              AS incidents,
  coalesce(sum(prev), 0)                             AS prev_incidents,
  coalesce(sum(cur AND severity <= 2), 0)            AS sev12,
  coalesce(sum(prev AND severity <= 2), 0)           AS prev_sev12,
  coalesce(sum(cur AND linked), 0)                   AS linked,
  coalesce(sum(prev AND linked), 0)                  AS prev_linked,
  (SELECT count(*) FROM incidents)                   AS all_incidents
FROM span
ORDER BY 1;
