-- review-scope: the incidents a review counts, as temporary views that every
-- query in queries/metrics/ reads instead of the incidents table. metrics.c
-- runs it after filling temp.review_exclusion_rules(field, pattern, reason)
-- from queries/exclusions.sql.
--
--   review_excluded_ids  (table) id and reason of each incident an exclusion
--                        rule matches (the first rule, in file order)
--   review_all           every incident with its durations in seconds and
--                        excluded_by (the reason, or NULL)
--   review_incidents     the counted ones (excluded_by IS NULL)
--   review_excluded      the ones left out
--   review_months        (table) the trend's 12 months, i 0..11 oldest first,
--                        month 'YYYY-MM', start and end epoch seconds (end
--                        exclusive); metrics.c fills it from :months. A join
--                        on it GROUP BY m.i needs no sort: i is the rowid.
--
-- Durations (DESIGN.md): TTA = acknowledged − opened; TTM = mitigated −
-- opened, falling back to resolved when there is no mitigation time;
-- TTR = resolved − opened. A missing end or a negative duration gives NULL
-- here, so it is left out of every figure (data-quality.sql counts them).
-- metrics.c fills review_excluded_ids once per run for the incidents of the
-- periods the review reads, with one C function that tries the rules in
-- order (exclusion_reason: LIKE's own matching): much cheaper than a lookup
-- of the rules per incident in every query. The views are plain SELECTs, so
-- SQLite flattens them and a range on opened_at still uses incidents_opened.
DROP VIEW IF EXISTS temp.review_incidents;
DROP VIEW IF EXISTS temp.review_excluded;
DROP VIEW IF EXISTS temp.review_all;
DROP TABLE IF EXISTS temp.review_excluded_ids;
DROP TABLE IF EXISTS temp.review_months;
CREATE TEMP TABLE review_months (i INTEGER PRIMARY KEY, month TEXT NOT NULL,
                                 start INTEGER NOT NULL, end INTEGER NOT NULL);
CREATE TEMP TABLE review_excluded_ids (id INTEGER PRIMARY KEY, reason TEXT NOT NULL);
CREATE TEMP VIEW review_all AS
SELECT
  i.*,
  CASE WHEN i.acknowledged_at >= i.opened_at THEN i.acknowledged_at - i.opened_at END AS tta_s,
  CASE WHEN coalesce(i.mitigated_at, i.resolved_at) >= i.opened_at
       THEN coalesce(i.mitigated_at, i.resolved_at) - i.opened_at END AS ttm_s,
  CASE WHEN i.resolved_at >= i.opened_at THEN i.resolved_at - i.opened_at END AS ttr_s,
  (SELECT x.reason FROM temp.review_excluded_ids x WHERE x.id = i.id) AS excluded_by
FROM main.incidents i;
CREATE TEMP VIEW review_incidents AS
SELECT * FROM temp.review_all
WHERE id NOT IN (SELECT id FROM temp.review_excluded_ids);
CREATE TEMP VIEW review_excluded AS
SELECT * FROM temp.review_all
WHERE id IN (SELECT id FROM temp.review_excluded_ids);
