-- sources: the imported files the review is computed from, with their
-- SHA-256, so a reader can tell which exports a report used. A file imported
-- more than once is listed once (same path and hash), with its latest import.
-- No parameters. Order: first import.
SELECT path, format, sha256, max(imported_at) AS imported_at, max(rows_read) AS rows_read,
       max(rows_rejected) AS rows_rejected
FROM sources
GROUP BY path, sha256
ORDER BY min(id);
