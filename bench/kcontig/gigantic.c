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

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

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
		uint64_t pfn = (z->start_pfn + KC_1G_PAGES - 1) & ~(uint64_t)(KC_1G_PAGES - 1);

		for (; z->node == node && pfn + KC_1G_PAGES <= end; pfn += KC_1G_PAGES)
			n += !any_pinned(pinned, nr_pinned, pfn, pfn + KC_1G_PAGES);
	}
	return n;
}

void kc_gigantic_try(int node, uint64_t node_pages, struct knob *k, struct kc_hugetlb *g)
{
	char path[128];

	gigantic_path(node, path, sizeof(path));
	if (access(path, W_OK)) {
		*g = (struct kc_hugetlb){ .err = -ENOENT };
		return;
	}
	kc_pool_raise(path, (long)(node_pages / KC_1G_PAGES), NULL, k, g);
	knob_restore(k);
}
