-- sources: the imported files the review is computed from, with their
-- SHA-256, so a reader can tell which exports a report used. A file imported
-- more than once is listed once (same path and hash), with its latest import.
-- Each with the span of history it holds (migrate-3.sql; NULL for a
-- postmortem): its first and last opening and its export time.
-- No parameters. Order: first import.
SELECT path, format, sha256, local_date(max(imported_at)) AS imported,
       max(rows_read) AS rows_read, max(rows_rejected) AS rows_rejected,
       local_date(min(first_opened_at)) AS first_opened,
       local_date(max(last_opened_at)) AS last_opened, local_date(max(exported_at)) AS exported
FROM sources
GROUP BY path, sha256
ORDER BY min(id);
