// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/foll_pin.c - what landed: FOLL_PIN (John Hubbard, v5.7+).
 *
 * include/linux/mm.h (v6.12): GUP_PIN_COUNTING_BIAS (1U << 10).
 * mm/gup.c (v6.12) try_grab_folio(): a small folio gets
 * refs * GUP_PIN_COUNTING_BIAS added to _refcount; a large folio gets refs
 * added to _refcount and to the exact _pincount kept in its second page.
 * gup_put_folio() undoes either.  folio_maybe_dma_pinned(): _pincount > 0
 * for a large folio, else (unsigned)refcount >= GUP_PIN_COUNTING_BIAS, so
 * 1024 plain references look pinned (a false positive the callers accept,
 * Documentation/core-api/pin_user_pages.rst).  Migration cannot unmap a
 * maybe-pinned anon folio (below); compaction's skip is not this design's
 * but the refcount check every referencing pin meets (pin_design.h).
 */
#include "kernels/design_lib.h"

#define GUP_PIN_COUNTING_BIAS (1 << 10)

DEFINE_VMEMMAP_HOT_OPS(foll_pin)

/* try_grab_folio(FOLL_PIN) after its first reference was taken. */
static void foll_pin_account(struct pin_mem *mem, struct page *folio)
{
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (pincount)
		atomic_fetch_add(pincount, 1);
	else
		atomic_fetch_add(&folio->_refcount, GUP_PIN_COUNTING_BIAS - 1);
}

/* The first reference fails on a frozen folio, as try_get_folio() does. */
static long foll_pin_pin_range(struct pin_mem *mem, struct pin_owner *owner,
			       size_t first, size_t nr, struct page **handles)
{
	return design_gup_range(mem, owner, first, nr, handles, foll_pin_account);
}

/* gup_put_folio(FOLL_PIN). */
static void foll_pin_unpin_range(struct pin_mem *mem, struct page **handles, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct page *folio = page_folio_head(handles[i]);
		atomic_int *pincount = page_folio_pincount(mem, folio);

		if (pincount)
			atomic_fetch_sub(pincount, 1);
		pin_mem_put_refs(mem, folio, pincount ? 1 : GUP_PIN_COUNTING_BIAS);
	}
}

static bool foll_pin_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	struct page *folio = page_folio_head((struct page *)page);
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (pincount)
		return atomic_load(pincount) > 0;
	return (unsigned int)page_ref_count(folio) >= GUP_PIN_COUNTING_BIAS;
}

static long foll_pin_pin_count(const struct pin_mem *mem, const struct page *page)
{
	struct page *folio = page_folio_head((struct page *)page);
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (pincount)
		return atomic_load(pincount);
	/* All the design can say: how many biases fit in the refcount. */
	return page_ref_count(folio) / GUP_PIN_COUNTING_BIAS;
}

/*
 * A maybe-pinned anon-exclusive folio stays mapped: try_to_migrate_one()
 * (mm/rmap.c, 6.12.118) restores the pte when folio_try_share_anon_rmap_pte()
 * returns -EBUSY (include/linux/rmap.h: folio_maybe_dma_pinned()), and
 * migrate_folio_unmap() (mm/migrate.c) returns its initial -EAGAIN for a
 * folio still mapped: retried, up to NR_MAX_MIGRATE_PAGES_RETRY times.
 */
static int foll_pin_migrate(struct pin_mem *mem, struct page *src, struct page *dst)
{
	if (foll_pin_maybe_pinned(mem, src))
		return MIGRATE_RETRY;
	return design_migrate_default(mem, src, dst);
}

const struct pin_design_ops foll_pin_design = {
	.name = "foll-pin",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE,
	.summary = "FOLL_PIN as merged: +1024 per pin in _refcount, exact _pincount for large folios",
	.page_struct_size = sizeof(struct page),
	.memory_cost = design_memory_cost_none,	/* bias in _refcount, _pincount in a tail */
	DESIGN_HOT_OPS(foll_pin),
	.pin_range = foll_pin_pin_range,
	.unpin_range = foll_pin_unpin_range,
	.maybe_pinned = foll_pin_maybe_pinned,
	.migrate = foll_pin_migrate,
	.pin_count = foll_pin_pin_count,
};
