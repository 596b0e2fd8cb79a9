/*
 * stats.c — significance tests for reviews (stats.h): the exact Poisson
 * test of two counts and the Mann–Whitney U test of two samples of
 * durations. It decides nothing itself: metrics.c compares the p-values with
 * RECUR_STATS_ALPHA. Results follow R's poisson.test and wilcox.test, so a
 * reader can check them there.
 */
#include "recur/stats.h"
#include "recur/mem.h"

#include <math.h>
#include <stdlib.h>

double recur_stats_norm_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* log P(X = i) for X ~ Binomial(n, p), 0 < p < 1. */
static double log_binom_pmf(long long i, long long n, double p)
{
	return lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) +
	       (double)i * log(p) + (double)(n - i) * log1p(-p);
}

double recur_stats_poisson_test(long long k1, double t1, long long k2, double t2)
{
	long long n = k1 + k2, i;
	double p, d, sum = 0;

	if (n <= 0 || k1 < 0 || k2 < 0 || !(t1 > 0) || !(t2 > 0))
		return 1;
	p = t1 / (t1 + t2);
	d = log_binom_pmf(k1, n, p);
	/* every outcome no more likely than the observed one; the relative
	 * slack of 1e-7 is R's, so equally likely outcomes count despite
	 * rounding */
	for (i = 0; i <= n; i++) {
		double li = log_binom_pmf(i, n, p);

		if (li <= d + log1p(1e-7))
			sum += exp(li);
	}
	return sum < 1 ? sum : 1;
}

struct obs {
	double v;
	int first; /* 1: from the first sample */
};

static int cmp_obs(const void *x, const void *y)
{
	const struct obs *a = x, *b = y;

	return a->v < b->v ? -1 : a->v > b->v ? 1 : a->first - b->first;
}

/*
 * The number of orderings of na + nb values with each U = 0 .. na*nb: the
 * coefficients of the Gaussian binomial [na+nb choose na] in q, built as
 * the product over i of (1 − q^(nb+i)) / (1 − q^i). Caller owns the result.
 */
static double *u_counts(size_t na, size_t nb)
{
	size_t size = (na + 1) * (nb + 1), i, u;
	double *c = xcalloc(size, sizeof(*c));

	c[0] = 1;
	for (i = 1; i <= na; i++) {
		size_t k = nb + i;

		for (u = size - 1; u >= k; u--) /* times (1 − q^k) */
			c[u] -= c[u - k];
		for (u = i; u < size; u++)      /* divided by (1 − q^i) */
			c[u] += c[u - i];
	}
	return c;
}

/* Two-sided exact p of U = u (a whole number), as R: twice the nearer tail. */
static double exact_p(double u, size_t na, size_t nb)
{
	double *c = u_counts(na, nb), total = 0, tail = 0;
	size_t k, max = na * nb;

	for (k = 0; k <= max; k++)
		total += c[k];
	for (k = 0; k <= max; k++)
		if (u > (double)max / 2 ? (double)k >= u : (double)k <= u)
			tail += c[k];
	free(c);
	tail = 2 * tail / total;
	return tail < 1 ? tail : 1;
}

void recur_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			      struct recur_mwu *out)
{
	size_t n = na + nb, i, j;
	struct obs *o;
	double rank_a = 0, ties = 0, mean, var, z;

	out->u = out->z = 0;
	out->p = 1;
	out->exact = 0;
	if (!na || !nb)
		return;
	o = xmalloc(n * sizeof(*o));
	for (i = 0; i < na; i++)
		o[i] = (struct obs){ a[i], 1 };
	for (i = 0; i < nb; i++)
		o[na + i] = (struct obs){ b[i], 0 };
	qsort(o, n, sizeof(*o), cmp_obs);
	for (i = 0; i < n; i = j) {
		double t, mid;
		size_t k;

		for (j = i + 1; j < n && o[j].v == o[i].v; j++)
			;
		t = (double)(j - i);
		mid = (double)(i + 1 + j) / 2; /* the mean of ranks i+1 .. j */
		for (k = i; k < j; k++)
			if (o[k].first)
				rank_a += mid;
		ties += t * t * t - t;
	}
	free(o);
	out->u = rank_a - (double)na * (double)(na + 1) / 2;
	if (ties == 0 && na <= RECUR_STATS_MWU_EXACT_MAX && nb <= RECUR_STATS_MWU_EXACT_MAX) {
		out->exact = 1;
		out->p = exact_p(out->u, na, nb);
		return;
	}
	mean = (double)na * (double)nb / 2;
	var = (double)na * (double)nb / 12 *
	      ((double)(n + 1) - ties / ((double)n * (double)(n - 1)));
	if (!(var > 0))
		return; /* every value equal: no evidence of a difference */
	z = out->u - mean;
	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sqrt(var);
	out->z = z;
	out->p = 2 * recur_stats_norm_cdf(-fabs(z));
	if (out->p > 1)
		out->p = 1;
}
