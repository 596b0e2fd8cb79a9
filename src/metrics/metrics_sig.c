/*
 * metrics_sig.c — is a change from the previous period more than noise?
 * Counts (incidents, SEV1–2 incidents) get the exact Poisson test of
 * stats.h, weighted by the two periods' lengths in days, since a 31-day month
 * has more room for incidents than a 30-day one; durations (TTA, TTM, TTR)
 * get the Mann–Whitney U test of the two periods' samples, which asks
 * whether one period's times tend to be longer without assuming a shape.
 * Reports call a change out only when p < RECUR_STATS_ALPHA.
 */
#include "recur/mem.h"
#include "recur/stats.h"
#include "metrics_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* p rounded to 4 significant digits: enough to read, stable to print. */
static double round_p(double p)
{
	char text[32];

	snprintf(text, sizeof(text), "%.4g", p);
	return strtod(text, NULL);
}

static struct recur_json *entry(const char *metric, const char *what, const char *test,
				double cur, double prev, const char *stat_name, double stat,
				double p, int testable)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);

	recur_json_set_string(o, "metric", metric);
	recur_json_set_string(o, "what", what);
	recur_json_set_string(o, "test", test);
	recur_json_set_number(o, "value", cur);
	recur_json_set_number(o, "prev", prev);
	recur_json_set_string(o, "direction", recur_metrics_direction(cur - prev));
	recur_json_set_string(o, "statistic_name", stat_name);
	if (testable) {
		recur_json_set_number(o, "statistic", stat);
		recur_json_set_number(o, "p_value", round_p(p));
		recur_json_set(o, "significant", recur_json_new_bool(p < RECUR_STATS_ALPHA));
	} else {
		recur_json_set(o, "statistic", recur_json_new(RECUR_JSON_NULL));
		recur_json_set(o, "p_value", recur_json_new(RECUR_JSON_NULL));
		recur_json_set(o, "significant", recur_json_new_bool(0));
	}
	return o;
}

static double num_of(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : 0;
}

static struct recur_json *count_test(const char *metric, const char *what, double cur,
				     double prev, const struct recur_periods *per)
{
	double t1 = (double)(per->cur.end - per->cur.start) / 86400.0;
	double t2 = (double)(per->prev.end - per->prev.start) / 86400.0;
	double p = recur_stats_poisson_test((long long)cur, t1, (long long)prev, t2);

	return entry(metric, what, "exact Poisson test", cur, prev, "rate ratio",
		     prev > 0 ? round_p((cur / t1) / (prev / t2)) : 0, p, cur + prev > 0);
}

/* The two samples of one duration column, in seconds. */
struct samples {
	double *cur, *prev;
	size_t ncur, nprev, capcur, capprev;
};

/* The samples query read row by row into the three columns' samples: a
 * month and its predecessor can hold millions of incidents. */
static const char *const sample_cols[] = { "cur", "tta_s", "ttm_s", "ttr_s" };
#define SAMPLES_QUERY "queries/metrics/samples.sql"

struct sample_read {
	int col[4];
	struct samples s[3];
};

static int sample_row(void *ctx, sqlite3_stmt *st, struct recur_error *err)
{
	struct sample_read *sr = ctx;
	int k, c, cur;

	if (!sqlite3_stmt_busy(st)) {
		for (k = 0; k < 4; k++) {
			for (c = 0; c < sqlite3_column_count(st) &&
				    strcmp(sqlite3_column_name(st, c), sample_cols[k]); c++)
				;
			if (c == sqlite3_column_count(st))
				return recur_error_set(err, "the query returns no column '%s': restore "
						       "the file or fix it in the share folder",
						       sample_cols[k]);
			sr->col[k] = c;
		}
		return 0;
	}
	cur = sqlite3_column_int64(st, sr->col[0]) != 0;
	for (k = 0; k < 3; k++) {
		struct samples *s = &sr->s[k];
		int t = sqlite3_column_type(st, sr->col[k + 1]);
		double v = sqlite3_column_double(st, sr->col[k + 1]);

		if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
			continue;
		if (cur) {
			xgrow((void **)&s->cur, &s->capcur, s->ncur + 1, sizeof(double));
			s->cur[s->ncur++] = v;
		} else {
			xgrow((void **)&s->prev, &s->capprev, s->nprev + 1, sizeof(double));
			s->prev[s->nprev++] = v;
		}
	}
	return 0;
}

/* The median of a (sorted here), for the direction of a change. */
static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static double median(double *a, size_t n)
{
	if (!n)
		return 0;
	qsort(a, n, sizeof(*a), cmp_double);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

static struct recur_json *duration_test(struct samples *s, const char *metric, const char *what)
{
	struct recur_mwu r;
	struct recur_json *o;
	double mc, mp;

	recur_stats_mann_whitney(s->cur, s->ncur, s->prev, s->nprev, &r);
	mc = recur_metrics_minutes(median(s->cur, s->ncur));
	mp = recur_metrics_minutes(median(s->prev, s->nprev));
	o = entry(metric, what, r.exact ? "Mann\xe2\x80\x93Whitney U (exact)"
			      : "Mann\xe2\x80\x93Whitney U (normal approximation)",
		  mc, mp, "U", r.u, r.p, s->ncur > 0 && s->nprev > 0);
	recur_json_set_number(o, "n", (double)s->ncur);
	recur_json_set_number(o, "prev_n", (double)s->nprev);
	return o;
}

struct recur_json *recur_metrics_significance(struct recur_metrics_run *q,
					      const struct recur_json *totals)
{
	struct sample_read sr;
	struct recur_json *a = NULL;
	int k;

	memset(&sr, 0, sizeof(sr));
	if (recur_db_each_file(q->db, SAMPLES_QUERY, q->params, q->nparams, sample_row, &sr, q->err))
		goto out;
	a = recur_json_new(RECUR_JSON_ARRAY);
	recur_json_push(a, count_test("Incidents", "The number of incidents",
				      num_of(totals, "incidents"), num_of(totals, "prev_incidents"),
				      &q->per));
	recur_json_push(a, count_test("SEV1\xe2\x80\x93" "2 incidents",
				      "The number of SEV1\xe2\x80\x93" "2 incidents",
				      num_of(totals, "sev12"), num_of(totals, "prev_sev12"), &q->per));
	recur_json_push(a, duration_test(&sr.s[0], "TTA", "Time to acknowledge"));
	recur_json_push(a, duration_test(&sr.s[1], "TTM", "Time to mitigate"));
	recur_json_push(a, duration_test(&sr.s[2], "TTR", "Time to resolve"));
out:
	for (k = 0; k < 3; k++) {
		free(sr.s[k].cur);
		free(sr.s[k].prev);
	}
	return a;
}
