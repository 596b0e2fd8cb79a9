-- by-service: the month's top services by incident count.
-- Parameters: :start, :end, :prev_start, :prev_end (epoch seconds, end
-- exclusive), :top (rows to return).
-- A NULL service is shown as "(none)". impact_s is the sum and ttr_median_s
-- the median of the month's valid (non-negative) times to resolve, in seconds;
-- metrics.c turns seconds into rounded minutes. Services with no incident in
-- the month are left out. Order: count desc, then name.
SELECT
  coalesce(service, '(none)')                                        AS service,
  sum(opened_at >= :start AND opened_at < :end)                      AS count,
  sum(opened_at >= :prev_start AND opened_at < :prev_end)            AS prev_count,
  sum(CASE WHEN opened_at >= :start AND opened_at < :end AND resolved_at >= opened_at
           THEN resolved_at - opened_at END)                         AS impact_s,
  median(CASE WHEN opened_at >= :start AND opened_at < :end AND resolved_at >= opened_at
              THEN resolved_at - opened_at END)                      AS ttr_median_s
FROM incidents
WHERE opened_at >= min(:start, :prev_start) AND opened_at < max(:end, :prev_end)
GROUP BY coalesce(service, '(none)')
HAVING count > 0
ORDER BY count DESC, service
LIMIT :top;
