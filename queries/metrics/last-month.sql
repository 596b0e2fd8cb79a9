-- last-month: the first and last opened_at in the database (NULL when it
-- holds no incident with an opening time), one row. No parameters; min()
-- and max() are one probe each of incidents_opened. metrics_coverage.c
-- looks for the last covered period between them (coverage.sql).
SELECT min(opened_at) AS first_opened_at, max(opened_at) AS last_opened_at
FROM incidents
ORDER BY 1;
