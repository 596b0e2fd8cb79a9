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
-- The rule. Gaps are the times between consecutive distinct openings; the
-- usual gap is their 99th percentile (PERCENTILE.INC), and a silence is "far
-- longer" than it past the gap threshold
--     threshold = max(4 days, 2 × p99 gap)
-- The floor of 4 days is a long weekend (Friday evening to Tuesday
-- morning), when a service desk that works office hours opens nothing; the
-- factor 2 over the 99th percentile leaves room for the quiet spells a
-- sparse history has (about 1 incident a day: p99 ≈ 5 days, threshold ≈ 10
-- days; a busy desk of hundreds a day: the floor). A period [start, end) is
-- covered when all three hold:
--   1. the export was made after it ended: exported_at >= end - the median
--      gap (the export time is the file's latest timestamp, so an export
--      made at the stroke of the end, whose last event came seconds
--      before, counts: it misses less than one opening);
--   2. no long silence at its start: the first opening at or after start
--      comes at most one threshold after start (so the data began by then);
--   3. no long silence at its end: the last opening before end comes at
--      most one threshold before end (so openings had not stopped).
-- A period the data reaches but does not cover is partial; the days it
-- holds run from its first to its last opening (first_in, last_in). A period
-- with no opening in it and a silence longer than the threshold is outside
-- the data. Each test is one probe of the index incidents_opened per period;
-- the percentiles read every opening once, in the index's order.
WITH
usual AS (
  -- gap_percentile (sqlfunc.h): over the gaps between consecutive distinct
  -- openings; a scan of incidents_opened feeds them in order
  SELECT gap_percentile(opened_at, 0.5) AS p50, gap_percentile(opened_at, 0.99) AS p99
  FROM incidents WHERE opened_at IS NOT NULL
),
data AS (
  SELECT
    (SELECT min(opened_at) FROM incidents) AS first_opened_at,
    (SELECT max(opened_at) FROM incidents) AS last_opened_at,
    coalesce((SELECT max(exported_at) FROM sources),
             (SELECT max(opened_at) FROM incidents)) AS exported_at,
    coalesce(u.p50, 0) AS median_gap_s,
    max(4 * 86400, 2 * coalesce(u.p99, 0)) AS threshold_s
  FROM usual u
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
  coalesce(d.exported_at >= p.end - d.median_gap_s
           AND p.next_opening - p.start <= d.threshold_s
           AND p.end - p.prev_opening <= d.threshold_s, 0) AS covered
FROM probed p, data d
ORDER BY p.i;
