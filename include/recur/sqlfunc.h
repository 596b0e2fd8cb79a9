/*
 * sqlfunc.h — SQL functions recur adds to SQLite, for metric queries.
 *
 *   percentile_inc(x, p)  aggregate: the p-th percentile (0 ≤ p ≤ 1) of the
 *                         non-NULL x, interpolating linearly between closest
 *                         ranks (Excel PERCENTILE.INC, numpy's default).
 *   median(x)             percentile_inc(x, 0.5).
 *   month_of(t)           'YYYY-MM' of epoch seconds t in UTC.
 *   is_code(text)         1 when text is a code rather than words: one to three
 *                         words of letters and a number, nothing else
 *                         ("Symptom 72", "Category 42", "Problem ID 2"); else 0.
 */
#ifndef RECUR_SQLFUNC_H
#define RECUR_SQLFUNC_H

#include <sqlite3.h>
#include <stddef.h>

/* Registers the functions on db. Returns an SQLite result code. */
int recur_sqlfunc_register(sqlite3 *db);
/* is_code() for a C string. */
int recur_is_code(const char *s);
/* The percentile rule itself, over values sorted ascending (n ≥ 1). */
double recur_percentile_sorted(const double *sorted, size_t n, double p);

#endif
