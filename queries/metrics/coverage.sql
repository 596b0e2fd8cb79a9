-- coverage: how much of each period the data holds (DESIGN.md, "Coverage").
-- Parameters: :periods, a JSON array of {"key", "start", "end"} (epoch
-- bounds in the report's time zone, end exclusive), from metrics.c.
-- One row per period, in the array's order.
--
-- The data's range: its first and last opening (all incidents, excluded
-- ones too: they show that incidents were being recorded) and its export
-- time, the latest sources.exported_at (the latest timestamp of any kind in
-- an imported file: migrate-3.sql; the latest opening when no source says).
--
-- The rule. The usual gap is the 99th percentile (PERCENTILE.INC) of the
-- gaps between consecutive distinct openings; a silence is "far longer" than
-- it past the gap threshold
--     threshold = max(4 days, 2 × p99 gap)
-- The floor of 4 days is a long weekend (Friday evening to Tuesday
-- morning), when a service desk that works office hours opens nothing; the
-- factor 2 over the 99th percentile leaves room for the quiet spells a
-- sparse history has (about 1 incident a day: p99 ≈ 5 days, threshold ≈ 10
-- days; a busy desk of hundreds a day: the floor). A period [start, end) is
-- covered when all three hold:
--   1. the export was made after it ended: exported_at >= end;
--   2. no long silence at its start: the first opening at or after start
--      comes at most one threshold after start (so the data began by then);
--   3. no long silence at its end: the last opening before end comes at
--      most one threshold before end (so openings had not stopped).
-- A period the data reaches but does not cover is partial; the days it
-- holds run from its first to its last opening (first_in, last_in). A period
-- with no opening in it and a silence longer than the threshold is outside
-- the data. Each test is one probe of the index incidents_opened per period;
-- the percentile reads every opening once.
WITH
openings AS (
  SELECT DISTINCT opened_at AS t FROM incidents WHERE opened_at IS NOT NULL
),
gaps AS (
  SELECT t - lag(t) OVER (ORDER BY t) AS gap FROM openings
),
data AS (
  SELECT
    (SELECT min(t) FROM openings) AS first_opened_at,
    (SELECT max(t) FROM openings) AS last_opened_at,
    coalesce((SELECT max(exported_at) FROM sources),
             (SELECT max(t) FROM openings)) AS exported_at,
    max(4 * 86400, 2 * coalesce((SELECT percentile_inc(gap, 0.99) FROM gaps WHERE gap > 0), 0))
      AS threshold_s
),
periods AS (
  SELECT key AS i, value ->> '$.key' AS period, value ->> '$.start' AS start,
         value ->> '$.end' AS end
  FROM json_each(:periods)
),
probed AS (
  SELECT p.i, p.period, p.start, p.end,
    (SELECT min(opened_at) FROM incidents WHERE opened_at >= p.start) AS next_opening,
    (SELECT max(opened_at) FROM incidents WHERE opened_at < p.end) AS prev_opening,
    (SELECT min(opened_at) FROM incidents WHERE opened_at >= p.start AND opened_at < p.end)
      AS first_in,
    (SELECT max(opened_at) FROM incidents WHERE opened_at >= p.start AND opened_at < p.end)
      AS last_in
  FROM periods p
)
SELECT
  p.period, p.start, p.end,
  d.first_opened_at, d.last_opened_at, d.exported_at, d.threshold_s,
  p.first_in, p.last_in,
  coalesce(d.exported_at >= p.end
           AND p.next_opening - p.start <= d.threshold_s
           AND p.end - p.prev_opening <= d.threshold_s, 0) AS covered
FROM probed p, data d
ORDER BY p.i;
