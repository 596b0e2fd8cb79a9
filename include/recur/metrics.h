/*
 * metrics.h — the figures of a review, computed by named SQL queries in
 * queries/metrics/ (overridable with --share), following DESIGN.md's
 * definitions: an incident belongs to the month it was opened in; TTA =
 * acknowledged − opened, TTR = resolved − opened; missing ends are left out,
 * negative durations are left out and counted; percentiles are PERCENTILE.INC.
 *
 * The result is one JSON object, the "review data", that templates, the XLSX
 * writer and `recur metrics --format json` all read. Its shape (durations in
 * minutes rounded to 0.1; dates as text in UTC; absent figures are null):
 *
 * {
 *   "recur_version": "0.1.0",
 *   "generated_at": "2026-11-26T00:00:00Z",     -- from opts->now
 *   "month": "2026-10", "month_name": "October 2026", "prev_month": "2026-09",
 *   "prev_month_name": "September 2026",
 *   "months": ["2025-11", …, "2026-10"],          -- the 12-month trend window
 *   "totals": { "incidents": 42, "prev_incidents": 38, "change": 4,
 *               "change_pct": 10.5 or null, "direction": "up"|"down"|"flat",
 *               "sev12": 5, "prev_sev12": 3, "linked": 12, "repeat_rate_pct": 28.6,
 *               "all_incidents": 400,          -- in the whole database
 *               "prev_linked": 10, "prev_repeat_rate_pct": 26.3 or null,
 *               "recurring_problems": 4 },     -- recurring problems with an incident this
 *                                              -- month, before the top limit
 *                                              -- linked: incidents of the month linked to a
 *                                              -- recurring problem (each once); rates are
 *                                              -- linked ÷ incidents in %, null when 0 incidents
 *   "headline": [ { "metric": "Incidents", "value": "42", "prev": "38",
 *                   "change": "+4 (+10.5%)", "direction": "up" }, … ],
 *                                              -- preformatted rows for tables: Incidents,
 *                                              -- SEV1–2 incidents, Median TTA, Median TTR,
 *                                              -- P90 TTR, Repeat-incident rate. Durations
 *                                              -- read "42.5 min" (< 120 min), "3.2 h"
 *                                              -- (< 48 h), else "1.5 d"; rates "28.6%".
 *                                              -- change: counts "+4 (+10.5%)" (no % when
 *                                              -- prev is 0), durations "−3.2 min", rates
 *                                              -- "+1.5 pp"; U+2212 minus; "n/a" when either
 *                                              -- side is null (then direction "flat")
 *   "severity": [ { "severity": 1, "label": "SEV1", "count": 2, "prev_count": 1 }, …,
 *                 { "severity": null, "label": "unknown", … } ],  -- 1..5 always, then
 *                                              -- unknown when either month has one
 *   "services": [ { "service": "checkout", "count": 9, "prev_count": 7,
 *                   "impact_minutes": 340.5, "ttr_median_min": 31.0 }, … ],
 *                                              -- the top `top` services with an incident
 *                                              -- this month, count desc, then name; NULL
 *                                              -- service is "(none)"; impact = sum of TTR
 *   "durations": [ { "metric": "TTA", "name": "time to acknowledge",
 *                    "n": 40, "mean_min": …, "median_min": …, "p90_min": …,
 *                    "prev_n": …, "prev_mean_min": …, "prev_median_min": …,
 *                    "prev_p90_min": … },
 *                  { "metric": "TTR", "name": "time to resolve", … } ],
 *   "problems": [ { "id": "PRB-1a2b3c4d", "title": …, "service": …, "method": "rule",
 *                   "status": …, "root_cause": …, "workaround": …,
 *                   "month_count": 3, "total_count": 11, "first_seen": "2026-01-04",
 *                   "last_seen": "2026-10-28", "impact_minutes": …,  -- TTR sum, this month
 *                   "total_impact_minutes": …,       -- problems.impact_minutes (all time)
 *                   "incidents": [ { "ext_id": …, "title": …, "opened": "2026-10-03 14:05",
 *                                    "severity_label": …, "ttr_min": … }, … ] }, … ],
 *                                              -- recurring problems with an incident this
 *                                              -- month: month_count desc, total desc, id;
 *                                              -- at most `top`; recurring = at least
 *                                              -- min_incidents links overall
 *   "trend": [ { "month": "2025-11", "incidents": 30, "sev1": 1, "sev2": 3, "sev3": 10,
 *                "sev4": 12, "sev5": 2, "unknown": 2, "tta_median_min": …,
 *                "ttr_median_min": …, "ttr_p90_min": … }, … ],  -- the 12 months, oldest first
 *   "incidents": [ { "ext_id": …, "title": …, "service": …, "team": …, "severity": 2,
 *                    "severity_label": …, "status": …, "opened": "2026-10-03 14:05",
 *                    "opened_at": epoch, "acknowledged_at": epoch|null,
 *                    "resolved_at": epoch|null, "tta_min": …, "ttr_min": …,
 *                    "problem_id": "PRB-…"|null }, … ],  -- this month, by opened_at, ext_id;
 *                                              -- tta/ttr null when missing or negative;
 *                                              -- problem_id: best link (score, then id)
 *   "data_quality": { "no_severity": 1, "negative_tta": 0, "negative_ttr": 0,
 *                     "missing_ack": 3, "missing_resolution": 2, "values_rejected": 0,
 *                     "no_opened_at": 0 }      -- this month's incidents; values_rejected
 *                                              -- (sources.rows_rejected) and no_opened_at
 *                                              -- are for the whole database
 * }
 */
#ifndef RECUR_METRICS_H
#define RECUR_METRICS_H

#include <sqlite3.h>

#include "recur/err.h"
#include "recur/json.h"

struct recur_metrics_opts {
	const char *month;   /* "YYYY-MM" */
	long long now;       /* for generated_at */
	int min_incidents;   /* a problem is recurring at this many incidents (default 2) */
	int top;             /* rows in top lists (services, problems); default 10 */
};

/* Computes the review data for one month: caller owns *out. */
int recur_metrics_review(sqlite3 *db, const struct recur_metrics_opts *opts, struct recur_json **out,
			 struct recur_error *err);

/*
 * The last complete month in the data, as "YYYY-MM": the month of the latest
 * opened_at if it is before now's month, else the month before it. Returns
 * -1 with err when the database holds no incidents.
 */
int recur_metrics_last_month(sqlite3 *db, long long now, char out[8], struct recur_error *err);

#endif
