// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/compact.c - compact_zone() over a model zone: the migrate
 * scanner and the loop; the free scanner is in freescan.c, the migration
 * with its retries in migrate.c.
 *
 * Follows mm/compaction.c and mm/migrate.c of torvalds/linux at commit
 * 0003e2a41468 (between v6.6 and v6.8), as compact_node() runs them for
 * /proc/sys/vm/compact_memory: MIGRATE_SYNC, whole zone, skip hints
 * ignored.  Left out, because the model has no buddy orders or
 * migratetypes: the free-list fast searches (fast_isolate_freepages,
 * fast_find_migrateblock), skip hints and cached scanner positions, and
 * lock contention.  A model page is always order 0, so a scanner steps one
 * pfn at a time where the kernel may jump over a large buddy.  A design's
 * migrate() is one call where migrate_pages_batch() unmaps every folio of
 * the batch and then moves them: the passes and retries are the kernel's,
 * the pairing of sources with targets can differ when a move fails late.
 */
#include "cmodel/internal.h"
#include "core/timer.h"

#include <errno.h>
#include <string.h>

/* ---- the migrate scanner ---------------------------------------------- */

/*
 * isolate_migratepages_block() (mm/compaction.c, 6.12.118): free pages are
 * stepped over; so is a large folio of pageblock order or more, whole
 * (skip_isolation_on_order(): compact_memory's order -1 and a pageblock
 * request alike), however it is pinned; an anon LRU page with references
 * beyond its mappings is left alone when the zone's kernel has the 2014
 * check (cm_zone.skip_referenced); everything else is isolated when it can
 * be (pin_mem_isolate: LRU or non-LRU movable), COMPACT_CLUSTER_MAX at a
 * time.
 */
static bool skip_referenced(const struct cm_cc *cc, const struct page *page)
{
	if (!cc->z->skip_referenced || !page_test_flag(page, PG_lru) ||
	    !pin_mem_anon_referenced(page))
		return false;
	/* A mover's kernel lets through the pinned pages it knows how to move. */
	return !(cc->z->moves_pinned && cc->mem->ops->maybe_pinned(cc->mem, page));
}

/* A large folio's pages after pfn, or 0 for a small page or a smaller folio. */
static unsigned long large_folio_rest(const struct cm_cc *cc, struct page *page,
				      unsigned long pfn)
{
	struct page *head = page_folio_head(page);
	unsigned long head_pfn, nr;

	if (head == page && !page_test_flag(page, PG_head))
		return 0;
	nr = 1ul << page_folio_order(cc->mem, head);
	if (nr < cc->pb_nr)
		return 0;
	head_pfn = pin_mem_memmap_pfn(cc->mem, head);
	return head_pfn + nr - 1 - pfn;
}

static void isolate_block(struct cm_cc *cc, unsigned long low_pfn, unsigned long end_pfn)
{
	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page = pin_mem_memmap_page(cc->mem, low_pfn);
		unsigned long rest;

		cc->st->scanned++;
		cm_trace_event(cc, CM_EV_SCAN, low_pfn);
		if (page_test_flag(page, PG_buddy)) {
			cm_trace_event(cc, CM_EV_SKIP_FREE, low_pfn);
			continue;
		}
		rest = large_folio_rest(cc, page, low_pfn);
		if (rest) {
			cm_trace_event(cc, CM_EV_SKIP_LARGE, low_pfn);
			cc->st->scanned += rest;
			low_pfn += rest;
			continue;
		}
		if (skip_referenced(cc, page)) {
			cc->st->skipped_pinned++;
			cm_trace_event(cc, CM_EV_SKIP_PINNED, low_pfn);
			continue;
		}
		if (!pin_mem_isolate(cc->mem, page)) {
			cm_trace_event(cc, CM_EV_SKIP_OTHER, low_pfn);
			continue;
		}
		cc->src[cc->nr_src++] = (struct cm_src){ .page = page, .pfn = low_pfn };
		cc->st->isolated++;
		cm_trace_event(cc, CM_EV_ISOLATE, low_pfn);
		if (cc->nr_src >= cc->z->cluster_max) {
			low_pfn++;
			break;
		}
	}
	cc->migrate_pfn = low_pfn;
}

/*
 * isolate_migratepages(): the first block at or after migrate_pfn that
 * ends at or below the free scanner.  True when pages were isolated.
 */
static bool isolate_migratepages(struct cm_cc *cc)
{
	unsigned long bend = cm_block_end(cc, cc->migrate_pfn);

	if (bend <= cc->free_pfn)
		isolate_block(cc, cc->migrate_pfn, bend);
	return cc->nr_src > 0;
}

/*
 * The 2014 check applies to every design whose pin is a reference
 * (PIN_DESIGN_PIN_IS_REFERENCE, kernels/pin_design.h) on a kernel that has
 * it; CM_SKIP_NONE is the kernel before v3.15, which isolated such pages
 * and learnt of the pin only when migration failed.
 */
void cm_zone_set_design(struct cm_zone *z, const struct pin_design_ops *ops,
			enum cm_skip skip)
{
	z->skip_referenced = skip == CM_SKIP_2014 &&
			     pin_design_flagged(ops, PIN_DESIGN_PIN_IS_REFERENCE);
	z->moves_pinned = pin_design_flagged(ops, PIN_DESIGN_MOVES_PINNED);
}

/* ---- compact_zone() --------------------------------------------------- */

static bool scanners_met(const struct cm_cc *cc)
{
	unsigned order = cc->z->pageblock_order;

	return (cc->free_pfn >> order) <= (cc->migrate_pfn >> order);
}

/*
 * __compact_finished(): the scanners met; or, for a pageblock-order
 * request, the migrate scanner just finished a block and it is now wholly
 * free (in the model a free pageblock is the order-9 buddy).  Blocks the
 * migrate scanner left behind do not change afterwards, so the one just
 * finished is the only new candidate.  Unlike the kernel, a block that was
 * free before compaction does not count: the point is to make one (the
 * benchmark's zones have none to begin with).
 */
static enum cm_result compact_finished(const struct cm_cc *cc, bool *cont)
{
	*cont = false;
	if (scanners_met(cc))
		return CM_COMPLETE;
	if (cc->mode == CM_ONE_BLOCK && !(cc->migrate_pfn & (cc->pb_nr - 1)) &&
	    cc->migrate_pfn > cc->z->start_pfn &&
	    cm_block_is_free(cc->z, cc->migrate_pfn - cc->pb_nr))
		return CM_SUCCESS;
	*cont = true;
	return CM_COMPLETE;
}

static void compact_loop(struct cm_cc *cc)
{
	bool cont;

	for (;;) {
		cc->st->result = compact_finished(cc, &cont);
		if (!cont)
			return;
		if (!isolate_migratepages(cc))
			continue;
		if (cm_migrate_pages(cc) == -ENOMEM && !scanners_met(cc)) {
			cm_finish_batch(cc);
			cc->st->result = CM_CONTENDED;
			return;
		}
		cm_finish_batch(cc);
	}
}

void cm_compact_zone(struct cm_zone *z, enum cm_mode mode, struct cm_stats *st,
		     const struct cm_trace *tr)
{
	struct cm_cc cc = {
		.z = z, .mem = z->mem, .mode = mode, .st = st, .tr = tr,
		.pb_nr = 1ul << z->pageblock_order,
		.migrate_pfn = z->start_pfn,
	};
	uint64_t t0;

	memset(st, 0, sizeof(*st));
	if (z->cluster_max == 0 || z->cluster_max > CM_CLUSTER_MAX_LIMIT)
		z->cluster_max = CM_CLUSTER_MAX;
	/* compact_zone(): the free scanner starts in the last pageblock. */
	cc.free_pfn = cm_block_start(&cc, z->end_pfn - 1);
	st->free_blocks_before = cm_zone_free_blocks(z);
	t0 = timer_now();
	compact_loop(&cc);
	cm_release_freepages(&cc);
	st->ticks = timer_now() - t0;
	st->free_blocks_after = cm_zone_free_blocks(z);
}
