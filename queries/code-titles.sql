-- code-titles: the exports whose titles are codes, not words a person wrote.
--
-- Some exports have no free-text title: what fills it is a pick-list value
-- such as ServiceNow's u_symptom ("Symptom 72"). Masking the number would
-- merge different symptoms into one "problem", so `recur link` mines no
-- signatures from such titles and the review lists categories instead.
--
-- The rule, per source (one imported file), over its non-empty titles, when
-- it has at least 20 of them:
--   * codes: at least 90% are one to three words and a number, nothing else
--     (is_code(): "Symptom 72", "Category 42"), or
--   * a pick list: at least 200 titles, at most 5% of them distinct, and 90%
--     of them short labels (one to three words, no digit: "Password reset").
--     Free text keeps most titles distinct; a pick list repeats a few
--     labels. Alert titles repeat too, but name hosts and figures
--     ("Disk full on db-7 (91%)"): their signatures stay.
-- Parameters: none. Columns: source_id, path, titles, distinct_titles,
-- code_like, example (the most frequent title). Order: source_id.
WITH per_source AS (
  SELECT source_id,
         count(*) AS titles,
         count(DISTINCT title) AS distinct_titles,
         sum(is_code(title)) AS code_like,
         sum(trim(title) NOT GLOB '*[0-9]*'
             AND length(trim(title)) - length(replace(trim(title), ' ', '')) <= 2) AS labels
  FROM incidents
  WHERE title IS NOT NULL AND trim(title) <> ''
  GROUP BY source_id
)
SELECT p.source_id, s.path, p.titles, p.distinct_titles, p.code_like,
       (SELECT title FROM incidents i
        WHERE i.source_id = p.source_id AND title IS NOT NULL AND trim(title) <> ''
        GROUP BY title ORDER BY count(*) DESC, title LIMIT 1) AS example
FROM per_source p
LEFT JOIN sources s ON s.id = p.source_id
WHERE p.titles >= 20
  AND (p.code_like >= 0.9 * p.titles
       OR (p.titles >= 200 AND p.distinct_titles <= 0.05 * p.titles
           AND p.labels >= 0.9 * p.titles))
ORDER BY p.source_id;
