// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/baseline.c - before FOLL_PIN: a pin is a plain page reference.
 *
 * get_user_pages() with FOLL_GET (mm/gup.c, v5.6 and before; the path is
 * still there as FOLL_GET in v6.12) takes one reference per page.  Nothing
 * tells a pin from any other reference, so migration learns of it only when
 * folio_migrate_mapping() (mm/migrate.c, v6.12) finds the refcount is not
 * the expected one and returns -EAGAIN; migrate_pages() retries up to
 * NR_MAX_MIGRATE_PAGES_RETRY times and gives up.  Compaction skips pages
 * that look referenced with the racy test of isolate_migratepages_block()
 * (mm/compaction.c, v6.12): folio_ref_count() - 1 > folio_mapcount().
 */
#include "kernels/design_lib.h"

DEFINE_VMEMMAP_HOT_OPS(baseline)

static long baseline_pin_range(struct pin_mem *mem, struct pin_owner *owner,
			       size_t first, size_t nr, struct page **handles)
{
	return design_gup_range(mem, owner, first, nr, handles, NULL);
}

static void baseline_unpin_range(struct pin_mem *mem, struct page **handles, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		folio_put_page(mem, handles[i]);
}

static bool baseline_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	return design_extra_refs(page) > 0;
}

static long baseline_pin_count(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	return design_extra_refs(page);
}

const struct pin_design_ops baseline_design = {
	.name = "baseline",
	.flags = PIN_DESIGN_UNTRACKED | PIN_DESIGN_PIN_IS_REFERENCE,
	.summary = "a pin is a plain reference (FOLL_GET); migration retries on an unexpected refcount, then gives up",
	.page_struct_size = sizeof(struct page),
	.memory_cost = design_memory_cost_none,
	DESIGN_HOT_OPS(baseline),
	.pin_range = baseline_pin_range,
	.unpin_range = baseline_unpin_range,
	.maybe_pinned = baseline_maybe_pinned,
	.migrate = design_migrate_default,
	.pin_count = baseline_pin_count,
};
