// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig placement: which pages of a faulted region to pin so that the
 * pinned pageblocks follow a chosen density and layout, and what that
 * placement predicts.  Pure functions of their arguments (and of rng).
 *
 * Only pageblocks the region owns entirely are candidates: a pin spoils a
 * block only where the block would otherwise come free when the region is
 * freed (lab-machine.md, "What a pinned page spoils": pins in blocks that
 * were never free cost nothing measurable).
 */
#include "kcontig/internal.h"

#include <gsl/gsl_randist.h>

#include <stdlib.h>
#include <string.h>

const char *kc_layout_name(enum kc_layout l)
{
	return l == KC_CLUSTERED ? "clustered" : "spread";
}

int kc_layout_parse(const char *name)
{
	if (!strcmp(name, "spread"))
		return KC_SPREAD;
	if (!strcmp(name, "clustered"))
		return KC_CLUSTERED;
	return -1;
}

struct pfn_at {
	uint64_t pfn;
	size_t index;
};

static int cmp_pfn_at(const void *a, const void *b)
{
	const struct pfn_at *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The region's known pages sorted by pfn, duplicates (never expected) kept
 * once; *out_n gets how many.  NULL when out of memory. */
static struct pfn_at *sorted_pages(const uint64_t *pfns, size_t n, size_t *out_n)
{
	struct pfn_at *s = malloc((n ? n : 1) * sizeof(*s));
	size_t m = 0;

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (pfns[i])
			s[m++] = (struct pfn_at){ pfns[i], i };
	}
	qsort(s, m, sizeof(*s), cmp_pfn_at);
	*out_n = 0;
	for (size_t i = 0; i < m; i++) {
		if (!*out_n || s[*out_n - 1].pfn != s[i].pfn)
			s[(*out_n)++] = s[i];
	}
	return s;
}

static size_t full_blocks_sorted(const struct pfn_at *s, size_t m, uint64_t *blocks)
{
	size_t nb = 0, run = 0;

	for (size_t i = 0; i < m; i++) {
		bool same = i && kc_block_of(s[i].pfn) == kc_block_of(s[i - 1].pfn);

		run = same ? run + 1 : 1;
		if (run == KC_BLOCK_PAGES)
			blocks[nb++] = kc_block_of(s[i].pfn);
	}
	return nb;
}

size_t kc_full_blocks(const uint64_t *pfns, size_t n, uint64_t *blocks)
{
	size_t m, nb;
	struct pfn_at *s = sorted_pages(pfns, n, &m);

	if (!s)
		return 0;
	nb = full_blocks_sorted(s, m, blocks);
	free(s);
	return nb;
}

/* The index into pfns[] of the page at pfn (which the region holds). */
static size_t index_of(const struct pfn_at *s, size_t m, uint64_t pfn)
{
	struct pfn_at key = { pfn, 0 };
	const struct pfn_at *hit = bsearch(&key, s, m, sizeof(*s), cmp_pfn_at);

	return hit ? hit->index : SIZE_MAX;
}

/* k pages of one group of 64 full blocks; returns how many written. */
static size_t place_group(const struct pfn_at *s, size_t m, const uint64_t *group,
			  unsigned k, enum kc_layout layout, gsl_rng *rng, size_t *out)
{
	unsigned all[KC_BLOCK_PAGES], chosen[KC_BLOCK_PAGES];
	size_t n = 0;

	for (unsigned i = 0; i < KC_BLOCK_PAGES; i++)
		all[i] = i;
	if (layout == KC_SPREAD) {
		gsl_ran_choose(rng, chosen, k, all, KC_GROUP_BLOCKS, sizeof(unsigned));
		for (unsigned i = 0; i < k; i++) {
			uint64_t off = gsl_rng_uniform_int(rng, KC_BLOCK_PAGES);

			out[n++] = index_of(s, m, group[chosen[i]] * KC_BLOCK_PAGES + off);
		}
		return n;
	}
	uint64_t block = group[gsl_rng_uniform_int(rng, KC_GROUP_BLOCKS)];

	gsl_ran_choose(rng, chosen, k, all, KC_BLOCK_PAGES, sizeof(unsigned));
	for (unsigned i = 0; i < k; i++)
		out[n++] = index_of(s, m, block * KC_BLOCK_PAGES + chosen[i]);
	return n;
}

size_t kc_place(const uint64_t *pfns, size_t n, unsigned k, enum kc_layout layout,
		gsl_rng *rng, size_t *picked)
{
	size_t m, nb, nr = 0;
	struct pfn_at *s;
	uint64_t *blocks;

	if (!k || k > KC_MAX_K)
		return 0;
	s = sorted_pages(pfns, n, &m);
	blocks = malloc((n / KC_BLOCK_PAGES + 1) * sizeof(*blocks));
	if (s && blocks) {
		nb = full_blocks_sorted(s, m, blocks);
		for (size_t g = 0; g + KC_GROUP_BLOCKS <= nb; g += KC_GROUP_BLOCKS)
			nr += place_group(s, m, blocks + g, k, layout, rng, picked + nr);
		qsort(picked, nr, sizeof(*picked), cmp_size);
	}
	free(blocks);
	free(s);
	return nr;
}

/* Blocks of pfns[0..n) in [start, end), sorted and unique; NULL if no memory. */
static uint64_t *unique_blocks(const uint64_t *pfns, size_t n, uint64_t start,
			       uint64_t end, size_t *out_n)
{
	uint64_t *b = malloc((n ? n : 1) * sizeof(*b));
	size_t m = 0, u = 0;

	if (!b)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (pfns[i] >= start && pfns[i] < end)
			b[m++] = kc_block_of(pfns[i]);
	}
	qsort(b, m, sizeof(*b), cmp_u64);
	for (size_t i = 0; i < m; i++) {
		if (!u || b[u - 1] != b[i])
			b[u++] = b[i];
	}
	*out_n = u;
	return b;
}

size_t kc_blocks_hit(const uint64_t *pfns, size_t n, uint64_t start_pfn, uint64_t end_pfn)
{
	size_t u = 0;
	uint64_t *b = unique_blocks(pfns, n, start_pfn, end_pfn, &u);

	free(b);
	return u;
}

size_t kc_predict_free(const uint64_t *blocks, size_t nr_blocks,
		       const uint64_t *pinned, size_t nr_pinned)
{
	size_t u = 0, spoiled = 0;
	uint64_t *hit = unique_blocks(pinned, nr_pinned, 0, UINT64_MAX, &u);

	if (!hit)
		return 0;
	for (size_t i = 0; i < nr_blocks; i++)
		spoiled += bsearch(&blocks[i], hit, u, sizeof(*hit), cmp_u64) != NULL;
	free(hit);
	return nr_blocks - spoiled;
}

size_t kc_lower_bound(const uint64_t *a, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
