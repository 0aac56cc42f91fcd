/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/pinhash_hash.h - the hash functions a pinned-page table can use,
 * and how each maps a pfn into a table of any size N.
 *
 * golden     hash_64() of include/linux/hash.h since v4.7 (2016):
 *            val * GOLDEN_RATIO_64 >> (64 - bits).
 * prime2013  hash_64() as it was when the global pin hash was proposed
 *            (include/linux/hash.h, v3.10 .. v4.6): a multiply by the
 *            bit-sparse GOLDEN_RATIO_PRIME_64 0x9e37fffffffc0001, written
 *            there as shifts and adds.  It was replaced because sparse
 *            multipliers mix poorly; the pin hash of 2013 would have used it.
 * modulo     pfn % N: what a hand-rolled table does.
 * jhash      include/linux/jhash.h jhash2() of the pfn as two u32 words
 *            (what rhashtable uses for an 8-byte key), then % N as
 *            rhashtable's rht_bucket_index() (& (size - 1)) for powers of 2.
 *
 * Any N, not only powers of two: golden and prime2013 take the high bits of
 * the 64-bit product as hash_64 does, generalised as Knuth's multiplicative
 * method: bucket = floor(N * frac(pfn * A / 2^64)), i.e. the high 64 bits of
 * the 128-bit product (pfn * A mod 2^64) * N.  For N = 2^bits this is
 * exactly hash_64(pfn, bits).
 */
#ifndef PINBENCH_PINHASH_HASH_H
#define PINBENCH_PINHASH_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PINHASH_GOLDEN_RATIO_64 0x61C8864680B583EBull
#define PINHASH_GOLDEN_RATIO_PRIME_64 0x9e37fffffffc0001ull
#define PINHASH_JHASH_INITVAL 0xdeadbeefu

enum pinhash_hash {
	PINHASH_GOLDEN,
	PINHASH_PRIME2013,
	PINHASH_MODULO,
	PINHASH_JHASH,
	PINHASH_NR_HASHES
};

/* "golden", "prime2013", "modulo", "jhash" by enum, then NULL. */
extern const char *const pinhash_hash_names[PINHASH_NR_HASHES + 1];
/* The name of h; NULL when out of range. */
const char *pinhash_hash_name(enum pinhash_hash h);

static inline uint32_t pinhash_rol32(uint32_t w, unsigned s)
{
	return (w << s) | (w >> ((32 - s) & 31));
}

/*
 * jhash2() of include/linux/jhash.h (Bob Jenkins' lookup3 hashword()):
 * state a = b = c = INITVAL + 4 * nwords + initval; each full 3-word block
 * is added then mixed; the last 1..3 words are added then finalised.
 */
uint32_t pinhash_jhash2(const uint32_t *k, uint32_t nwords, uint32_t initval);

/* The pfn as jhash2 sees an unsigned long on little-endian x86-64. */
static inline uint32_t pinhash_jhash_pfn(uint64_t pfn)
{
	uint32_t words[2] = { (uint32_t)pfn, (uint32_t)(pfn >> 32) };

	return pinhash_jhash2(words, 2, 0);
}

/* hash_64(val, bits) as in include/linux/hash.h (v4.7+), 1 <= bits <= 64. */
static inline uint64_t pinhash_hash_64(uint64_t val, unsigned bits)
{
	return val * PINHASH_GOLDEN_RATIO_64 >> (64 - bits);
}

/* High 64 bits of (x * n): maps a uniform 64-bit x into [0, n). */
static inline uint64_t pinhash_scale(uint64_t x, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)x * n) >> 64);
}

/* The bucket of pfn in a table of nbuckets (>= 1) buckets. */
static inline size_t pinhash_bucket(enum pinhash_hash h, uint64_t pfn, size_t nbuckets)
{
	switch (h) {
	case PINHASH_GOLDEN:
		return pinhash_scale(pfn * PINHASH_GOLDEN_RATIO_64, nbuckets);
	case PINHASH_PRIME2013:
		return pinhash_scale(pfn * PINHASH_GOLDEN_RATIO_PRIME_64, nbuckets);
	case PINHASH_MODULO:
		return pfn % nbuckets;
	case PINHASH_JHASH:
	default:
		return pinhash_jhash_pfn(pfn) % nbuckets;
	}
}

#endif
