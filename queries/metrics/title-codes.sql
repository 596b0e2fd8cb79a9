-- title-codes: the imported files whose titles `recur link` found to be
-- codes, not words (sources.title_kind = 'codes'; the rule is in
-- src/link_titles.c), with one of their titles as an example. The review
-- says such data has no free-text title and shows categories instead of
-- problems found by signature. No parameters. Order: source id.
SELECT
  s.path,
  (SELECT i.title FROM incidents i
   WHERE i.source_id = s.id AND i.title <> '' ORDER BY i.id LIMIT 1) AS example
FROM sources s
WHERE s.title_kind = 'codes'
ORDER BY s.id;
