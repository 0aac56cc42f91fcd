// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/longterm.c - a FOLL_LONGTERM pin of a page in ZONE_MOVABLE.
 *
 * mm/gup.c (6.12.118) __gup_longterm_locked(): pin, then
 * check_and_migrate_movable_pages(): every folio that is not
 * folio_is_longterm_pinnable() (include/linux/mm.h: one in ZONE_MOVABLE or
 * CMA) is isolated, unpinned, and migrated with migrate_pages(...,
 * MIGRATE_SYNC, MR_LONGTERM_PIN) to a page alloc_migration_target() finds
 * outside the movable zone; then GUP pins again (-EAGAIN loop).  The model
 * migrates before it pins (the same pages end up pinned, outside the zone)
 * and pays the migrations at registration, where the kernel pays them.
 */
#include "cmodel/internal.h"

/* A free page of the node's ZONE_NORMAL, refcount 1; NULL when it is full. */
static struct page *normal_target(const struct cm_zone *z)
{
	for (unsigned long pfn = z->normal_start; pfn < z->normal_end; pfn++) {
		struct page *page = pin_mem_take_free_pfn(z->mem, pfn);

		if (page)
			return page;
	}
	return NULL;
}

/* migrate_pages() of one isolated page, MIGRATE_SYNC: true when it moved. */
static bool migrate_out(const struct cm_zone *z, struct page *page)
{
	for (int tries = 0; tries < CM_ASYNC_PASSES + CM_SYNC_PASSES; tries++) {
		struct page *dst = normal_target(z);
		int rc;

		if (!dst)
			return false;
		rc = z->mem->ops->migrate(z->mem, page, dst);
		if (rc == MIGRATE_OK)
			return true;
		pin_mem_put_refs(z->mem, dst, 1);
		if (rc != MIGRATE_RETRY)
			return false;
	}
	return false;
}

unsigned long cm_longterm_migrate_out(const struct cm_zone *z, struct pin_owner *o,
				      size_t first, size_t nr)
{
	unsigned long moved = 0;

	for (size_t s = first; s < first + nr && s < o->nr_slots; s++) {
		struct page *page = pin_owner_page(o, s);
		unsigned long pfn;

		if (!page)
			continue;
		pfn = pin_mem_memmap_pfn(z->mem, page);
		if (pfn < z->start_pfn || pfn >= z->end_pfn || !pin_mem_isolate(z->mem, page))
			continue;
		if (migrate_out(z, page))
			moved++;
		else
			pin_mem_putback(z->mem, page);
	}
	return moved;
}
