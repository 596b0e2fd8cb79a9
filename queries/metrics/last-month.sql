-- last-month: the first and last opened_at in the database (NULL when it
-- holds no incident with an opening time), one row. No parameters; each
-- min() and max() is its own subquery, so each is one probe of an end of
-- incidents_opened (together in one SELECT, SQLite reads the whole index:
-- 84 ms at a million incidents). metrics_coverage.c looks for the last
-- covered period between them (coverage.sql).
SELECT (SELECT min(opened_at) FROM incidents) AS first_opened_at,
       (SELECT max(opened_at) FROM incidents) AS last_opened_at;
