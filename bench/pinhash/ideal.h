/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/pinhash/ideal.h - what an ideal uniform hash gives, and the same
 * measures taken from a real table's chain lengths.
 *
 * n keys in m buckets, each key in a uniformly random bucket independently
 * ("balls into bins").  A bucket's chain length is Binomial(n, 1/m).
 * Measures (the measured and the ideal use the same definitions):
 *   empty        buckets with no entry; ideal m (1 - 1/m)^n
 *   chain_mean   mean length of the chain a pinned key sits in,
 *                sum(c^2) / n; ideal 1 + (n - 1) / m.  (The mean over
 *                buckets is n / m for every hash, so it says nothing.)
 *   chain_p99    smallest k with at least 99% of buckets holding <= k;
 *                ideal: the 0.99 quantile of Binomial(n, 1/m)
 *   chain_max    longest chain; ideal E[max], exact for small n (counting
 *                assignments), else the independent-buckets approximation
 *                P(max <= k) ~ P(c <= k)^m
 *   probes_hit   entries compared by a successful lookup, averaged over
 *                the keys: sum(c (c + 1) / 2) / n; ideal 1 + (n - 1) / (2m)
 *   probes_miss  entries compared by a failed lookup of a key whose bucket
 *                is uniform: the whole chain; ideal n / m
 */
#ifndef PINBENCH_PINHASH_IDEAL_H
#define PINBENCH_PINHASH_IDEAL_H

#include <stddef.h>
#include <stdint.h>

double ideal_empty_buckets(double n, double m);
double ideal_chain_mean(double n, double m);
double ideal_probes_hit(double n, double m);
double ideal_probes_miss(double n, double m);
/* Smallest k with P(Binomial(n, 1/m) <= k) >= q. */
unsigned ideal_chain_quantile(unsigned long n, unsigned long m, double q);
/* E[longest chain]. */
double ideal_chain_max(unsigned long n, unsigned long m);
/* P(longest chain <= k): exact for n <= IDEAL_EXACT_MAX_N, else approximate. */
double ideal_prob_max_at_most(unsigned long n, unsigned long m, unsigned k);
double ideal_prob_max_at_most_exact(unsigned long n, unsigned long m, unsigned k);
double ideal_prob_max_at_most_approx(unsigned long n, unsigned long m, unsigned k);
#define IDEAL_EXACT_MAX_N 256

/* The measured counterparts, from chain lengths chain[0..m) holding n keys. */
struct chain_stats {
	unsigned long n, m;
	double empty, chain_mean, chain_p99, chain_max, probes_hit;
};
void chain_stats_compute(const uint32_t *chain, size_t m, struct chain_stats *out);

#endif
