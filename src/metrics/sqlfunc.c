/*
 * sqlfunc.c — percentile, product, time and unit helpers as SQLite
 * functions. The percentile method is DESIGN.md's: linear between closest
 * ranks. The unit functions (minutes, round1, local_date, local_stamp) are
 * the conversions a metric query applies to its output columns, so every
 * figure is defined in its query (metrics_json.c passes columns on as
 * they are).
 */
#include "recur/sqlfunc.h"
#include "recur/mem.h"
#include "recur/timeutil.h"
#include "recur/tz.h"
#include "metrics_int.h"

#include <math.h>
#include <stdlib.h>

struct pct_state {
	double *v;
	size_t n, cap;
	double p;
	int bad_p;
	int unsorted;  /* gap_percentile: a value came below the one before */
};

double recur_percentile_sorted(const double *sorted, size_t n, double p)
{
	double rank = p * (double)(n - 1);
	size_t lo = (size_t)floor(rank);
	double frac = rank - (double)lo;

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static void pct_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct pct_state *s = sqlite3_aggregate_context(ctx, sizeof(*s));

	if (!s)
		return;
	if (argc > 1) {
		double p = sqlite3_value_double(argv[1]);
		int t = sqlite3_value_numeric_type(argv[1]);

		/* a NULL or text p would read as 0 and quietly give the minimum */
		if ((t != SQLITE_INTEGER && t != SQLITE_FLOAT) || !(p >= 0 && p <= 1))
			s->bad_p = 1;
		s->p = p;
	} else {
		s->p = 0.5;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = sqlite3_value_double(argv[0]);
}

/*
 * Moves the k-th smallest of v[0..n) to v[k], smaller ones before it and
 * larger after (Hoare's selection, median-of-three pivot): the percentile
 * needs two neighbouring order statistics, not a sorted list, and a month
 * of a big history gives 100,000 values per aggregate, six per row of trend.
 */
static void select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi], pivot, t;
		size_t i = lo, j = hi;

		pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i], v[i] = v[j], v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* PERCENTILE.INC of v[0..n) (reordered): v[lo] and the least value above it. */
static double percentile_select(double *v, size_t n, double p)
{
	double rank = p * (double)(n - 1), next;
	size_t lo = (size_t)floor(rank), i;

	if (lo >= n)
		lo = n - 1;
	select_kth(v, n, lo);
	if (lo + 1 >= n)
		return v[lo];
	for (next = v[lo + 1], i = lo + 2; i < n; i++)
		if (v[i] < next)
			next = v[i];
	return v[lo] + (rank - (double)lo) * (next - v[lo]);
}

static void pct_final(sqlite3_context *ctx)
{
	struct pct_state *s = sqlite3_aggregate_context(ctx, 0);

	if (s && s->bad_p) {
		sqlite3_result_error(ctx, "percentile_inc: p must be a number between 0 and 1", -1);
	} else if (!s || !s->n) {
		sqlite3_result_null(ctx);
	} else {
		sqlite3_result_double(ctx, percentile_select(s->v, s->n, s->p));
	}
	if (s)
		free(s->v);
}

/* gap_percentile(x, p): like percentile_inc, remembering whether x came in order. */
static void gap_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct pct_state *s = sqlite3_aggregate_context(ctx, sizeof(*s));
	size_t n = s ? s->n : 0;

	pct_step(ctx, argc, argv);
	if (s && s->n > n && n && s->v[n] < s->v[n - 1])
		s->unsorted = 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The p-th percentile of the gaps between consecutive distinct values: the
 * values sorted (a scan of an index gives them in order, so usually no
 * sort), each positive difference a gap, equal values none. The same with
 * a window function (lag) took 1.4 s over a million openings; this is one
 * scan of the index.
 */
static void gap_final(sqlite3_context *ctx)
{
	struct pct_state *s = sqlite3_aggregate_context(ctx, 0);
	size_t i, n = 0;

	if (s && !s->bad_p && s->n) {
		if (s->unsorted)
			qsort(s->v, s->n, sizeof(*s->v), cmp_double);
		for (i = 1; i < s->n; i++)
			if (s->v[i] > s->v[i - 1])
				s->v[n++] = s->v[i] - s->v[i - 1];
		s->n = n; /* the gaps now; none (NULL) from fewer than two distinct values */
	}
	pct_final(ctx);
}

static void month_of(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[8];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	recur_time_month(sqlite3_value_int64(argv[0]), out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/*
 * product(x): the running product a Kaplan–Meier curve is (S(t) = ∏ (1 − d/n)),
 * as an aggregate and window function. SQLite has no product, and ln/exp
 * are an optional build of the library (and ln(0) fails where the curve
 * reaches 0), so zeros are counted apart: the product is 0 while the frame
 * holds one, and xInverse can divide the others back out.
 */
struct product_state {
	double p;        /* product of the non-zero values; 1 when none */
	long long zeros; /* zeros in the frame */
	int started;
};

static void product_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct product_state *s = sqlite3_aggregate_context(ctx, sizeof(*s));
	double x;

	(void)argc;
	if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (!s->started)
		s->p = 1, s->started = 1;
	x = sqlite3_value_double(argv[0]);
	if (x == 0)
		s->zeros++;
	else
		s->p *= x;
}

static void product_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct product_state *s = sqlite3_aggregate_context(ctx, sizeof(*s));
	double x;

	(void)argc;
	if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	x = sqlite3_value_double(argv[0]);
	if (x == 0)
		s->zeros--;
	else
		s->p /= x;
}

static void product_value(sqlite3_context *ctx)
{
	struct product_state *s = sqlite3_aggregate_context(ctx, 0);

	if (!s || !s->started)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_double(ctx, s->zeros ? 0.0 : s->p);
}

/*
 * The zone local_date and local_stamp read: UTC, or the process's TZ that
 * recur_tz_enter set for the job. Process-wide like TZ itself; set before
 * a job's queries run, so a second thread stepping a statement only reads it.
 */
static int zone_utc = 1;

int recur_sqlfunc_zone(const struct recur_tz *tz)
{
	int old = zone_utc;

	zone_utc = !tz || tz->utc;
	return old;
}

void recur_sqlfunc_zone_restore(int utc)
{
	if (utc >= 0)
		zone_utc = utc;
}

/* Whether v is a number as stored (a text "12" is not converted: the
 * value is passed on as it is, as the report shows what it cannot read). */
static int stored_number(sqlite3_value *v)
{
	int t = sqlite3_value_type(v);

	return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

static void minutes_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (!stored_number(argv[0]))
		sqlite3_result_value(ctx, argv[0]);
	else
		sqlite3_result_double(ctx, recur_metrics_minutes(sqlite3_value_double(argv[0])));
}

static void round1_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (!stored_number(argv[0]))
		sqlite3_result_value(ctx, argv[0]);
	else
		sqlite3_result_double(ctx, recur_metrics_round1(sqlite3_value_double(argv[0])));
}

/* local_date(t) when user data is NULL, else local_stamp(t). */
static void local_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct recur_tz tz = { zone_utc, 0, NULL };
	long long t;
	char out[32];

	(void)argc;
	if (!stored_number(argv[0])) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	t = sqlite3_value_type(argv[0]) == SQLITE_INTEGER ? sqlite3_value_int64(argv[0])
							  : (long long)sqlite3_value_double(argv[0]);
	if (sqlite3_user_data(ctx))
		recur_metrics_local_stamp(&tz, t, out);
	else
		recur_metrics_local_date(&tz, t, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

int recur_sqlfunc_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	int rc;

	rc = sqlite3_create_function(db, "percentile_inc", 2, flags, NULL, NULL, pct_step, pct_final);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "median", 1, flags, NULL, NULL, pct_step, pct_final);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "month_of", 1, flags, NULL, month_of, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "gap_percentile", 2, flags, NULL, NULL, gap_step,
					     gap_final);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "minutes", 1, flags, NULL, minutes_fn, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "round1", 1, flags, NULL, round1_fn, NULL, NULL);
	/* not deterministic: the zone is the job's */
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "local_date", 1, SQLITE_UTF8, NULL, local_fn, NULL,
					     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "local_stamp", 1, SQLITE_UTF8, (void *)"stamp",
					     local_fn, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_window_function(db, "product", 1, flags, NULL, product_step,
						    product_value, product_value, product_inverse,
						    NULL);
	return rc;
}
