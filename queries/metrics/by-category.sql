-- by-category: the period's top categories by incident count, for reviews of
-- data whose titles are codes (sources.title_kind = 'codes': no problem is
-- found from such titles by signature, so the categories the reporters chose
-- stand in for problems). Parameters: :start, :end, :prev_start, :prev_end
-- (epoch seconds, end exclusive), :top. A NULL category is "(none)";
-- impact_minutes is the sum and ttr_median_min the median of the period's
-- valid times to resolve. Order: count desc, then impact desc, then name.
WITH c AS (
SELECT
  coalesce(category, '(none)')                                         AS category,
  sum(opened_at >= :start AND opened_at < :end)                        AS count,
  sum(opened_at >= :prev_start AND opened_at < :prev_end)              AS prev_count,
  sum(opened_at >= :start AND opened_at < :end AND severity <= 2)      AS sev12,
  sum(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END) AS impact_s,
  median(CASE WHEN opened_at >= :start AND opened_at < :end THEN ttr_s END) AS ttr_median_s
FROM review_incidents
WHERE (opened_at >= :start AND opened_at < :end)
   OR (opened_at >= :prev_start AND opened_at < :prev_end)
GROUP BY coalesce(category, '(none)')
HAVING count > 0
)
SELECT category, count, prev_count, sev12, minutes(impact_s) AS impact_minutes,
       minutes(ttr_median_s) AS ttr_median_min
FROM c
ORDER BY count DESC, coalesce(impact_s, 0) DESC, category
LIMIT :top;
