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
 */
#ifndef RECUR_SQLFUNC_H
#define RECUR_SQLFUNC_H

#include <sqlite3.h>
#include <stddef.h>

/* Registers the functions on db. Returns an SQLite result code. */
int recur_sqlfunc_register(sqlite3 *db);
/* The percentile rule itself, over values sorted ascending (n ≥ 1). */
double recur_percentile_sorted(const double *sorted, size_t n, double p);

#endif
