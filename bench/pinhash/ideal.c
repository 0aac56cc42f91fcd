// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/ideal.c - balls into bins: the ideal hash's chain lengths,
 * and the same measures of a real table.  See pinhash_ideal.h.
 */
#include "pinhash/ideal.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

double ideal_empty_buckets(double n, double m)
{
	/* log1p keeps (1 - 1/m)^n exact for large m. */
	return m * exp(n * log1p(-1.0 / m));
}

double ideal_chain_mean(double n, double m)
{
	/* E[sum c^2] = n + n (n - 1) / m for c ~ Binomial(n, 1/m) per bucket. */
	return n > 0 ? 1.0 + (n - 1.0) / m : 0.0;
}

double ideal_probes_hit(double n, double m)
{
	/* The k-th key of a chain costs k probes: sum c(c+1)/2 over buckets. */
	return n > 0 ? 1.0 + (n - 1.0) / (2.0 * m) : 0.0;
}

double ideal_probes_miss(double n, double m)
{
	return n / m;
}

unsigned ideal_chain_quantile(unsigned long n, unsigned long m, double q)
{
	unsigned k = 0;

	while (k < n && gsl_cdf_binomial_P(k, 1.0 / (double)m, (unsigned)n) < q)
		k++;
	return k;
}

/*
 * Buckets filled one after another: bucket t gets Binomial(r, 1/(m - t)) of
 * the r keys still unplaced, which is the multinomial exactly.  prob[r] is
 * the chance that r keys remain and every bucket so far holds <= k.
 */
double ideal_prob_max_at_most_exact(unsigned long n, unsigned long m, unsigned k)
{
	double *prob = calloc(n + 1, sizeof(*prob)), *next = calloc(n + 1, sizeof(*next));
	double p = 0.0;

	if (!prob || !next)
		goto out;
	prob[n] = 1.0;
	for (unsigned long t = 0; t + 1 < m; t++) {
		for (unsigned long r = 0; r <= n; r++)
			next[r] = 0.0;
		for (unsigned long r = 0; r <= n; r++)
			for (unsigned c = 0; prob[r] > 0 && c <= k && c <= r; c++)
				next[r - c] += prob[r] *
					gsl_ran_binomial_pdf(c, 1.0 / (double)(m - t), (unsigned)r);
		double *swap = prob; prob = next; next = swap;
	}
	/* The last bucket takes whatever remains. */
	for (unsigned long r = 0; r <= n && r <= k; r++)
		p += prob[r];
out:
	free(prob);
	free(next);
	return p;
}

double ideal_prob_max_at_most_approx(unsigned long n, unsigned long m, unsigned k)
{
	double f = gsl_cdf_binomial_P(k, 1.0 / (double)m, (unsigned)n);

	return f > 0 ? exp((double)m * log(f)) : 0.0;
}

double ideal_prob_max_at_most(unsigned long n, unsigned long m, unsigned k)
{
	if (n <= IDEAL_EXACT_MAX_N)
		return ideal_prob_max_at_most_exact(n, m, k);
	return ideal_prob_max_at_most_approx(n, m, k);
}

double ideal_chain_max(unsigned long n, unsigned long m)
{
	double e = 0.0;

	/* E[max] = sum over k >= 0 of P(max > k). */
	for (unsigned k = 0; k < n; k++) {
		double tail = 1.0 - ideal_prob_max_at_most(n, m, k);

		if (tail < 1e-12)
			break;
		e += tail;
	}
	return e;
}

void chain_stats_compute(const uint32_t *chain, size_t m, struct chain_stats *out)
{
	unsigned long n = 0, empty = 0, max = 0;
	double sq = 0.0;

	for (size_t i = 0; i < m; i++) {
		n += chain[i];
		empty += chain[i] == 0;
		sq += (double)chain[i] * chain[i];
		if (chain[i] > max)
			max = chain[i];
	}
	size_t *hist = calloc(max + 1, sizeof(*hist));
	bool have_hist = hist != NULL;
	unsigned long k = 0;

	if (have_hist) {
		for (size_t i = 0; i < m; i++)
			hist[chain[i]]++;
		/* Smallest k with at least 99% of the buckets at or below it. */
		for (size_t below = hist[0]; (double)below < 0.99 * (double)m - 1e-9;)
			below += hist[++k];
	}
	free(hist);
	*out = (struct chain_stats){
		.n = n, .m = m, .empty = (double)empty,
		.chain_mean = n ? sq / (double)n : 0.0,
		.chain_p99 = have_hist ? (double)k : NAN,
		.chain_max = (double)max,
		.probes_hit = n ? (sq + (double)n) / (2.0 * (double)n) : 0.0,
	};
}
