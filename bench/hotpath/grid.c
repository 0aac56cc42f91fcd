// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/grid.c - the cases a sweep measures: pinned shares within
 * pin_limit, and how many cases that makes per design.
 */
#include "hotpath/internal.h"

bool hp_over_pin_limit(const struct hp_sweep *s, uint64_t size, double pct)
{
	return hp_pinned_pages(size, pct) > s->pin_limit;
}

size_t hp_pinnings(const struct hp_sweep *s, uint64_t size, struct hp_pinning *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nr_pinned; i++) {
		double pct = s->pinned[i];

		if (hp_over_pin_limit(s, size, pct))
			continue;
		if (pct == 0 || pct == 100) {
			out[n++] = (struct hp_pinning){ pct, HP_PLACE_RANDOM, "-" };
			continue;
		}
		for (int p = 0; p < HP_NR_PLACES; p++)
			if (s->places[p])
				out[n++] = (struct hp_pinning){ pct, p, hp_place_name(p) };
	}
	return n;
}

static size_t count_set(const bool *set, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += set[i];
	return c;
}

static size_t mems_usable(const struct hp_sweep *s, int nr_nodes)
{
	return s->mems[HP_MEM_LOCAL] + (s->mems[HP_MEM_REMOTE] && nr_nodes > 1);
}

size_t hp_cases_per_design(const struct hp_sweep *s, int nr_nodes)
{
	struct hp_pinning p[HP_MAX_PINNINGS];
	size_t shares = 0;

	for (size_t i = 0; i < s->nr_sizes; i++)
		shares += hp_pinnings(s, s->sizes[i], p);
	return shares * s->nr_threads * mems_usable(s, nr_nodes) *
	       count_set(s->orders, HP_NR_ORDERS) * count_set(s->ops, HP_NR_OPS);
}
