-- exclusions: which incidents are not incidents for a review's figures —
-- planned maintenance, tests, game days and drills. They are left out of
-- every figure and counted separately (the review's "Left out" section).
--
-- One row per rule: field is 'kind' (incidents.kind, the incident type),
-- 'title', 'category' or 'tags' (a "tags" value kept in incidents.extra);
-- pattern is an SQL LIKE pattern (case-insensitive for ASCII: % any text,
-- _ one character) matched against the whole field; reason names the rule in
-- the report. Change the rules by copying this file to
-- SHARE/queries/exclusions.sql (recur --share SHARE); an empty result
-- (SELECT … WHERE 0) keeps every incident.
SELECT 'kind' AS field, 'maintenance%' AS pattern, 'maintenance' AS reason
UNION ALL SELECT 'kind', 'planned%', 'maintenance'
UNION ALL SELECT 'kind', 'test%', 'test'
UNION ALL SELECT 'kind', 'game%day%', 'game day'
UNION ALL SELECT 'kind', 'drill%', 'game day'
UNION ALL SELECT 'kind', 'exercise%', 'game day'
UNION ALL SELECT 'title', '[maintenance]%', 'maintenance'
UNION ALL SELECT 'title', 'planned maintenance%', 'maintenance'
UNION ALL SELECT 'title', '[test]%', 'test'
UNION ALL SELECT 'title', 'test incident%', 'test'
UNION ALL SELECT 'title', '[game day]%', 'game day'
UNION ALL SELECT 'title', 'game day:%', 'game day'
UNION ALL SELECT 'title', 'gameday:%', 'game day'
UNION ALL SELECT 'tags', '%maintenance%', 'maintenance'
UNION ALL SELECT 'tags', '%"test"%', 'test'
UNION ALL SELECT 'tags', '%game%day%', 'game day'
