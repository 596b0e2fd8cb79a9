-- excluded: the period's incidents that an exclusion rule
-- (queries/exclusions.sql) leaves out of the figures: maintenance, tests,
-- game days. Parameters: :start, :end (epoch seconds, end exclusive).
-- Order: opened_at, ext_id.
SELECT ext_id, title, kind, service, severity_label, local_stamp(opened_at) AS opened,
       excluded_by AS reason
FROM review_excluded
WHERE opened_at >= :start AND opened_at < :end
ORDER BY opened_at, ext_id, id;
