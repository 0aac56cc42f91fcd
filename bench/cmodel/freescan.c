// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/freescan.c - the free scanner of compact_zone() over a model
 * zone: isolate_freepages() and the target list compaction_alloc() hands
 * out (mm/compaction.c at torvalds/linux 0003e2a41468; see compact.c).
 */
#include "cmodel/internal.h"

#include <string.h>

bool cm_block_is_free(const struct cm_zone *z, unsigned long start)
{
	unsigned long end = start + (1ul << z->pageblock_order);

	for (unsigned long pfn = start; pfn < end; pfn++)
		if (!page_test_flag(pin_mem_memmap_page(z->mem, pfn), PG_buddy))
			return false;
	return true;
}

unsigned long cm_zone_free_blocks(const struct cm_zone *z)
{
	unsigned long n = 0, nr = 1ul << z->pageblock_order;

	for (unsigned long pfn = z->start_pfn; pfn + nr <= z->end_pfn; pfn += nr)
		n += cm_block_is_free(z, pfn);
	return n;
}

/* ---- the free scanner ------------------------------------------------- */

/*
 * isolate_freepages_block(), non-strict, stride 1 (sync): take free pages
 * until there are as many as pages to migrate.
 */
static void isolate_free_block(struct cm_cc *cc, unsigned long *start_pfn,
			       unsigned long end_pfn)
{
	unsigned long pfn = *start_pfn;

	for (; pfn < end_pfn; pfn++) {
		struct page *page = pin_mem_memmap_page(cc->mem, pfn);

		cc->st->free_scanned++;
		cm_trace_event(cc, CM_EV_FREE_SCAN, pfn);
		if (!page_test_flag(page, PG_buddy))
			continue;
		page = pin_mem_take_free_pfn(cc->mem, pfn);
		if (!page)
			continue;	/* raced with an allocation */
		cc->freel[cc->nr_free++] = page;	/* list_add_tail */
		cc->st->targets++;
		cm_trace_event(cc, CM_EV_TARGET, pfn);
		if (cc->nr_src <= cc->nr_free) {
			pfn++;
			break;
		}
	}
	*start_pfn = pfn;
}

/*
 * split_map_pages() adds each page of each isolated buddy at the head of a
 * new list in turn: the list comes out in the reverse of isolation order,
 * highest pfn first, and compaction_alloc() hands out targets that way.
 * (isolate_freepages() runs only when the list is empty.)
 */
static void split_map_pages(struct cm_cc *cc)
{
	for (size_t i = 0, j = cc->nr_free; i + 1 < j; i++, j--) {
		struct page *t = cc->freel[i];

		cc->freel[i] = cc->freel[j - 1];
		cc->freel[j - 1] = t;
	}
}

/*
 * isolate_freepages(): from the free scanner's block downwards, never into
 * the migrate scanner's block; a block that is wholly free is left alone
 * (suitable_migration_target: a buddy of pageblock order).
 */
static void isolate_freepages(struct cm_cc *cc)
{
	unsigned long isolate_start = cc->free_pfn;
	unsigned long bstart = cm_block_start(cc, isolate_start);
	unsigned long bend = bstart + cc->pb_nr;
	unsigned long low_pfn = cm_block_end(cc, cc->migrate_pfn);

	if (bend > cc->z->end_pfn)
		bend = cc->z->end_pfn;
	for (; bstart >= low_pfn; bend = bstart, bstart -= cc->pb_nr,
	     isolate_start = bstart) {
		if (cm_block_is_free(cc->z, bstart))
			continue;
		isolate_free_block(cc, &isolate_start, bend);
		if (cc->nr_free >= cc->nr_src) {
			/* Restart at the block below if this one is used up. */
			if (isolate_start >= bend)
				isolate_start = bstart - cc->pb_nr;
			break;
		}
	}
	cc->free_pfn = isolate_start;
	split_map_pages(cc);
}

/* compaction_alloc(): the head of the free list, refilling it when empty. */
struct page *cm_compaction_alloc(struct cm_cc *cc)
{
	struct page *dst;

	if (!cc->nr_free)
		isolate_freepages(cc);
	if (!cc->nr_free)
		return NULL;
	dst = cc->freel[0];
	memmove(cc->freel, cc->freel + 1, --cc->nr_free * sizeof(cc->freel[0]));
	return dst;
}

/* compaction_free(): an unused target goes back to the list head. */
void cm_compaction_free(struct cm_cc *cc, struct page *dst)
{
	memmove(cc->freel + 1, cc->freel, cc->nr_free++ * sizeof(cc->freel[0]));
	cc->freel[0] = dst;
}

void cm_release_freepages(struct cm_cc *cc)
{
	for (size_t i = 0; i < cc->nr_free; i++)
		pin_mem_put_refs(cc->mem, cc->freel[i], 1);
	cc->nr_free = 0;
}
