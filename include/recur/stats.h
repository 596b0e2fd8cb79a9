/*
 * stats.h — the significance tests a review uses to decide whether a change
 * from the previous period is worth calling out.
 *
 *   counts     an exact two-sided test that two Poisson counts have the same
 *              rate, given the lengths of their periods: conditional on the
 *              total n = k1 + k2, k1 ~ Binomial(n, t1 / (t1 + t2)); the
 *              p-value sums the probabilities of every outcome no more likely
 *              than k1 (R's poisson.test / binom.test, "minlike").
 *   durations  the Mann–Whitney U test (two-sided): exact when both samples
 *              are small and have no ties, else the normal approximation
 *              with tie and continuity corrections (R's wilcox.test).
 *
 * Pure functions over numbers; no allocation the caller sees.
 */
#ifndef RECUR_STATS_H
#define RECUR_STATS_H

#include <stddef.h>

/* Changes with a p-value below this are called significant in reports. */
#define RECUR_STATS_ALPHA 0.05
/* The exact U distribution is used when both samples have at most this many
 * values and there are no ties (counts stay exact in doubles). */
#define RECUR_STATS_MWU_EXACT_MAX 20

/*
 * Two-sided p-value that count k1 over exposure t1 and k2 over t2 (e.g. the
 * days of two months) come from the same Poisson rate. 1 when k1 + k2 = 0 or
 * an exposure is not positive.
 */
double recur_stats_poisson_test(long long k1, double t1, long long k2, double t2);

struct recur_mwu {
	double u;      /* U of the first sample: pairs (a, b) with a > b, ties ½ */
	double z;      /* the normal deviate (0 when exact) */
	double p;      /* two-sided p-value; 1 when a sample is empty */
	int exact;     /* 1 when p comes from the exact distribution */
};

/*
 * The Mann–Whitney U test of samples a[0..na) and b[0..nb) (any order; NaNs
 * not allowed). Fills *out.
 */
void recur_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			      struct recur_mwu *out);

/* P(Z <= z) for a standard normal Z. */
double recur_stats_norm_cdf(double z);

#endif
