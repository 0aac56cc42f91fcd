// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/pinhash_hash.c - names of the pin-table hashes and jhash2.
 *
 * jhash2 is written here from the description of Bob Jenkins' lookup3
 * (include/linux/jhash.h, read at v3.10 and unchanged in substance since):
 * the state is three u32 words; mix() runs six steps "x -= y; x ^= rol(y, r);
 * y += z" over the rotating triple (a, c, b) with r = 4, 6, 8, 16, 19, 4;
 * final() runs seven steps "x ^= y; x -= rol(y, r)" over (c, b), (a, c),
 * (b, a), ... with r = 14, 11, 25, 16, 4, 14, 24.  The steps are tables
 * here so that the shape of the algorithm is visible at a glance.
 */
#include "kernels/pinhash_hash.h"


const char *const pinhash_hash_names[PINHASH_NR_HASHES + 1] = {
	[PINHASH_GOLDEN] = "golden",
	[PINHASH_PRIME2013] = "prime2013",
	[PINHASH_MODULO] = "modulo",
	[PINHASH_JHASH] = "jhash",
};

const char *pinhash_hash_name(enum pinhash_hash h)
{
	return (unsigned)h < PINHASH_NR_HASHES ? pinhash_hash_names[h] : NULL;
}

static void jhash_mix(uint32_t s[3])
{
	static const unsigned rot[6] = { 4, 6, 8, 16, 19, 4 };

	for (unsigned i = 0; i < 6; i++) {
		uint32_t *x = &s[i % 3], *y = &s[(i + 2) % 3], *z = &s[(i + 1) % 3];

		*x -= *y;
		*x ^= pinhash_rol32(*y, rot[i]);
		*y += *z;
	}
}

static void jhash_final(uint32_t s[3])
{
	static const unsigned rot[7] = { 14, 11, 25, 16, 4, 14, 24 };

	for (unsigned i = 0; i < 7; i++) {
		uint32_t *x = &s[(i + 2) % 3], *y = &s[(i + 1) % 3];

		*x ^= *y;
		*x -= pinhash_rol32(*y, rot[i]);
	}
}

uint32_t pinhash_jhash2(const uint32_t *k, uint32_t nwords, uint32_t initval)
{
	uint32_t start = PINHASH_JHASH_INITVAL + (nwords << 2) + initval;
	uint32_t s[3] = { start, start, start };

	for (; nwords > 3; nwords -= 3, k += 3) {
		for (unsigned i = 0; i < 3; i++)
			s[i] += k[i];
		jhash_mix(s);
	}
	if (nwords == 0)	/* nothing left: the state is returned unmixed */
		return s[2];
	for (unsigned i = 0; i < nwords; i++)
		s[i] += k[i];
	jhash_final(s);
	return s[2];
}
