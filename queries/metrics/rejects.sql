-- rejects: values imports could not parse (kept NULL in incidents), per
-- field, for the whole database, with the first example. No parameters.
-- Order: count desc, field.
SELECT field, count(*) AS count,
       (SELECT r2.value FROM import_rejects r2 WHERE r2.field = r.field
        ORDER BY r2.source_id, r2.line LIMIT 1) AS example
FROM import_rejects r
GROUP BY field
ORDER BY count DESC, field;
