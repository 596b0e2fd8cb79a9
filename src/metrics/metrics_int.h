/*
 * metrics_int.h — what metrics.c and metrics_headline.c share (internal to
 * the metrics layer; the public API is include/recur/metrics.h).
 */
#ifndef RECUR_METRICS_INT_H
#define RECUR_METRICS_INT_H

#include <stddef.h>

#include "recur/err.h"
#include "recur/json.h"
#include "recur/tz.h"

/* ---- periods and time zones (metrics_period.c) ---- */

/* A month or a quarter, bounded in the report's time zone. */
struct recur_period {
	char key[24];          /* "2026-10" or "2026-Q3" */
	char name[32];         /* "October 2026" or "Q3 2026" */
	int year, first;       /* the first month: year, 1..12 */
	int nmonths;           /* 1 or 3 */
	long long start, end;  /* epoch seconds, end exclusive */
};

struct recur_periods {
	struct recur_period cur, prev, ly;  /* ly: the same period a year earlier */
	struct recur_period trend[12];      /* the 12 months ending with cur's last */
};

/* "January" … "December" for m = 1 … 12. */
const char *recur_metrics_month_name(int m);
/* Local fields of t: year, month, day, hour, minute, second. */
void recur_metrics_local_split(const struct recur_tz *tz, long long t, int f[6]);
/* "YYYY-MM-DD HH:MM" and "YYYY-MM-DD" of t in the zone. */
void recur_metrics_local_stamp(const struct recur_tz *tz, long long t, char out[32]);
void recur_metrics_local_date(const struct recur_tz *tz, long long t, char out[16]);
/* The periods of key ("YYYY-MM" or "YYYY-Qn"); -1 when key is neither. */
int recur_metrics_periods(const char *key, const struct recur_tz *tz, struct recur_periods *out);

/* ---- running the named queries (metrics.c) ---- */

/* [{reason, count}] of rows' "reason" values in order of first appearance;
 * rows without one count under missing. Caller owns the result. */
struct recur_json *recur_metrics_count_reasons(const struct recur_json *rows, const char *missing);

#include <sqlite3.h>

#include "recur/db.h"
#include "recur/table.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* One computation: the database, the bound parameters, the zone. */
struct recur_metrics_run {
	sqlite3 *db;
	struct recur_param params[24];
	size_t nparams;
	struct recur_error *err;
	struct recur_tz tz;
	int zone_was_utc;       /* recur_sqlfunc_zone's setting before the run */
	struct recur_periods per;
	char *months_json;      /* the :months parameter of trend.sql */
	size_t list_max;        /* opts->list_max, SIZE_MAX for all */
	long long export_at;    /* the data's export time (export-time.sql) */
	int has_export;         /* 0 when the data holds no time at all */
	void (*progress)(const char *query, void *ctx); /* opts->progress, or NULL */
	void *progress_ctx;
};

/* Cell (row, column named col); a NULL cell when the column is absent. Borrowed. */
const struct recur_cell *recur_metrics_cell(const struct recur_table *t, size_t row, const char *col);

/*
 * The one path from a query's columns to JSON (metrics_json.c), for every
 * query, built-in or a user's: each column is a key, its value as the
 * query returns it; a name ending in "?" is a yes/no (0 → false, else
 * true; the key without the "?"), a name beginning with "_" is left out
 * (a value the C code reads).
 */
struct recur_metrics_cols;
/* The keys of the columns names[0..n): caller owns the result. */
struct recur_metrics_cols *recur_metrics_cols_new(const char *const *names, size_t n);
void recur_metrics_cols_free(struct recur_metrics_cols *c);
/* One row of cells (one per column, in order) as an object: caller owns the result. */
struct recur_json *recur_metrics_cols_object(const struct recur_metrics_cols *c,
					     const struct recur_cell *cells);
/* The same row's values put into o, an object recur_metrics_cols_object
 * made with c: a stream of a million rows keeps one object and its keys. */
void recur_metrics_cols_refill(const struct recur_metrics_cols *c, const struct recur_cell *cells,
			       struct recur_json *o);
/* Every row of t as objects, or row r as one: caller owns the result. */
struct recur_json *recur_metrics_json(const struct recur_table *t);
struct recur_json *recur_metrics_json_row(const struct recur_table *t, size_t row);
/*
 * Runs queries/metrics/NAME.sql with q's parameters and checks that the
 * result has the columns in need (NULL-terminated; NULL for none), the ones
 * the C code reads, and a row when one_row is set. Caller owns *out.
 */
int recur_metrics_query(struct recur_metrics_run *q, const char *name, const char *const *need,
			int one_row, struct recur_table **out);
/* The query's rows as an array, or NULL with q->err. */
struct recur_json *recur_metrics_query_rows(struct recur_metrics_run *q, const char *name,
					    const char *const *need);
/* A one-row query's row as an object, or NULL with q->err. */
struct recur_json *recur_metrics_query_row(struct recur_metrics_run *q, const char *name,
					   const char *const *need);
/*
 * Runs the query at path (queries/metrics/…), which gives one row per row of
 * temp.review_months in order (the trend), computing only the months whose
 * incidents changed since a review kept their rows (metrics_months.c).
 * Caller owns *out.
 */
int recur_metrics_month_query(struct recur_metrics_run *q, const char *path,
			      struct recur_table **out);
/* Creates the review scope: the exclusion rules and the temporary views
 * review_incidents / review_excluded (queries/review-scope.sql), matching
 * the rules against the incidents opened in [from, to) (all when from > to). */
int recur_metrics_scope(sqlite3 *db, long long from, long long to, struct recur_error *err);

/* ---- the second core (metrics_side.c) ---- */

struct recur_metrics_side;
/* Starts fn(q2, ctx) in a thread, q2 being q on a second connection to q's
 * database file with the review scope of [scope_from, scope_to); fn must
 * only read, and write nothing the caller touches before the join. NULL
 * when there is no second connection (a database in memory): the caller
 * runs fn itself. */
struct recur_metrics_side *recur_metrics_side_start(const struct recur_metrics_run *q,
						    long long scope_from, long long scope_to,
						    int (*fn)(struct recur_metrics_run *q, void *ctx),
						    void *ctx);
/* Waits for fn and closes the connection: fn's result; its error into err. */
int recur_metrics_side_join(struct recur_metrics_side *s, struct recur_error *err);

/* ---- coverage (metrics_coverage.c) ---- */

enum recur_cover_state { RECUR_COVER_COVERED, RECUR_COVER_PARTIAL, RECUR_COVER_NO_DATA };

/* How much of one period the data holds. */
struct recur_metrics_cover {
	enum recur_cover_state state;
	long long first_in, last_in;   /* its first and last opening; LLONG_MIN = none */
};

/* The data's range (LLONG_MIN = no incident) and the review's periods' coverage. */
struct recur_metrics_coverage {
	long long first_opened, last_opened, exported;
	long long threshold;           /* seconds: a longer silence is a gap in the data */
	struct recur_metrics_cover cur, prev, ly, trend[12];
};

/* Reads the coverage of q->per's periods (queries/metrics/coverage.sql). */
int recur_metrics_coverage_read(struct recur_metrics_run *q, struct recur_metrics_coverage *c);
/* The review data's "coverage" object: caller owns the result. */
struct recur_json *recur_metrics_coverage_json(const struct recur_metrics_run *q,
					       const struct recur_metrics_coverage *c);
/*
 * Why the period may not be compared with the previous one (ly: the one a
 * year earlier): "May 2016 is partial", "May 2015 is outside the data", or
 * "" when both are covered.
 */
void recur_metrics_coverage_why(const struct recur_metrics_run *q,
				const struct recur_metrics_coverage *c, int ly, char *out, size_t size);
/*
 * The trend rows from the first covered month on, each with "coverage",
 * "label" and "no_data"; a month outside the data has null figures. Takes
 * ownership of trend; caller owns the result.
 */
struct recur_json *recur_metrics_coverage_trend(const struct recur_metrics_coverage *c,
						struct recur_json *trend);

/* ---- significance (metrics_sig.c) ---- */

/*
 * The "significance" section: for Incidents and SEV1–2 incidents the exact
 * Poisson test against the previous period (weighted by the periods' days),
 * for TTA, TTM and TTR the Mann–Whitney U test of the two periods' samples
 * (queries/metrics/samples.sql). totals is borrowed. Caller owns the
 * result; NULL with q->err on failure.
 */
struct recur_json *recur_metrics_significance(struct recur_metrics_run *q,
					      const struct recur_json *totals);

/* ---- still open and Kaplan–Meier (metrics_open.c) ---- */

/* Runs export-time.sql into q->export_at and binds it as :export_at. */
int recur_metrics_export_time(struct recur_metrics_run *q);
/*
 * The "still_open" section: one row each for the period, the previous one
 * and the same period a year earlier (still-open.sql), with
 * still_open_pct, period_name and km_{median,p90}_{reached,text}. Needs
 * :export_at. Caller owns the result; NULL with q->err on failure.
 */
struct recur_json *recur_metrics_still_open(struct recur_metrics_run *q);
/* Sets provisional, prev_provisional and ly_provisional on the TTR row of
 * durations from the still_open rows, and ttr_median_min and ttr_p90_min
 * (the resolved-only figures) on each still_open row from that TTR row. */
void recur_metrics_open_ttr(struct recur_json *durations, struct recur_json *open);

/* ---- figures ---- */

/* x rounded to 0.1, half away from zero. */
double recur_metrics_round1(double x);
/* Seconds as minutes rounded to 0.1, half away from zero (exact for whole seconds). */
double recur_metrics_minutes(double seconds);
/* "up", "down" or "flat" from the sign of change. */
const char *recur_metrics_direction(double change);
/*
 * A duration in minutes in a human unit: "42.5 min" below 120 min, "3.2 h"
 * below 48 h, else "1.5 d"; each rounded to 0.1 of its unit. The sign is
 * left out (callers print changes with their own sign).
 */
void recur_metrics_human(double minutes, char *out, size_t size);
/*
 * The "headline" rows of the review data from its "totals", "durations"
 * and "still_open" sections (borrowed; still_open may be NULL), each with the previous period's and last year's value
 * and, when "significance" (borrowed, may be NULL) has an entry for the
 * metric, its p-value: caller owns the result. prev_why and ly_why, when
 * not empty, say why a comparison is left out ("May 2016 is partial"): the
 * change cell then reads "not compared: …", with no test.
 */
struct recur_json *recur_metrics_headline(const struct recur_json *totals,
					  const struct recur_json *durations,
					  const struct recur_json *still_open,
					  const struct recur_json *significance,
					  const char *prev_why, const char *ly_why);
/*
 * Sentences naming each significant change in significance (borrowed) for
 * the "changes" list: caller owns the result.
 */
struct recur_json *recur_metrics_changes(const struct recur_json *significance,
					 const char *prev_name);

#endif
