-- last-month: the latest opened_at in the database (NULL when it holds no
-- incident with an opening time), one row. No parameters; max() is one probe
-- of incidents_opened. metrics.c turns it into the last complete month.
SELECT max(opened_at) AS last_opened_at
FROM incidents
ORDER BY 1;
