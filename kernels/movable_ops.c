// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/movable_ops.c - non-LRU movable pages (Minchan Kim, 2016, merged
 * as bda807d44454; today struct movable_operations in
 * include/linux/migrate.h, v6.12: isolate_page, migrate_page, putback_page).
 *
 * An owner that can move its own pages marks them movable through
 * page->mapping (PAGE_MAPPING_MOVABLE, __SetPageMovable); compaction
 * isolates them with PG_isolated and calls the owner's migrate_page, which
 * copies the page and retargets every reference it holds, pins included,
 * under its own lock, as fs/aio.c aio_migrate_folio() and mm/zsmalloc.c
 * zs_page_migrate() do (the model owner: pin_owner_ring_ops in kernels/model/aio_ring.c).
 * Pins on such pages are the owner's references, noted by it.  Pages whose
 * owner has no operations (anonymous user buffers) stay as the kernel had
 * them: a pin is a plain reference and migration fails while it is held.
 */
#include "kernels/design_lib.h"

DEFINE_VMEMMAP_HOT_OPS(movable_ops)

static const struct noted_hooks owner_refs = { 0 };

static long movable_ops_pin_range(struct pin_mem *mem, struct pin_owner *owner,
				  size_t first, size_t nr, struct page **handles)
{
	if (owner->ops && owner->ops->migrate)
		return design_pin_noted(mem, owner, first, nr, handles, &owner_refs);
	return design_gup_range(mem, owner, first, nr, handles, NULL);
}

/*
 * A handle on an owner's movable page may be retargeted by the owner's
 * migrate_page while we look: the source is freed after the handles move,
 * and a freed page no longer reads movable.  So a page that does not read
 * movable is put only while the handle still points at it; otherwise the
 * handle moved and is read again (a put of the freed source trapped in
 * the conformance race test, 2-3% of runs).
 */
static void unpin_one(struct pin_mem *mem, struct page **handle)
{
	for (;;) {
		struct page *page = __atomic_load_n(handle, __ATOMIC_ACQUIRE);

		if (design_page_movable(page)) {
			design_unpin_noted(mem, handle, &owner_refs);
			return;
		}
		if (__atomic_load_n(handle, __ATOMIC_ACQUIRE) == page) {
			folio_put_page(mem, page);
			return;
		}
	}
}

static void movable_ops_unpin_range(struct pin_mem *mem, struct page **handles, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		unpin_one(mem, &handles[i]);
}

static bool movable_ops_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	if (design_page_movable(page))
		return design_noted_count(page) > 0;
	return design_extra_refs(page) > 0;
}

static long movable_ops_pin_count(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	if (design_page_movable(page))
		return design_noted_count(page);
	return design_extra_refs(page);
}

const struct pin_design_ops movable_ops_design = {
	.name = "movable-ops",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE,
	.summary = "owners move their own pinned pages via page->mapping's isolate/migrate/putback (aio, zsmalloc); anon pins stay stuck",
	.page_struct_size = sizeof(struct page),
	.memory_cost = design_memory_cost_none,	/* one ops table per owner kind */
	DESIGN_HOT_OPS(movable_ops),
	.pin_range = movable_ops_pin_range,
	.unpin_range = movable_ops_unpin_range,
	.maybe_pinned = movable_ops_maybe_pinned,
	.migrate = design_migrate_default,
	.pin_count = movable_ops_pin_count,
};
