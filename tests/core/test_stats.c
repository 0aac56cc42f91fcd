// SPDX-License-Identifier: GPL-2.0
/* Statistics against values worked out by hand (and checked with Python). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "core/stats.h"

static const double sample[] = { 9, 4, 2, 5, 4, 7, 4, 5 };	/* unsorted on purpose */
#define EPS 1e-4

static void summary_of_known_sample(void **state)
{
	struct stats st;

	(void)state;
	stats_compute(sample, 8, &st);
	assert_int_equal(st.n, 8);
	assert_int_equal(st.n_missing, 0);
	assert_float_equal(st.min, 2, EPS);
	assert_float_equal(st.max, 9, EPS);
	assert_float_equal(st.median, 4.5, EPS);
	assert_float_equal(st.mean, 5, EPS);
	assert_float_equal(st.stddev, sqrt(32.0 / 7.0), EPS);	/* sample (n-1) sd */
	assert_float_equal(st.cv, sqrt(32.0 / 7.0) / 5, EPS);
	/* Linear interpolation: h = (n-1)q = 6.65 -> 7 + 0.65 * (9 - 7). */
	assert_float_equal(st.p95, 8.3, EPS);
	assert_float_equal(st.p99, 7 + 0.93 * 2, EPS);
	/* t(0.975, 7) = 2.364626; half width = t * sd / sqrt(8) = 1.787489. */
	assert_float_equal(st.ci_lo, 5 - 1.787489, EPS);
	assert_float_equal(st.ci_hi, 5 + 1.787489, EPS);
	assert_float_equal(st.hmean, 8 / (1 / 2.0 + 3 / 4.0 + 2 / 5.0 + 1 / 7.0 + 1 / 9.0), EPS);
}

static void missing_values_are_left_out(void **state)
{
	const double v[] = { 1, NAN, 3 };
	struct stats st;

	(void)state;
	stats_compute(v, 3, &st);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.n_missing, 1);
	assert_float_equal(st.mean, 2, EPS);
	assert_float_equal(st.median, 2, EPS);
}

static void single_sample_has_no_spread(void **state)
{
	const double v[] = { 42 };
	struct stats st;

	(void)state;
	stats_compute(v, 1, &st);
	assert_int_equal(st.n, 1);
	assert_float_equal(st.median, 42, EPS);
	assert_true(isnan(st.stddev));
	assert_true(isnan(st.ci_lo));
}

static void all_missing_is_all_nan(void **state)
{
	const double v[] = { NAN, NAN };
	struct stats st;

	(void)state;
	stats_compute(v, 2, &st);
	assert_int_equal(st.n, 0);
	assert_int_equal(st.n_missing, 2);
	assert_true(isnan(st.mean) && isnan(st.median) && isnan(st.min));
}

/*
 * Ranks from the binomial CDF worked out by hand: n = 20: P(X <= 5) = 0.0207,
 * P(X <= 6) = 0.0577, so ranks 6 and 15; n = 10: P(X <= 1) = 0.0107,
 * P(X <= 2) = 0.0547, ranks 2 and 9; n = 5: P(X <= 0) = 0.031, none.
 */
static void median_interval_from_order_statistics(void **state)
{
	double v[20];
	struct stats st;

	(void)state;
	assert_int_equal(stats_median_ci_rank(20), 6);
	assert_int_equal(stats_median_ci_rank(10), 2);
	assert_int_equal(stats_median_ci_rank(6), 1);
	assert_int_equal(stats_median_ci_rank(5), 0);
	for (int i = 0; i < 20; i++)
		v[i] = 20 - i;			/* 20..1, unsorted on purpose */
	stats_compute(v, 20, &st);
	assert_float_equal(st.med_ci_lo, 6, EPS);
	assert_float_equal(st.med_ci_hi, 15, EPS);
	v[0] = 1e6;				/* one wild sample leaves it alone */
	stats_compute(v, 20, &st);
	assert_float_equal(st.med_ci_lo, 6, EPS);
	assert_float_equal(st.med_ci_hi, 15, EPS);
	stats_compute(v, 5, &st);
	assert_true(isnan(st.med_ci_lo) && isnan(st.med_ci_hi));
}

/*
 * Worked out by hand (and checked with Python, same formula): 1..5 against
 * 6..10: U = 0, mean 12.5, variance 25/12 * 11, z = 12/4.787 = 2.507,
 * p = 0.012186; with ties, {1,2,2,3,3} against {2,3,4,4,5}: U = 4,
 * p = 0.085673; a sample against itself: p = 1.
 */
static void mannwhitney_matches_hand_computation(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	const double c[] = { 3, 2, 1, 3, 2 }, d[] = { 2, 3, 4, 4, 5 };
	const double one[] = { 1 }, wild[] = { 6, 7, 8, 9, 1e9 };

	(void)state;
	assert_float_equal(stats_mannwhitney_p(a, 5, b, 5), 0.012186, 1e-5);
	assert_float_equal(stats_mannwhitney_p(b, 5, a, 5), 0.012186, 1e-5);
	assert_float_equal(stats_mannwhitney_p(c, 5, d, 5), 0.085673, 1e-5);
	assert_float_equal(stats_mannwhitney_p(a, 5, a, 5), 1.0, 1e-9);
	/* one wild sample changes nothing: ranks, not values */
	assert_float_equal(stats_mannwhitney_p(a, 5, wild, 5), 0.012186, 1e-5);
	assert_true(isnan(stats_mannwhitney_p(a, 5, one, 1)));
}

static void welch_matches_hand_computation(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, 10 };

	(void)state;
	/* t = -1.897367, df = 5.882353, two-sided p = 0.107531. */
	assert_float_equal(stats_welch_p(a, 5, b, 5), 0.107531, 1e-5);
	assert_float_equal(stats_welch_p(a, 5, a, 5), 1.0, 1e-9);
	assert_true(isnan(stats_welch_p(a, 1, b, 5)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summary_of_known_sample),
		cmocka_unit_test(missing_values_are_left_out),
		cmocka_unit_test(single_sample_has_no_spread),
		cmocka_unit_test(all_missing_is_all_nan),
		cmocka_unit_test(welch_matches_hand_computation),
		cmocka_unit_test(median_interval_from_order_statistics),
		cmocka_unit_test(mannwhitney_matches_hand_computation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
