-- data-quality: findings about the period's incidents, one row.
-- Parameters: :start, :end (epoch seconds, end exclusive).
-- Negative durations are left out of every figure and counted here, so a
-- reader sees them instead of losing them silently. no_opened_at (incidents
-- that belong to no period) and values_rejected (values an import could not
-- parse, kept NULL; sources.rows_rejected) are for the whole database.
-- Maintenance, tests and game days are not counted (review-scope.sql).
SELECT
  coalesce(sum(severity IS NULL), 0)                                   AS no_severity,
  coalesce(sum(acknowledged_at < opened_at), 0)                        AS negative_tta,
  coalesce(sum(coalesce(mitigated_at, resolved_at) < opened_at), 0)    AS negative_ttm,
  coalesce(sum(resolved_at < opened_at), 0)                            AS negative_ttr,
  coalesce(sum(acknowledged_at IS NULL), 0)                            AS missing_ack,
  coalesce(sum(mitigated_at IS NULL), 0)                               AS missing_mitigation,
  coalesce(sum(resolved_at IS NULL), 0)                                AS missing_resolution,
  (SELECT coalesce(sum(rows_rejected), 0) FROM sources)                AS values_rejected,
  (SELECT count(*) FROM incidents WHERE opened_at IS NULL)             AS no_opened_at
FROM review_incidents
WHERE opened_at >= :start AND opened_at < :end
ORDER BY 1;
