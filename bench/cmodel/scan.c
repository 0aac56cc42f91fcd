// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/scan.c - compact_zone() over a model zone.
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

#include <string.h>

struct cm_src {
	struct page *page;
	unsigned long pfn;
	unsigned attempts;
	uint64_t ticks;		/* spent in migrate() on this page */
	bool done;
	bool perm;		/* failed permanently in the async pass */
};

/* struct compact_control, the parts the model uses. */
struct cm_cc {
	struct cm_zone *z;
	struct pin_mem *mem;
	enum cm_mode mode;
	unsigned long pb_nr;
	unsigned long migrate_pfn, free_pfn;
	/* cc->migratepages: list_add() puts the newest first; [0] is oldest. */
	struct cm_src src[CM_CLUSTER_MAX_LIMIT];
	size_t nr_src;
	/* cc->freepages: [0] is the list head. */
	struct page *freel[2 * CM_CLUSTER_MAX_LIMIT];
	size_t nr_free;
	struct cm_stats *st;
	const struct cm_trace *tr;
};

static void trace(const struct cm_cc *cc, enum cm_event ev, unsigned long pfn)
{
	if (cc->tr && cc->tr->event)
		cc->tr->event(cc->tr->arg, ev, pfn);
}

static unsigned long block_start(const struct cm_cc *cc, unsigned long pfn)
{
	return pfn & ~(cc->pb_nr - 1);
}

static unsigned long block_end(const struct cm_cc *cc, unsigned long pfn)
{
	return block_start(cc, pfn) + cc->pb_nr;
}

static bool block_is_free(const struct cm_zone *z, unsigned long start)
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
		n += block_is_free(z, pfn);
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
		trace(cc, CM_EV_FREE_SCAN, pfn);
		if (!page_test_flag(page, PG_buddy))
			continue;
		page = pin_mem_take_free_pfn(cc->mem, pfn);
		if (!page)
			continue;	/* raced with an allocation */
		cc->freel[cc->nr_free++] = page;	/* list_add_tail */
		cc->st->targets++;
		trace(cc, CM_EV_TARGET, pfn);
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
	unsigned long bstart = block_start(cc, isolate_start);
	unsigned long bend = bstart + cc->pb_nr;
	unsigned long low_pfn = block_end(cc, cc->migrate_pfn);

	if (bend > cc->z->end_pfn)
		bend = cc->z->end_pfn;
	for (; bstart >= low_pfn; bend = bstart, bstart -= cc->pb_nr,
	     isolate_start = bstart) {
		if (block_is_free(cc->z, bstart))
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
static struct page *compaction_alloc(struct cm_cc *cc)
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
static void compaction_free(struct cm_cc *cc, struct page *dst)
{
	memmove(cc->freel + 1, cc->freel, cc->nr_free++ * sizeof(cc->freel[0]));
	cc->freel[0] = dst;
}

static void release_freepages(struct cm_cc *cc)
{
	for (size_t i = 0; i < cc->nr_free; i++)
		pin_mem_put_refs(cc->mem, cc->freel[i], 1);
	cc->nr_free = 0;
}

/* ---- the migrate scanner ---------------------------------------------- */

/*
 * isolate_migratepages_block(): free pages are stepped over; an LRU page
 * that may be pinned is left alone when the design's kernel does so
 * (the racy `ref_count - 1 > mapcount` check today, folio_maybe_dma_pinned
 * in the foll-pin model); everything else is isolated when it can be
 * (pin_mem_isolate: LRU or non-LRU movable), COMPACT_CLUSTER_MAX at a time.
 */
static void isolate_block(struct cm_cc *cc, unsigned long low_pfn, unsigned long end_pfn)
{
	const struct pin_design_ops *ops = cc->mem->ops;

	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page = pin_mem_memmap_page(cc->mem, low_pfn);

		cc->st->scanned++;
		trace(cc, CM_EV_SCAN, low_pfn);
		if (page_test_flag(page, PG_buddy)) {
			trace(cc, CM_EV_SKIP_FREE, low_pfn);
			continue;
		}
		if (cc->z->skip_maybe_pinned && page_test_flag(page, PG_lru) &&
		    ops->maybe_pinned(cc->mem, page)) {
			cc->st->skipped_pinned++;
			trace(cc, CM_EV_SKIP_PINNED, low_pfn);
			continue;
		}
		if (!pin_mem_isolate(cc->mem, page)) {
			trace(cc, CM_EV_SKIP_OTHER, low_pfn);
			continue;
		}
		cc->src[cc->nr_src++] = (struct cm_src){ .page = page, .pfn = low_pfn };
		cc->st->isolated++;
		trace(cc, CM_EV_ISOLATE, low_pfn);
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
	unsigned long bend = block_end(cc, cc->migrate_pfn);

	if (bend <= cc->free_pfn)
		isolate_block(cc, cc->migrate_pfn, bend);
	return cc->nr_src > 0;
}

/* ---- migrate_pages() with the retry rules of mm/migrate.c -------------- */

/* One migrate() of s to a fresh target: MIGRATE_* or -ENOMEM (no target). */
static int migrate_one(struct cm_cc *cc, struct cm_src *s)
{
	struct page *dst = compaction_alloc(cc);
	unsigned long dst_pfn;
	uint64_t t0;
	int rc;

	if (!dst)
		return -ENOMEM;
	dst_pfn = pin_mem_memmap_pfn(cc->mem, dst);
	trace(cc, CM_EV_ATTEMPT, s->pfn);
	t0 = timer_now();
	rc = cc->mem->ops->migrate(cc->mem, s->page, dst);
	s->ticks += timer_now() - t0;
	s->attempts++;
	if (rc == MIGRATE_OK) {
		s->done = true;
		trace(cc, CM_EV_MIGRATED, s->pfn);
		trace(cc, CM_EV_MOVED_TO, dst_pfn);
	} else {
		compaction_free(cc, dst);
	}
	return rc;
}

/*
 * migrate_pages_batch(), MIGRATE_ASYNC, NR_MAX_MIGRATE_ASYNC_RETRY passes
 * over the list (newest first): -EAGAIN stays for the next pass, a
 * permanent failure goes to the retry list in the order it failed.
 * Returns 0 or -ENOMEM.
 */
static int migrate_batch_async(struct cm_cc *cc, size_t *perm, size_t *nr_perm)
{
	bool retry = true;

	for (int pass = 0; pass < CM_ASYNC_PASSES && retry; pass++) {
		retry = false;
		for (size_t i = cc->nr_src; i-- > 0;) {
			struct cm_src *s = &cc->src[i];
			int rc;

			if (s->done || s->perm)
				continue;
			rc = migrate_one(cc, s);
			if (rc == -ENOMEM)
				return rc;
			if (rc == MIGRATE_RETRY)
				retry = true;
			if (rc != MIGRATE_RETRY && rc != MIGRATE_OK) {
				s->perm = true;
				perm[(*nr_perm)++] = i;
			}
		}
	}
	return 0;
}

/* The synchronous fallback: one page at a time, NR_MAX_MIGRATE_SYNC_RETRY. */
static int migrate_single_sync(struct cm_cc *cc, struct cm_src *s)
{
	for (int pass = 0; pass < CM_SYNC_PASSES; pass++) {
		int rc = migrate_one(cc, s);

		if (rc != MIGRATE_RETRY)
			return rc == -ENOMEM ? rc : 0;
	}
	return 0;
}

/*
 * migrate_pages_sync(): the batch in async mode first, then every page it
 * did not move (still -EAGAIN ones in list order, then the permanent
 * failures) again synchronously, one at a time.
 */
static int migrate_pages(struct cm_cc *cc)
{
	size_t perm[CM_CLUSTER_MAX_LIMIT], nr_perm = 0;
	int rc = migrate_batch_async(cc, perm, &nr_perm);

	for (size_t i = cc->nr_src; !rc && i-- > 0;)
		if (!cc->src[i].done && !cc->src[i].perm)
			rc = migrate_single_sync(cc, &cc->src[i]);
	for (size_t j = 0; !rc && j < nr_perm; j++)
		rc = migrate_single_sync(cc, &cc->src[perm[j]]);
	return rc;
}

/* Count the batch and put back what did not move (putback_movable_pages). */
static void finish_batch(struct cm_cc *cc)
{
	for (size_t i = 0; i < cc->nr_src; i++) {
		struct cm_src *s = &cc->src[i];

		if (s->attempts > 1)
			cc->st->retried += s->attempts - 1;
		if (s->done) {
			cc->st->migrated++;
			continue;
		}
		cc->st->failed++;
		cc->st->ticks_not_moved += s->ticks;
		pin_mem_putback(cc->mem, s->page);
		trace(cc, CM_EV_FAILED, s->pfn);
	}
	cc->nr_src = 0;
}

/*
 * Whether a design's compaction leaves a maybe-pinned LRU page alone instead
 * of isolating it (PIN_DESIGN_COMPACTION_SKIPS_PINNED, kernels/pin_design.h).
 * The designs without it isolate pinned pages and move them through their
 * own mechanism, or fail in migrate().
 */
bool cm_design_skips_maybe_pinned(const struct pin_design_ops *ops)
{
	return pin_design_flagged(ops, PIN_DESIGN_COMPACTION_SKIPS_PINNED);
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
	    block_is_free(cc->z, cc->migrate_pfn - cc->pb_nr))
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
		if (migrate_pages(cc) == -ENOMEM && !scanners_met(cc)) {
			finish_batch(cc);
			cc->st->result = CM_CONTENDED;
			return;
		}
		finish_batch(cc);
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
	cc.free_pfn = block_start(&cc, z->end_pfn - 1);
	st->free_blocks_before = cm_zone_free_blocks(z);
	t0 = timer_now();
	compact_loop(&cc);
	release_freepages(&cc);
	st->ticks = timer_now() - t0;
	st->free_blocks_after = cm_zone_free_blocks(z);
}
