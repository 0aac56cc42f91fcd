// SPDX-License-Identifier: GPL-2.0
/* Summary statistics and Welch's test, with GSL doing the arithmetic. */
#include "core/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Copies the finite values of v into a new array; *nf gets their count. */
static double *finite_copy(const double *v, size_t n, size_t *nf)
{
	double *out = malloc((n ? n : 1) * sizeof(*out));
	size_t k = 0;

	if (!out)
		abort();
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]))
			out[k++] = v[i];
	*nf = k;
	return out;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	if (!n)
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
}

static double harmonic_mean(const double *v, size_t n)
{
	double inv = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] <= 0)
			return NAN;
		inv += 1.0 / v[i];
	}
	return n ? (double)n / inv : NAN;
}

static void stats_all_nan(struct stats *st)
{
	st->min = st->median = st->mean = st->stddev = st->cv = NAN;
	st->p95 = st->p99 = st->max = st->ci_lo = st->ci_hi = st->hmean = NAN;
	st->med_ci_lo = st->med_ci_hi = NAN;
}

/*
 * The largest rank j with P(Binomial(n, 1/2) <= j - 1) <= 2.5%: then
 * [x(j), x(n + 1 - j)] misses the median with at most 5% probability.  It
 * needs no normal samples, which a busy machine's timings are not (one
 * slow batch moves the mean, not this).
 */
size_t stats_median_ci_rank(size_t n)
{
	size_t j = 0;

	while (j < n / 2 && gsl_cdf_binomial_P((unsigned)j, 0.5, (unsigned)n) <= 0.025)
		j++;
	return j;
}

void stats_median_ci_sorted(const double *sorted, size_t n, double *lo, double *hi)
{
	size_t j = stats_median_ci_rank(n);

	*lo = j ? sorted[j - 1] : NAN;
	*hi = j ? sorted[n - j] : NAN;
}

void stats_compute(const double *v, size_t n, struct stats *st)
{
	size_t nf;
	double *x = finite_copy(v, n, &nf);

	st->n = nf;
	st->n_missing = n - nf;
	stats_all_nan(st);
	if (nf) {
		gsl_sort(x, 1, nf);
		st->min = x[0];
		st->max = x[nf - 1];
		st->median = stats_quantile_sorted(x, nf, 0.5);
		st->p95 = stats_quantile_sorted(x, nf, 0.95);
		st->p99 = stats_quantile_sorted(x, nf, 0.99);
		st->mean = gsl_stats_mean(x, 1, nf);
		st->hmean = harmonic_mean(x, nf);
		stats_median_ci_sorted(x, nf, &st->med_ci_lo, &st->med_ci_hi);
	}
	if (nf >= 2) {
		/* t-based 95% interval of the mean: mean +- t(0.975, n-1) s/sqrt(n). */
		double half;

		st->stddev = gsl_stats_sd_m(x, 1, nf, st->mean);
		st->cv = st->mean != 0 ? st->stddev / st->mean : NAN;
		half = gsl_cdf_tdist_Pinv(0.975, (double)(nf - 1)) * st->stddev / sqrt((double)nf);
		st->ci_lo = st->mean - half;
		st->ci_hi = st->mean + half;
	}
	free(x);
}

double stats_welch_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n1, n2;
	double *x = finite_copy(a, na, &n1), *y = finite_copy(b, nb, &n2);
	double p = NAN;

	if (n1 >= 2 && n2 >= 2) {
		double v1 = gsl_stats_variance(x, 1, n1) / (double)n1;
		double v2 = gsl_stats_variance(y, 1, n2) / (double)n2;
		double diff = gsl_stats_mean(x, 1, n1) - gsl_stats_mean(y, 1, n2);

		if (v1 + v2 == 0) {
			p = diff == 0 ? 1.0 : 0.0;	/* no noise: any difference is real */
		} else {
			double t = diff / sqrt(v1 + v2);
			/* Welch-Satterthwaite degrees of freedom. */
			double df = (v1 + v2) * (v1 + v2) /
				    (v1 * v1 / (double)(n1 - 1) + v2 * v2 / (double)(n2 - 1));

			p = 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
		}
	}
	free(x);
	free(y);
	return p;
}

/* A value and which sample it came from, for ranking the pooled samples. */
struct ranked {
	double v;
	int from_a;
};

static int ranked_cmp(const void *x, const void *y)
{
	double a = ((const struct ranked *)x)->v, b = ((const struct ranked *)y)->v;

	return (a > b) - (a < b);
}

/*
 * Sum of the ranks of a's values in the pooled sorted sample (ties get the
 * mean of their ranks), and the tie term sum(t^3 - t) over tied groups.
 */
static double rank_sum_a(const struct ranked *p, size_t n, double *ties)
{
	double sum = 0;

	*ties = 0;
	for (size_t i = 0, j; i < n; i = j + 1) {
		double t, rank;

		for (j = i; j + 1 < n && p[j + 1].v == p[i].v; j++)
			;
		t = (double)(j - i + 1);
		rank = (double)(i + j) / 2.0 + 1.0;
		*ties += t * t * t - t;
		for (size_t k = i; k <= j; k++)
			sum += p[k].from_a ? rank : 0;
	}
	return sum;
}

static double mannwhitney_of(const double *x, size_t n1, const double *y, size_t n2)
{
	size_t n = n1 + n2;
	struct ranked *p = malloc(n * sizeof(*p));
	double ties, u, mu, var, z;

	if (!p)
		return NAN;
	for (size_t i = 0; i < n; i++)
		p[i] = i < n1 ? (struct ranked){ x[i], 1 } : (struct ranked){ y[i - n1], 0 };
	qsort(p, n, sizeof(*p), ranked_cmp);
	u = rank_sum_a(p, n, &ties) - (double)n1 * (double)(n1 + 1) / 2.0;
	free(p);
	mu = (double)n1 * (double)n2 / 2.0;
	var = (double)n1 * (double)n2 / 12.0 *
	      ((double)(n + 1) - ties / ((double)n * (double)(n - 1)));
	if (var <= 0)
		return u == mu ? 1.0 : 0.0;	/* every value equal */
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	return 2.0 * gsl_cdf_ugaussian_Q(z > 0 ? z : 0);
}

double stats_mannwhitney_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n1, n2;
	double *x = finite_copy(a, na, &n1), *y = finite_copy(b, nb, &n2);
	double p = n1 >= 2 && n2 >= 2 && x && y ? mannwhitney_of(x, n1, y, n2) : NAN;

	free(x);
	free(y);
	return p;
}
