// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/migrate.c - migrate_pages() of one isolated batch with the
 * retry rules of mm/migrate.c (torvalds/linux 0003e2a41468; see compact.c),
 * each move through the design's migrate().
 */
#include "cmodel/internal.h"
#include "core/timer.h"

#include <errno.h>

/*
 * What a mover must wait before it moves s while it is pinned: a device
 * holds the page's physical address.  For an O_DIRECT pin, the I/O in
 * flight completes (about qd/iops, as the pinners hold it; GUP waits on
 * the migration entry meanwhile, so no new I/O pins it); for a long-term
 * pin (an io_uring fixed buffer) the owner stops I/O on the buffer,
 * unpins, and re-pins the new page.  Zero for a page not pinned now, and
 * for designs that never move a pinned page.
 */
static double quiesce_wait(const struct cm_cc *cc, const struct cm_src *s)
{
	const struct pin_owner *o;

	if (!cc->z->moves_pinned || !cc->mem->ops->maybe_pinned(cc->mem, s->page))
		return 0;
	o = page_owner_of(s->page);
	return o && o->kind == OWNER_FIXED_BUFFER ? cc->z->quiesce_long_ns
						  : cc->z->quiesce_short_ns;
}

/* One migrate() of s to a fresh target: MIGRATE_* or -ENOMEM (no target). */
static int migrate_one(struct cm_cc *cc, struct cm_src *s)
{
	struct page *dst = cm_compaction_alloc(cc);
	double wait = quiesce_wait(cc, s);
	unsigned long dst_pfn;
	uint64_t t0;
	int rc;

	if (!dst)
		return -ENOMEM;
	dst_pfn = pin_mem_memmap_pfn(cc->mem, dst);
	cm_trace_event(cc, CM_EV_ATTEMPT, s->pfn);
	t0 = timer_now();
	rc = cc->mem->ops->migrate(cc->mem, s->page, dst);
	s->ticks += timer_now() - t0;
	s->attempts++;
	if (rc == MIGRATE_OK) {
		s->done = true;
		s->quiesce_ns = wait;
		if (wait > 0)
			cm_trace_event(cc, CM_EV_QUIESCE, s->pfn);
		cm_trace_event(cc, CM_EV_MIGRATED, s->pfn);
		cm_trace_event(cc, CM_EV_MOVED_TO, dst_pfn);
	} else {
		cm_compaction_free(cc, dst);
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
int cm_migrate_pages(struct cm_cc *cc)
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

/*
 * Count the batch and put back what did not move (putback_movable_pages).
 * migrate_pages_batch() unmaps every folio of a batch before it moves any
 * (mm/migrate.c, 6.12.118), so the I/Os a mover waits for drain together:
 * the batch waits as long as its slowest page.
 */
void cm_finish_batch(struct cm_cc *cc)
{
	double batch_wait = 0;

	for (size_t i = 0; i < cc->nr_src; i++) {
		struct cm_src *s = &cc->src[i];

		if (s->attempts > 1)
			cc->st->retried += s->attempts - 1;
		if (s->done) {
			cc->st->migrated++;
			cc->st->pages_waited += s->quiesce_ns > 0;
			if (s->quiesce_ns > batch_wait)
				batch_wait = s->quiesce_ns;
			continue;
		}
		cc->st->failed++;
		cc->st->ticks_not_moved += s->ticks;
		pin_mem_putback(cc->mem, s->page);
		cm_trace_event(cc, CM_EV_FAILED, s->pfn);
	}
	cc->st->quiesce_ns += batch_wait;
	cc->nr_src = 0;
}
