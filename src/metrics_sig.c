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

struct recur_json *recur_metrics_json_clone(const struct recur_json *v)
{
	struct recur_json *c;
	size_t i;

	if (!v)
		return recur_json_new(RECUR_JSON_NULL);
	switch (v->type) {
	case RECUR_JSON_STRING: return recur_json_new_stringn(v->str, v->len);
	case RECUR_JSON_NUMBER: return recur_json_new_number(v->num);
	case RECUR_JSON_ARRAY:
		c = recur_json_new(RECUR_JSON_ARRAY);
		for (i = 0; i < v->n; i++)
			recur_json_push(c, recur_metrics_json_clone(v->items[i]));
		return c;
	case RECUR_JSON_OBJECT:
		c = recur_json_new(RECUR_JSON_OBJECT);
		for (i = 0; i < v->n; i++)
			recur_json_set(c, v->keys[i], recur_metrics_json_clone(v->items[i]));
		return c;
	default: return recur_json_new(v->type);
	}
}

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

/* The two samples of one duration column, in minutes. */
struct samples {
	double *cur, *prev;
	size_t ncur, nprev;
};

static void split(const struct recur_table *t, const char *col, struct samples *s)
{
	size_t r;

	s->cur = xmalloc((t->nrows + 1) * sizeof(double));
	s->prev = xmalloc((t->nrows + 1) * sizeof(double));
	s->ncur = s->nprev = 0;
	for (r = 0; r < t->nrows; r++) {
		const struct recur_cell *c = recur_metrics_cell(t, r, col);
		const struct recur_cell *k = recur_metrics_cell(t, r, "cur");

		if (c->type != RECUR_CELL_INT && c->type != RECUR_CELL_REAL)
			continue;
		if (k->num != 0)
			s->cur[s->ncur++] = c->num;
		else
			s->prev[s->nprev++] = c->num;
	}
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

static struct recur_json *duration_test(const struct recur_table *t, const char *metric,
					const char *what, const char *col)
{
	struct samples s;
	struct recur_mwu r;
	struct recur_json *o;
	double mc, mp;

	split(t, col, &s);
	recur_stats_mann_whitney(s.cur, s.ncur, s.prev, s.nprev, &r);
	mc = recur_metrics_minutes(median(s.cur, s.ncur));
	mp = recur_metrics_minutes(median(s.prev, s.nprev));
	o = entry(metric, what, r.exact ? "Mann\xe2\x80\x93Whitney U (exact)"
			      : "Mann\xe2\x80\x93Whitney U (normal approximation)",
		  mc, mp, "U", r.u, r.p, s.ncur > 0 && s.nprev > 0);
	recur_json_set_number(o, "n", (double)s.ncur);
	recur_json_set_number(o, "prev_n", (double)s.nprev);
	free(s.cur);
	free(s.prev);
	return o;
}

struct recur_json *recur_metrics_significance(struct recur_metrics_run *q,
					      const struct recur_json *totals)
{
	static const struct recur_metrics_field f[] = {
		{ "cur", "cur", AS_IS },     { "tta_s", "tta_s", AS_IS },
		{ "ttm_s", "ttm_s", AS_IS }, { "ttr_s", "ttr_s", AS_IS },
	};
	struct recur_json *a;
	struct recur_table *t;

	if (recur_metrics_query(q, "samples", f, NFIELDS(f), 0, &t))
		return NULL;
	a = recur_json_new(RECUR_JSON_ARRAY);
	recur_json_push(a, count_test("Incidents", "The number of incidents",
				      num_of(totals, "incidents"), num_of(totals, "prev_incidents"),
				      &q->per));
	recur_json_push(a, count_test("SEV1\xe2\x80\x93" "2 incidents",
				      "The number of SEV1\xe2\x80\x93" "2 incidents",
				      num_of(totals, "sev12"), num_of(totals, "prev_sev12"), &q->per));
	recur_json_push(a, duration_test(t, "TTA", "Time to acknowledge", "tta_s"));
	recur_json_push(a, duration_test(t, "TTM", "Time to mitigate", "ttm_s"));
	recur_json_push(a, duration_test(t, "TTR", "Time to resolve", "ttr_s"));
	recur_table_free(t);
	return a;
}
