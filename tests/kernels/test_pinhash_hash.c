// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kernels/test_pinhash_hash.c - the pin-table hash functions against values
 * worked out from their published formulas, and the ideal-hash formulas
 * against exact enumeration and a Monte Carlo run of a truly random hash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/pinhash_hash.h"
#include "pinhash/ideal.h"

/* 0x61C8864680B583EB >> 54: the top ten bits 0110000111 = 391, by hand. */
static void test_golden_matches_hash_64(void **state)
{
	(void)state;
	assert_int_equal(pinhash_hash_64(1, 10), 391);
	assert_int_equal(pinhash_hash_64(2, 10), 782);	/* 2 * GR: no wrap yet */
	for (uint64_t pfn = 0; pfn < 5000; pfn += 7)
		for (unsigned bits = 1; bits <= 24; bits++)
			assert_int_equal(pinhash_bucket(PINHASH_GOLDEN, pfn, 1ul << bits),
					 pinhash_hash_64(pfn, bits));
}

/* hash_64 of v3.10 as its source writes it: shifts and adds, not a multiply. */
static uint64_t hash_64_v310(uint64_t val, unsigned bits)
{
	uint64_t hash = val, n = val;

	n <<= 18; hash -= n;
	n <<= 33; hash -= n;
	n <<= 3; hash += n;
	n <<= 3; hash -= n;
	n <<= 4; hash += n;
	n <<= 2; hash += n;
	return hash >> (64 - bits);
}

static void test_prime2013_matches_v310(void **state)
{
	(void)state;
	for (uint64_t pfn = 0; pfn < 100000; pfn += 13)
		assert_int_equal(pinhash_bucket(PINHASH_PRIME2013, pfn, 1 << 12),
				 hash_64_v310(pfn, 12));
	/* 0x9e37... >> 54 = 1001111000 = 632, by hand. */
	assert_int_equal(pinhash_bucket(PINHASH_PRIME2013, 1, 1024), 632);
}

/* Non-power-of-two sizes: floor(N * frac(pfn * A / 2^64)). */
static void test_any_size_mapping(void **state)
{
	(void)state;
	/* 1000 * 0x61C8864680B583EB / 2^64 = 381.966..: floor 381. */
	assert_int_equal(pinhash_bucket(PINHASH_GOLDEN, 1, 1000), 381);
	assert_int_equal(pinhash_bucket(PINHASH_PRIME2013, 1, 1000), 618);
	assert_int_equal(pinhash_bucket(PINHASH_MODULO, 12345, 6000), 345);
	for (uint64_t pfn = 0; pfn < 20000; pfn += 3)
		for (size_t n = 1; n < 70; n += 17)
			for (int h = 0; h < PINHASH_NR_HASHES; h++)
				assert_true(pinhash_bucket(h, pfn, n) < n);
}

/*
 * jhash2 with no words returns its start state INITVAL + initval; the other
 * values come from an independent Python transcription of lookup3's
 * hashword() (the kernel's jhash2), run once by hand.
 */
static void test_jhash_known_values(void **state)
{
	static const uint32_t w3[] = { 1, 2, 3 }, w4[] = { 1, 2, 3, 4 },
			      w7[] = { 1, 2, 3, 4, 5, 6, 7 };
	(void)state;
	assert_int_equal(pinhash_jhash2(NULL, 0, 5), 0xdeadbeefu + 5);
	assert_int_equal(pinhash_jhash2(w3, 3, 0), 0xa46158f5u);
	assert_int_equal(pinhash_jhash2(w4, 4, 7), 0xbcb62b19u);
	assert_int_equal(pinhash_jhash2(w7, 7, 0), 0x3e606a2cu);
	assert_int_equal(pinhash_jhash_pfn(0), 0x58c184bfu);
	assert_int_equal(pinhash_jhash_pfn(1), 0x5543253fu);
	assert_int_equal(pinhash_jhash_pfn(0x12345), 0x056b6569u);
	assert_int_equal(pinhash_jhash_pfn(0x100000001ull), 0x70562bcfu);
	assert_int_equal(pinhash_bucket(PINHASH_JHASH, 1, 1000), 0x5543253fu % 1000);
}

static void test_hash_names(void **state)
{
	(void)state;
	for (int h = 0; h < PINHASH_NR_HASHES; h++)
		assert_string_equal(pinhash_hash_name(h), pinhash_hash_names[h]);
	assert_null(pinhash_hash_names[PINHASH_NR_HASHES]);	/* a word list's end */
	assert_null(pinhash_hash_name(PINHASH_NR_HASHES));
}

/* ---- the ideal formulas ---- */

struct enumerated {
	double empty, chain_mean, probes_hit, chain_max, p_max_le[8], p_bucket0_le[8];
};

/* Every one of the m^n assignments of n keys to m buckets, averaged. */
static void enumerate_all(unsigned n, unsigned m, struct enumerated *e)
{
	unsigned long total = 1;
	uint32_t chain[8];

	for (unsigned i = 0; i < n; i++)
		total *= m;
	*e = (struct enumerated){ 0 };
	for (unsigned long code = 0; code < total; code++) {
		struct chain_stats st;
		unsigned long c = code;

		for (unsigned b = 0; b < m; b++)
			chain[b] = 0;
		for (unsigned i = 0; i < n; i++, c /= m)
			chain[c % m]++;
		chain_stats_compute(chain, m, &st);
		e->empty += st.empty / total;
		e->chain_mean += st.chain_mean / total;
		e->probes_hit += st.probes_hit / total;
		e->chain_max += st.chain_max / total;
		for (unsigned k = 0; k < 8; k++) {
			e->p_max_le[k] += (st.chain_max <= k) / (double)total;
			e->p_bucket0_le[k] += (chain[0] <= k) / (double)total;
		}
	}
}

static void test_ideal_matches_enumeration(void **state)
{
	static const unsigned sizes[][2] = {
		{ 1, 1 }, { 2, 3 }, { 3, 2 }, { 4, 3 }, { 5, 4 }, { 3, 5 }, { 7, 3 }, { 6, 6 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned n = sizes[i][0], m = sizes[i][1];
		struct enumerated e;

		enumerate_all(n, m, &e);
		assert_float_equal(ideal_empty_buckets(n, m), e.empty, 1e-9);
		assert_float_equal(ideal_chain_mean(n, m), e.chain_mean, 1e-9);
		assert_float_equal(ideal_probes_hit(n, m), e.probes_hit, 1e-9);
		assert_float_equal(ideal_chain_max(n, m), e.chain_max, 1e-9);
		for (unsigned k = 0; k < 8; k++)
			assert_float_equal(ideal_prob_max_at_most_exact(n, m, k),
					   e.p_max_le[k], 1e-9);
		/* The p99 of one bucket's chain: the first k whose CDF reaches 0.99. */
		unsigned k99 = 0;

		while (e.p_bucket0_le[k99] < 0.99 - 1e-12)
			k99++;
		assert_int_equal(ideal_chain_quantile(n, m, 0.99), k99);
	}
	/* By hand: 2 keys, 2 buckets: empty = 2 * 1/4 = 0.5; E[max] = 1.5. */
	assert_float_equal(ideal_empty_buckets(2, 2), 0.5, 1e-12);
	assert_float_equal(ideal_chain_max(2, 2), 1.5, 1e-12);
	assert_float_equal(ideal_probes_miss(6, 4), 1.5, 1e-12);
}

static void test_max_approximation_close(void **state)
{
	(void)state;
	/* Beyond IDEAL_EXACT_MAX_N the approximation is used: it must agree. */
	for (unsigned long m = 64; m <= 256; m *= 2) {
		double exact = 0, approx = 0, tail = 1;

		for (unsigned k = 0; tail > 1e-9; k++) {
			tail = 1 - ideal_prob_max_at_most_exact(256, m, k);
			exact += tail;
			approx += 1 - ideal_prob_max_at_most_approx(256, m, k);
		}
		assert_float_equal(exact, approx, 0.05 * exact);
	}
}

static void test_chain_stats_by_hand(void **state)
{
	static const uint32_t chain[] = { 0, 1, 2, 3 };
	struct chain_stats st;

	(void)state;
	chain_stats_compute(chain, 4, &st);
	assert_int_equal(st.n, 6);
	assert_float_equal(st.empty, 1, 0);
	assert_float_equal(st.chain_mean, 14.0 / 6, 1e-12);	/* (1+4+9)/6 */
	assert_float_equal(st.probes_hit, 10.0 / 6, 1e-12);	/* (1+3+6)/6 */
	assert_float_equal(st.chain_max, 3, 0);
	assert_float_equal(st.chain_p99, 3, 0);
}

/* A truly random hash (GSL's generator) over many trials lands on the formulas. */
static void test_ideal_monte_carlo(void **state)
{
	enum { N = 3000, M = 1000, TRIALS = 300 };
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	uint32_t *chain = malloc(M * sizeof(*chain));
	double empty = 0, mean = 0, hit = 0, max = 0;

	(void)state;
	gsl_rng_set(rng, 42);
	for (int t = 0; t < TRIALS; t++) {
		struct chain_stats st;

		for (int b = 0; b < M; b++)
			chain[b] = 0;
		for (int i = 0; i < N; i++)
			chain[gsl_rng_uniform_int(rng, M)]++;
		chain_stats_compute(chain, M, &st);
		empty += st.empty / TRIALS;
		mean += st.chain_mean / TRIALS;
		hit += st.probes_hit / TRIALS;
		max += st.chain_max / TRIALS;
	}
	/* Tolerances: about 4 standard errors of each mean over 300 trials. */
	assert_float_equal(empty, ideal_empty_buckets(N, M), 1.5);
	assert_float_equal(mean, ideal_chain_mean(N, M), 0.01);
	assert_float_equal(hit, ideal_probes_hit(N, M), 0.005);
	assert_float_equal(max, ideal_chain_max(N, M), 0.15);
	free(chain);
	gsl_rng_free(rng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_matches_hash_64),
		cmocka_unit_test(test_prime2013_matches_v310),
		cmocka_unit_test(test_any_size_mapping),
		cmocka_unit_test(test_jhash_known_values),
		cmocka_unit_test(test_hash_names),
		cmocka_unit_test(test_ideal_matches_enumeration),
		cmocka_unit_test(test_max_approximation_close),
		cmocka_unit_test(test_chain_stats_by_hand),
		cmocka_unit_test(test_ideal_monte_carlo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
