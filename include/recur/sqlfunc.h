/*
 * sqlfunc.h — SQL functions recur adds to SQLite, for metric queries.
 *
 *   percentile_inc(x, p)  aggregate: the p-th percentile (0 ≤ p ≤ 1) of the
 *                         non-NULL x, interpolating linearly between closest
 *                         ranks (Excel PERCENTILE.INC, numpy's default).
 *   median(x)             percentile_inc(x, 0.5).
 *   gap_percentile(x, p)  aggregate: percentile_inc of the gaps between
 *                         consecutive distinct non-NULL x (sorted), e.g. the
 *                         usual time between openings (queries/metrics/coverage.sql).
 *   product(x)            aggregate and window: the product of the non-NULL x
 *                         (NULL when there is none), e.g. a Kaplan–Meier
 *                         curve as product(1.0 - d / n) OVER (ORDER BY t).
 *   month_of(t)           'YYYY-MM' of epoch seconds t in UTC.
 *
 * The units of a metric query's output (each passes NULL, text and blobs on
 * as they are, so a query can convert a column that is sometimes a label):
 *   minutes(s)            seconds as minutes rounded to 0.1, half away from
 *                         zero (round(s / 6) / 10: exact for whole seconds).
 *   round1(x)             x rounded to 0.1, half away from zero.
 *   local_date(t)         'YYYY-MM-DD' of epoch seconds t in the review's
 *   local_stamp(t)        time zone (--tz), 'YYYY-MM-DD HH:MM' likewise.
 */
#ifndef RECUR_SQLFUNC_H
#define RECUR_SQLFUNC_H

#include <sqlite3.h>
#include <stddef.h>

struct recur_tz;

/* Registers the functions on db. Returns an SQLite result code. */
int recur_sqlfunc_register(sqlite3 *db);
/*
 * Makes local_date and local_stamp read tz (NULL: UTC) until the next call;
 * tz is entered (recur_tz_enter). Returns the setting before, for
 * recur_sqlfunc_zone_restore when the job leaves its zone (a negative
 * setting, for a job that never entered one, changes nothing).
 */
int recur_sqlfunc_zone(const struct recur_tz *tz);
void recur_sqlfunc_zone_restore(int utc);
/* The percentile rule itself, over values sorted ascending (n ≥ 1). */
double recur_percentile_sorted(const double *sorted, size_t n, double p);

#endif
