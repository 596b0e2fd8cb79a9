-- by-service: the period's top services by incident count and by impact.
-- Parameters: :start, :end, :prev_start, :prev_end (epoch seconds, end
-- exclusive), :top (rows in each top list).
-- A NULL service is shown as "(none)". impact_minutes is the sum and
-- ttr_median_min the median of the period's valid times to resolve, in
-- minutes. _rank_count orders by count desc then name, _rank_impact by impact
-- desc then name (a leading "_": read by recur, not shown); a row is returned
-- when it is in either top list. Services with no incident in the period are
-- left out.
WITH s AS (
  SELECT
    coalesce(service, '(none)')                                        AS service,
    sum(opened_at >= :start AND opened_at < :end)                      AS count,
    sum(opened_at >= :prev_start AND opened_at < :prev_end)            AS prev_count,
    sum(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END) AS impact_s,
    median(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END) AS ttr_median_s,
    sum(opened_at >= :start AND opened_at < :end AND severity <= 2)    AS sev12
  FROM review_incidents
  WHERE (opened_at >= :start AND opened_at < :end)
     OR (opened_at >= :prev_start AND opened_at < :prev_end)
  GROUP BY coalesce(service, '(none)')
  HAVING count > 0
),
ranked AS (
  SELECT s.*,
         row_number() OVER (ORDER BY count DESC, service) AS rank_count,
         row_number() OVER (ORDER BY coalesce(impact_s, 0) DESC, service) AS rank_impact
  FROM s
)
SELECT service, count, prev_count, sev12, minutes(impact_s) AS impact_minutes,
       minutes(ttr_median_s) AS ttr_median_min,
       rank_count AS _rank_count, rank_impact AS _rank_impact
FROM ranked
WHERE rank_count <= :top OR rank_impact <= :top
ORDER BY rank_count;
