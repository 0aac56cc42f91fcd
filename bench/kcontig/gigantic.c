// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig gigantic: a 1 GiB page, where the kernel offers them.
 *
 * Raising a node's hugepages-1048576kB/nr_hugepages makes the kernel call
 * alloc_contig_pages() per page (alloc_gigantic_folio(), mm/hugetlb.c):
 * it walks each zone of the node in 1 GiB-aligned steps, skips a range
 * that leaves the zone or holds a reserved or hugetlb page
 * (pfn_range_valid_contig(), mm/page_alloc.c, v6.12.118), and asks
 * alloc_contig_range() to migrate everything out of the first candidate;
 * a long-term pinned page fails that migration.  So the ranges holding no
 * pinned page bound what it can give from above (unmovable pages block
 * too, and are not predicted).  The pool is put back at once, before the
 * 2 MiB pages are asked for.
 */
#include "kcontig/internal.h"
#include "workloads/knob.h"
#include "core/timer.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define GIGA_PAGES (1ul << 18)	/* 4 KiB pages in 1 GiB */

static void gigantic_path(int node, char *out, size_t len)
{
	snprintf(out, len, "/sys/devices/system/node/node%d/hugepages/hugepages-1048576kB/"
		 "nr_hugepages", node);
}

/* Does any of pinned[0..n) (ascending) lie in [lo, hi)? */
static bool any_pinned(const uint64_t *pinned, size_t n, uint64_t lo, uint64_t hi)
{
	size_t i = kc_lower_bound(pinned, n, lo);

	return i < n && pinned[i] < hi;
}

size_t kc_gigantic_pin_free(const struct zone_span *zones, int nr_zones, int node,
			    const uint64_t *pinned, size_t nr_pinned)
{
	size_t n = 0;

	for (int i = 0; i < nr_zones; i++) {
		const struct zone_span *z = &zones[i];
		uint64_t end = z->start_pfn + z->spanned;
		uint64_t pfn = (z->start_pfn + GIGA_PAGES - 1) & ~(uint64_t)(GIGA_PAGES - 1);

		for (; z->node == node && pfn + GIGA_PAGES <= end; pfn += GIGA_PAGES)
			n += !any_pinned(pinned, nr_pinned, pfn, pfn + GIGA_PAGES);
	}
	return n;
}

void kc_gigantic_try(int node, long want, struct knob *k, struct kc_gigantic *g)
{
	char path[128], value[32];
	uint64_t t0;
	long before, now;

	gigantic_path(node, path, sizeof(path));
	g->obtained = 0;
	g->ms = 0;
	g->err = access(path, W_OK) ? -ENOENT : 0;
	before = g->err ? -1 : kc_read_count(path);
	if (before < 0) {
		g->err = -ENOENT;
		return;
	}
	snprintf(value, sizeof(value), "%ld", before + want);
	t0 = timer_clock_ns(CLOCK_MONOTONIC);
	g->err = knob_set(k, path, value);
	g->ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	now = kc_read_count(path);
	g->obtained = now > before ? now - before : 0;
	knob_restore(k);
}
