// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/isolate.c - isolation for migration (mm/compaction.c
 * isolate_migratepages_block, mm/migrate.c isolate_movable_page, v6.12)
 * and putback.
 */
#include "kernels/model/isolate.h"
#include "kernels/model/folio.h"
#include "kernels/model/owner.h"

bool pin_mem_isolate(struct pin_mem *mem, struct page *page)
{
	struct pin_owner *o;

	(void)mem;
	if (page_test_flag(page, PG_head) || (page->compound_head & 1) ||
	    !page_ref_try_add(page, 1))
		return false;
	o = page_owner_of(page);
	if (o && o->ops && ((uintptr_t)page->mapping & PAGE_MAPPING_MOVABLE)) {
		/* isolate_movable_page(): PG_isolated is the owner's claim. */
		if (!page_test_and_set_flag(page, PG_isolated)) {
			if (!o->ops->isolate || o->ops->isolate(o, page))
				return true;
			page_clear_flag(page, PG_isolated);
		}
	} else if (o) {
		/* folio_test_clear_lru(): only one isolator wins. */
		if (__atomic_fetch_and(&page->flags, ~(1ul << PG_lru), __ATOMIC_ACQ_REL) &
		    (1ul << PG_lru))
			return true;
	}
	pin_mem_put_refs(mem, page, 1);
	return false;
}

bool pin_mem_anon_referenced(const struct page *page)
{
	const struct page *folio = page_folio_head((struct page *)page);
	uintptr_t m = (uintptr_t)__atomic_load_n(&folio->mapping, __ATOMIC_ACQUIRE);

	if ((m & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_ANON)
		return false;
	return page_ref_count(folio) > atomic_load(&folio->_mapcount) + 1;
}

void pin_mem_putback(struct pin_mem *mem, struct page *page)
{
	struct pin_owner *o = page_owner_of(page);

	if (page_test_flag(page, PG_isolated)) {
		if (o && o->ops && o->ops->putback)
			o->ops->putback(o, page);
		page_clear_flag(page, PG_isolated);
	} else {
		page_set_flag(page, PG_lru);
	}
	pin_mem_put_refs(mem, page, 1);
}
