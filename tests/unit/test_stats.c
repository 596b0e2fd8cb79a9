/*
 * test_stats.c — the significance tests (stats.h) against values worked out
 * by hand (the working is in the comments; R's poisson.test and wilcox.test
 * give the same numbers).
 */
#include "harness.h"
#include "recur/stats.h"

static void poisson_equal_periods(void)
{
	/* k1 = 3, k2 = 0, equal periods: n = 3, p = 1/2, P(i) = C(3,i)/8 =
	 * 1/8, 3/8, 3/8, 1/8. Outcomes no more likely than P(3) = 1/8: i = 0, 3.
	 * p-value = 2/8 = 0.25 */
	CHECK_NEAR(recur_stats_poisson_test(3, 30, 0, 30), 0.25, 1e-12);
	CHECK_NEAR(recur_stats_poisson_test(0, 30, 3, 30), 0.25, 1e-12);
	/* k1 = 10, k2 = 2: n = 12, P(i) = C(12,i)/4096; P(10) = 66/4096. No more
	 * likely: i = 0 (1), 1 (12), 2 (66), 10 (66), 11 (12), 12 (1) →
	 * 158/4096 = 0.03857421875: significant at 0.05 */
	CHECK_NEAR(recur_stats_poisson_test(10, 31, 2, 31), 158.0 / 4096, 1e-12);
	/* k1 = 6, k2 = 6: P(6) = 924/4096 is the most likely outcome → 1 */
	CHECK_NEAR(recur_stats_poisson_test(6, 30, 6, 30), 1.0, 1e-12);
	/* nothing to compare */
	CHECK_NEAR(recur_stats_poisson_test(0, 30, 0, 30), 1.0, 0);
	CHECK_NEAR(recur_stats_poisson_test(4, 0, 0, 30), 1.0, 0);
}

static void poisson_weighted_by_days(void)
{
	/* k1 = 2 in 31 days, k2 = 0 in 30 days: p = 31/61, n = 2.
	 * P(2) = 31²/61² = 961/3721, P(1) = 2·31·30/3721 = 1860/3721,
	 * P(0) = 900/3721. No more likely than P(2): i = 0, 2 →
	 * (961 + 900)/3721 = 1861/3721 = 0.500134372… */
	CHECK_NEAR(recur_stats_poisson_test(2, 31, 0, 30), 1861.0 / 3721, 1e-12);
	/* a large count works in log space: 1000 vs 1000 over equal days is the
	 * mode → 1; 1100 vs 1000 is not quite 2.2σ (z ≈ 2.24): p ≈ 0.027 */
	CHECK_NEAR(recur_stats_poisson_test(1000, 30, 1000, 30), 1.0, 1e-9);
	CHECK(recur_stats_poisson_test(1100, 30, 1000, 30) < 0.05);
	CHECK(recur_stats_poisson_test(1100, 30, 1000, 30) > 0.02);
}

static void mwu_exact_small(void)
{
	struct recur_mwu r;
	/* a = {1, 2}, b = {3, 4, 5}: every a below every b, U = 0. Orderings of
	 * 2 among 5: C(5,2) = 10, one has U = 0 → P(U ≤ 0) = 1/10, p = 0.2 */
	double a1[] = { 1, 2 }, b1[] = { 3, 4, 5 };
	/* a = {1, 3}, b = {2, 4, 5}: U = 1 (3 > 2). U ≤ 1: {1,2} (U 0), {1,3}
	 * (U 1) → 2/10, p = 0.4 */
	double a2[] = { 3, 1 }, b2[] = { 5, 2, 4 };
	/* 5 vs 6: ranks of a = 1, 3, 4, 7, 9 → R = 24, U = 24 − 15 = 9 (below
	 * the mean 15). Of the C(11,5) = 462 orderings, 76 have U ≤ 9 (counted
	 * by listing them) → p = 2·76/462 = 0.329004329… */
	double a3[] = { 3.1, 7.2, 1.5, 9.9, 4.4 }, b3[] = { 2.2, 8.8, 6.1, 5.0, 10.5, 11.0 };

	recur_stats_mann_whitney(a1, 2, b1, 3, &r);
	CHECK_NEAR(r.u, 0, 0);
	CHECK_INT(r.exact, 1);
	CHECK_NEAR(r.p, 0.2, 1e-12);
	recur_stats_mann_whitney(a2, 2, b2, 3, &r);
	CHECK_NEAR(r.u, 1, 0);
	CHECK_NEAR(r.p, 0.4, 1e-12);
	recur_stats_mann_whitney(a3, 5, b3, 6, &r);
	CHECK_NEAR(r.u, 9, 0);
	CHECK_NEAR(r.p, 152.0 / 462, 1e-12);
	/* swapping the samples mirrors U (5·6 − 9 = 21) and keeps p */
	recur_stats_mann_whitney(b3, 6, a3, 5, &r);
	CHECK_NEAR(r.u, 21, 0);
	CHECK_NEAR(r.p, 152.0 / 462, 1e-12);
}

static void mwu_normal_with_ties(void)
{
	struct recur_mwu r;
	/* a = {1, 2, 2, 3}, b = {2, 3, 3, 4, 5}. Sorted: 1a 2a 2a 2b 3a 3b 3b 4b
	 * 5b; midranks 1; 3 3 3; 6 6 6; 8; 9. R_a = 1 + 3 + 3 + 6 = 13, U = 13 −
	 * 10 = 3; mean n1·n2/2 = 10. Ties: two groups of 3 → Σ(t³ − t) = 48.
	 * σ² = (20/12)·(10 − 48/(9·8)) = 15.5556, σ = 3.94405.
	 * z = (3 − 10 + 0.5)/σ = −1.648051, p = 2·Φ(−1.648051) = 0.0993422 */
	double a[] = { 1, 2, 2, 3 }, b[] = { 2, 3, 3, 4, 5 };

	recur_stats_mann_whitney(a, 4, b, 5, &r);
	CHECK_INT(r.exact, 0);
	CHECK_NEAR(r.u, 3, 0);
	CHECK_NEAR(r.z, -1.6480508, 1e-6);
	CHECK_NEAR(r.p, 0.0993422, 1e-6);
}

static void mwu_edges(void)
{
	struct recur_mwu r;
	double a[] = { 5, 5, 5 }, b[] = { 5, 5 };
	double big_a[30], big_b[30];
	int i;

	recur_stats_mann_whitney(a, 3, b, 0, &r);
	CHECK_NEAR(r.p, 1, 0);
	recur_stats_mann_whitney(a, 3, b, 2, &r); /* all equal: no difference */
	CHECK_NEAR(r.u, 3, 0);
	CHECK_NEAR(r.p, 1, 0);
	/* 30 vs 30 with a clear shift: normal approximation, p tiny.
	 * a = 0..29, b = 20..49: U = pairs a > b = Σ over a≥21 of (a − 20) … − ½
	 * ties; a = 20..29 meet b = 20..29: Σ_{k=0..9} k = 45 pairs with a > b
	 * plus 10 ties → U = 45 + 5 = 50 */
	for (i = 0; i < 30; i++) {
		big_a[i] = i;
		big_b[i] = i + 20;
	}
	recur_stats_mann_whitney(big_a, 30, big_b, 30, &r);
	CHECK_INT(r.exact, 0);
	CHECK_NEAR(r.u, 50, 0);
	CHECK(r.p < 1e-6);
	CHECK_NEAR(recur_stats_norm_cdf(0), 0.5, 1e-15);
	CHECK_NEAR(recur_stats_norm_cdf(-1.959963985), 0.025, 1e-9);
}

int main(void)
{
	RUN(poisson_equal_periods);
	RUN(poisson_weighted_by_days);
	RUN(mwu_exact_small);
	RUN(mwu_normal_with_ties);
	RUN(mwu_edges);
	return HARNESS_END();
}
