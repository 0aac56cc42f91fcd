/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/stats.h - the statistics reported for every measured case,
 * computed with GSL.  NaN samples (missing values) are left out and counted.
 */
#ifndef PINBENCH_STATS_H
#define PINBENCH_STATS_H

#include <stddef.h>

struct stats {
	size_t n;		/* finite samples used */
	size_t n_missing;	/* NaN samples left out */
	double min, median, mean, stddev, cv;	/* cv = stddev / mean */
	double p95, p99, max;
	double ci_lo, ci_hi;	/* 95% t-interval of the mean */
	double med_ci_lo, med_ci_hi;	/* >= 95% order-statistic interval of the median */
	double hmean;		/* harmonic mean (NaN unless all > 0) */
};

/* Fills st from v[0..n); v is not modified.  All NaN when n finite == 0. */
void stats_compute(const double *v, size_t n, struct stats *st);
/*
 * The distribution-free interval of the median (binomial order statistics):
 * the 1-based ranks lo and n + 1 - lo of sorted data that hold the median
 * with at least 95% confidence; 0 when n < 6 (no such pair exists).
 */
size_t stats_median_ci_rank(size_t n);
/* That interval over sorted data: *lo and *hi, NaN both when n < 6. */
void stats_median_ci_sorted(const double *sorted, size_t n, double *lo, double *hi);
/* Quantile q in [0,1] of sorted data (GSL's linear interpolation). */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/*
 * Welch's two-sample t-test: the two-sided p-value that means of a and b
 * differ.  NaN when either side has fewer than 2 finite samples.
 */
double stats_welch_p(const double *a, size_t na, const double *b, size_t nb);

/*
 * Mann-Whitney U (Wilcoxon rank-sum) test: the two-sided p-value that one
 * sample tends to lie above the other, from the normal approximation with
 * tie and continuity corrections (rough below about 8 samples a side).  It
 * assumes no normal samples, so one slow rep cannot make or hide a
 * difference.  NaN when either side has fewer than 2 finite samples.
 */
double stats_mannwhitney_p(const double *a, size_t na, const double *b, size_t nb);

#endif
