/*
 * metrics.h — the figures of a review, computed by named SQL queries in
 * queries/metrics/ (overridable with --share), following DESIGN.md's
 * definitions: an incident belongs to the month it was opened in; TTA =
 * acknowledged − opened, TTR = resolved − opened; missing ends are left out,
 * negative durations are left out and counted; percentiles are PERCENTILE.INC.
 *
 * The period is a month or a quarter; its bounds, the trend's months and
 * every printed date are in the report's time zone (opts->tz, default UTC).
 * Maintenance, tests and game days (queries/exclusions.sql) are left out of
 * every figure and listed under "excluded".
 *
 * The result is one JSON object, the "review data", that templates, the XLSX
 * writer and `recur metrics --format json` all read. Its shape (durations in
 * minutes rounded to 0.1; dates as text in the zone; absent figures are
 * null). Each section's rows are its query's columns as the query names and
 * converts them (queries/metrics/NAME.sql: a column added there is a key here),
 * plus what the C code derives. Version 0.2 added, beside what is shown below:
 *   "period", "period_name", "period_kind" ("month"|"quarter"), "days", and
 *   the same with prefixes prev_ and ly_ (the same period a year earlier);
 *   "tz", "generated_on"; "sources": [{file, path, format, sha256, imported,
 *   rows_read, rows_rejected}];
 *   totals: ly_incidents, ly_change, ly_change_pct, ly_direction, ly_sev12,
 *   ly_linked, ly_repeat_rate_pct, excluded, prev_excluded;
 *   headline rows: ly, ly_change, ly_direction, p_value, significant,
 *   significance ("significant"|"not significant"|"not tested"), p_text;
 *   "significance": [{metric, what, test, value, prev, direction,
 *   statistic_name, statistic, p_value, significant, n?, prev_n?}] for
 *   Incidents, SEV1–2 incidents (exact Poisson test), TTA, TTM, TTR
 *   (Mann–Whitney U); "changes": sentences for the significant ones;
 *   severity: ly_count; services: sev12; "services_by_impact" (same rows,
 *   top by impact); durations: TTA, TTM, TTR with ly_ figures;
 *   problems: group ("new"|"ongoing"|"resolved"), reasons;
 *   "problem_groups": [{key, title, count, shown, more, problems}] (the
 *   first `top` of each group in rank order; more = count − shown);
 *   trend: excluded and {tta,ttm,ttr}_{n,median_min,p90_min,mean_min};
 *   incidents: kind, mitigated_at, ttm_min;
 *   "excluded": {count, by_reason: [{reason, count}], incidents};
 *   "postmortems": {sev12, with_postmortem, without_postmortem,
 *   coverage_pct, missing, incidents}; "action_items": {total, open,
 *   overdue, done, open_items, items}; data_quality: negative_ttm,
 *   missing_mitigation, rejects_by_field; "export_at" (epoch) and
 *   "export_time" (stamp in the zone): the data's export time
 *   (export-time.sql); "still_open": [{period ("cur"|"prev"|"ly"),
 *   period_name, incidents, still_open, still_open_pct, left_out (an end
 *   but no valid TTR), provisional (> 5% still open), ttr_n,
 *   ttr_median_min, ttr_p90_min (resolved only), km_n, km_median_min,
 *   km_p90_min, km_{median,p90}_reached, km_{median,p90}_text ("273.8",
 *   "not reached", "–")}] (Kaplan–Meier with still-open incidents
 *   censored at the export time; no "ly" row when the data does not reach
 *   it); durations' TTR row: provisional, prev_provisional,
 *   ly_provisional; headline rows "Still open", "Median TTR
 *   (Kaplan–Meier)", "P90 TTR (Kaplan–Meier)", and " (provisional)" after
 *   a provisional TTR value; "queries": {NAME: rows} for each
 *   query a user adds to queries/metrics/ in the share folder.
 * Version 0.3 (coverage, DESIGN.md) added "coverage": {first_opened,
 *   last_opened, exported (dates), gap_threshold_days, range_text, state
 *   ("covered"|"partial"|"no data"), covered, partial, from, to (the
 *   period's first and last opening), text (a sentence on the period),
 *   banner ("Partial month", "No data for this quarter"; "" when covered),
 *   prev_state, ly_state, prev_why, ly_why ("February 2016 is partial", or
 *   null when compared) and prev_not_compared, ly_not_compared (the same as
 *   "not compared: …")}. A comparison with or of a partial period has no
 *   change_pct, no significance entry, and its headline change cell reads
 *   "not compared: …", its significance "not tested: …". The trend starts
 *   at the first covered month; each row has coverage, label ("2016-05
 *   (partial)") and no_data, and a month outside the data has null figures.
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
 *                   "month_count": 3, "total_count": 11, "recurring": true,
 *                   "first_seen": "2026-01-04",
 *                   "last_seen": "2026-10-28", "impact_minutes": …,  -- TTR sum, this month
 *                   "total_impact_minutes": …,       -- problems.impact_minutes (all time)
 *                   "incidents": [ { "ext_id": …, "title": …, "opened": "2026-10-03 14:05",
 *                                    "severity_label": …, "ttr_min": … }, … ] }, … ],
 *                                              -- recurring problems with an incident this
 *                                              -- month, ranked (problems.sql):
 *                                              -- month_count desc, impact desc, id; "rank"
 *                                              -- 1.., "group_rank" within its group; the
 *                                              -- first `top` of each group (every one when
 *                                              -- list_max is 0; recur_metrics_problems_open
 *                                              -- streams them all), each with "incidents";
 *                                              -- recurring as `recur link` marked it
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
	const char *month;   /* the period: "YYYY-MM", or a quarter "YYYY-Qn" */
	long long now;       /* for generated_at, and what is overdue */
	int top;             /* rows in top lists (services, problems); default 10 */
	const char *tz;      /* the report's time zone (zoneinfo name); NULL = UTC */
	int stream_incidents; /* leave "incidents" out of the review data: the caller
				 reads them with recur_metrics_incidents_* (a month can
				 hold 100,000 of them) */
	int list_max;        /* the most incidents kept in each of the data's lists
				(a problem's incidents, the postmortem lists), the
				first by opened time; the counts beside each list
				stay whole. 0 = all */
	/* recur_metrics_review calls it before each query it runs, with the
	 * query's name ("durations"), for a progress line: a month of a
	 * million incidents takes its figures twenty seconds. NULL: none. */
	void (*progress)(const char *query, void *ctx);
	void *progress_ctx;
};

/* Computes the review data for one period: caller owns *out. On a database
 * in a file, half the queries run in a thread on a second connection to it
 * (the figures are the same; db itself stays on the calling thread). */
int recur_metrics_review(sqlite3 *db, const struct recur_metrics_opts *opts, struct recur_json **out,
			 struct recur_error *err);

/*
 * The period's incidents one at a time, as the objects of the review data's
 * "incidents" (same query, order and conversions), without holding the list.
 * Open after recur_metrics_review with the same opts on the same connection
 * (it reads the review scope that left there); the zone opts->tz is in force
 * until recur_metrics_incidents_free. Caller owns *out.
 */
struct recur_metrics_incidents;
int recur_metrics_incidents_open(sqlite3 *db, const struct recur_metrics_opts *opts,
				 struct recur_metrics_incidents **out, struct recur_error *err);
/*
 * Every problem with an incident in the period one at a time, the recurring
 * ones first, each part in rank order, as the objects of the review data's
 * "problems" (problems.sql with :every; the review data holds only the
 * recurring ones its lists show): the same kind of stream, read with
 * recur_metrics_incidents_next, rewind and free. Caller owns *out.
 */
int recur_metrics_problems_open(sqlite3 *db, const struct recur_metrics_opts *opts,
				struct recur_metrics_incidents **out, struct recur_error *err);
/* The next incident (or problem) into *row (borrowed; valid until the next
 * call): 1, 0 at the end, -1. */
int recur_metrics_incidents_next(struct recur_metrics_incidents *it, const struct recur_json **row,
				 struct recur_error *err);
/* Starts the list again from its first incident. */
int recur_metrics_incidents_rewind(struct recur_metrics_incidents *it);
/* NULL does nothing. */
void recur_metrics_incidents_free(struct recur_metrics_incidents *it);

/*
 * The default period: the last one the data covers (DESIGN.md, "Coverage";
 * the rule is queries/metrics/coverage.sql), as "YYYY-MM", or "YYYY-Qn" when
 * quarter is set, bounded in zone tz (NULL = UTC). It does not depend on
 * today's date: a history that ends mid-month is reviewed up to its last
 * whole month. When no period is covered (a history shorter than one), the
 * period of the latest opening. Returns -1 with err when the database holds
 * no incidents.
 */
int recur_metrics_default_period(sqlite3 *db, const char *tz, int quarter, char out[24],
				 struct recur_error *err);

/*
 * Whether the data reaches period ("YYYY-MM" or "YYYY-Qn" in zone; NULL:
 * only that there are incidents): -1 with err, naming the span of openings
 * and the periods to give, when the database holds no incidents or the
 * period ends before the first opening or starts after the last.
 */
int recur_metrics_check_period(sqlite3 *db, const char *period, const char *zone,
			       struct recur_error *err);

/*
 * The review data of one problem (`recur report --problem`): the problem
 * record, every linked incident with TTR and why it was linked, its monthly
 * counts over the 12 months ending at now (or at the data's last opening when
 * that is earlier), from the first covered month as in a review's trend, and
 * TTR figures. opts->month is ignored. Returns -1 with err when there is no such problem.
 */
int recur_metrics_problem(sqlite3 *db, const char *id, const struct recur_metrics_opts *opts,
			  struct recur_json **out, struct recur_error *err);

/*
 * A postmortem summary of one incident (`recur report --incident`): its
 * fields and durations, the timeline (incident_events), action items and
 * problems. id is the ext_id (any source system). Returns -1 with err when
 * there is no such incident.
 */
int recur_metrics_incident(sqlite3 *db, const char *id, const struct recur_metrics_opts *opts,
			   struct recur_json **out, struct recur_error *err);

#endif
