-- still-open: per period (the period, the previous one, the same period a
-- year earlier: period 'cur', 'prev', 'ly'), its incidents still open at
-- the data's export time and the time to resolve with them counted.
-- Parameters: :start, :end, :prev_start, :prev_end, :ly_start, :ly_end
-- (epoch seconds, end exclusive); :export_at (export-time.sql).
--
-- Still open: neither resolved_at nor closed_at, i.e. no end of any kind
-- by the export time. An incident closed without a resolution time, or
-- resolved before it was opened, has an end but no valid TTR: it is left
-- out of both TTR figures, as durations.sql leaves it out; left_out
-- counts them.
--
-- ttr_n: resolved incidents, durations.sql's TTR n (metrics.c sets the
-- median and p90 beside it from durations.sql rather than sort them
-- again). provisional? (a yes/no): more than 5% of the period's incidents
-- are still open, so the resolved-only figures are provisional.
--
-- km_*: the Kaplan–Meier estimate of TTR, still-open incidents censored at
-- :export_at − opened_at. At each distinct resolution time t_i (seconds),
-- d_i incidents were resolved at t_i and n_i were at risk: their time
-- (resolution or censoring) is t_i or later, so an incident censored at t_i
-- counts as at risk at t_i. S(t) = ∏ over t_i ≤ t of (1 − d_i / n_i).
-- km_median_min is the smallest t_i with S(t_i) ≤ 0.5, km_p90_min the smallest
-- with S(t_i) ≤ 0.1 (a tolerance of 1e-9 keeps rounding in the product from
-- moving an exact 0.5); NULL when S never gets there ("not reached") or
-- km_n (resolved + still open) is 0. Times, not interpolations: with none
-- still open, km_median_min is the smallest time by which half are resolved,
-- which may differ from PERCENTILE.INC's median of the same times.
WITH obs AS (
  SELECT
    CASE WHEN opened_at >= :start AND opened_at < :end THEN 'cur'
         WHEN opened_at >= :prev_start AND opened_at < :prev_end THEN 'prev'
         ELSE 'ly' END AS period,
    ttr_s,
    resolved_at IS NULL AND closed_at IS NULL AS open,
    opened_at
  FROM review_incidents
  WHERE (opened_at >= :start AND opened_at < :end)
     OR (opened_at >= :prev_start AND opened_at < :prev_end)
     OR (opened_at >= :ly_start AND opened_at < :ly_end)
),
counts AS (
  SELECT period, count(*) AS incidents, sum(open) AS still_open, count(ttr_s) AS ttr_n
  FROM obs
  GROUP BY period
),
times AS (   -- one row per distinct time: d resolved then, c ending then
  SELECT period, coalesce(ttr_s, :export_at - opened_at) AS t,
         sum(ttr_s IS NOT NULL) AS d, count(*) AS c
  FROM obs
  WHERE ttr_s IS NOT NULL OR open
  GROUP BY period, t
),
at_risk AS (
  SELECT period, t, d, c,
         sum(c) OVER (PARTITION BY period ORDER BY t DESC) AS n
  FROM times
),
curve AS (
  SELECT period, t, d, c,
         product(1.0 - 1.0 * d / n) OVER (PARTITION BY period ORDER BY t) AS s
  FROM at_risk
),
km AS (
  SELECT period, sum(c) AS km_n,
         min(CASE WHEN d > 0 AND s <= 0.5 + 1e-9 THEN t END) AS km_median_s,
         min(CASE WHEN d > 0 AND s <= 0.1 + 1e-9 THEN t END) AS km_p90_s
  FROM curve
  GROUP BY period
),
periods(k, period) AS (VALUES (0, 'cur'), (1, 'prev'), (2, 'ly'))
SELECT p.period,
       coalesce(c.incidents, 0) AS incidents,
       coalesce(c.still_open, 0) AS still_open,
       coalesce(c.still_open, 0) * 20 > coalesce(c.incidents, 0) AS "provisional?",
       coalesce(c.incidents - c.still_open - c.ttr_n, 0) AS left_out,
       coalesce(c.ttr_n, 0) AS ttr_n,
       coalesce(k.km_n, 0) AS km_n, minutes(k.km_median_s) AS km_median_min,
       minutes(k.km_p90_s) AS km_p90_min
FROM periods p
LEFT JOIN counts c ON c.period = p.period
LEFT JOIN km k ON k.period = p.period
ORDER BY p.k;
