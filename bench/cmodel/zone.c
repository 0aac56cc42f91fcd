// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/zone.c - filling a model zone the way the
 * real-kernel benchmark fragments memory, with the pinners' buffers in it.
 *
 * The model allocator hands out pages from a stack; to put an owner on
 * chosen pfns the zone is first emptied into our hands, then exactly the
 * owner's pfns are given back (highest first, so that the owner's slots
 * come out in pfn order) just before the owner allocates them.
 */
#include "cmodel/internal.h"

#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

/*
 * Who owns each role's pages, whether its owner moves them itself, and the
 * references it keeps on them beside its mapping's.
 */
static const struct {
	enum pin_owner_kind kind;
	const struct pin_owner_ops *ops;
	int (*hold)(struct pin_owner *o);
	void (*release)(struct pin_owner *o);
} role_owner[CM_ROLE_NR] = {
	[CM_ROLE_USED] = { OWNER_ANON_BUFFER, NULL, NULL, NULL },
	[CM_ROLE_SHORT] = { OWNER_ANON_BUFFER, NULL, NULL, NULL },
	[CM_ROLE_FIXED] = { OWNER_FIXED_BUFFER, NULL, NULL, NULL },
	/*
	 * fs/aio.c (6.12.118): ring pages are page-cache folios of an anon
	 * inode whose address_space moves them (aio_migrate_folio), each
	 * referenced by ctx->ring_folios[]; never GUP-pinned.
	 */
	[CM_ROLE_RING] = { OWNER_AIO_RING, &pin_owner_ring_ops, pin_ring_hold_folios,
			   pin_ring_release_folios },
};

static unsigned long zone_pages(const struct cm_zone *z)
{
	return z->end_pfn - z->start_pfn;
}

/* Take every free page of the zone's range; pages[i] is pfn start_pfn + i. */
static int drain_zone(struct cm_zone *z, struct page **pages)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = pin_mem_alloc_page(z->mem, z->range))) {
		unsigned long pfn = pin_mem_memmap_pfn(z->mem, page);

		if (pfn < z->start_pfn || pfn >= z->end_pfn)
			return -EINVAL;	/* the range is not the zone */
		pages[pfn - z->start_pfn] = page;
		n++;
	}
	return n == zone_pages(z) ? 0 : -EBUSY;
}

/* Give back the pages of role r, highest pfn first; returns how many. */
static size_t release_role(struct cm_zone *z, struct page **pages,
			   const unsigned char *role, enum cm_role r)
{
	size_t n = 0;

	for (unsigned long i = zone_pages(z); i-- > 0;)
		if (role[i] == r) {
			pin_mem_put_refs(z->mem, pages[i], 1);
			n++;
		}
	return n;
}

/* The owner got exactly its role's pfns, slot by slot in pfn order. */
static bool owner_matches(const struct cm_zone *z, const struct pin_owner *o,
			  const unsigned char *role, enum cm_role r)
{
	size_t slot = 0;

	for (unsigned long i = 0; i < zone_pages(z); i++) {
		struct page *page;

		if (role[i] != r)
			continue;
		page = pin_owner_page(o, slot++);
		if (!page || pin_mem_memmap_pfn(z->mem, page) != z->start_pfn + i)
			return false;
	}
	return slot == o->nr_slots;
}

static int populate_role(struct cm_zone *z, struct page **pages,
			 const unsigned char *role, enum cm_role r, struct cm_owners *ow)
{
	size_t n = release_role(z, pages, role, r);
	int rc;

	if (!n)
		return 0;
	rc = pin_owner_init(&ow->owner[r], z->mem, role_owner[r].kind, role_owner[r].ops,
			    n, z->range);
	if (rc)
		return rc;
	ow->live[r] = true;
	if (!owner_matches(z, &ow->owner[r], role, r))
		return -EPROTO;
	return role_owner[r].hold ? role_owner[r].hold(&ow->owner[r]) : 0;
}

/*
 * An owner's pages as THPs: every pageblock of its slots one folio
 * (prep_compound_page, kernels/model/folio.c).  The layout gave the owner
 * whole pageblocks, and slots come in pfn order.
 */
static int make_thps(struct cm_zone *z, struct pin_owner *o)
{
	unsigned long nr = 1ul << z->pageblock_order;

	for (size_t s = 0; s + nr <= o->nr_slots; s += nr) {
		struct page *head = pin_owner_page(o, s);

		if (pin_mem_memmap_pfn(z->mem, head) & (nr - 1))
			return -EPROTO;
		if (pin_mem_prep_folio(z->mem, head, z->pageblock_order))
			return -EPROTO;
	}
	return 0;
}

/* Give the node's ZONE_NORMAL pages below end back to the allocator. */
static void release_normal(struct cm_zone *z, unsigned long end)
{
	for (unsigned long pfn = z->normal_start; pfn < end; pfn++)
		pin_mem_put_refs(z->mem, pin_mem_memmap_page(z->mem, pfn), 1);
}

/* Keep the node's ZONE_NORMAL (the range above the zone) out of the layout. */
static int hold_normal(struct cm_zone *z)
{
	for (unsigned long pfn = z->normal_start; pfn < z->normal_end; pfn++)
		if (!pin_mem_take_free_pfn(z->mem, pfn)) {
			release_normal(z, pfn);
			return -EBUSY;
		}
	return 0;
}

int cm_zone_populate(struct cm_zone *z, const unsigned char *role, struct cm_owners *ow)
{
	struct page **pages = calloc(zone_pages(z), sizeof(*pages));
	int rc = pages ? hold_normal(z) : -ENOMEM;
	bool held = !rc;

	if (!rc)
		rc = drain_zone(z, pages);

	for (int r = 0; r < CM_ROLE_NR; r++)
		ow->live[r] = false;
	for (int r = CM_ROLE_USED; !rc && r < CM_ROLE_NR; r++) {
		rc = populate_role(z, pages, role, r, ow);
		if (!rc && ow->live[r] && (z->thp_roles & (1u << r)))
			rc = make_thps(z, &ow->owner[r]);
	}
	if (!rc)
		release_role(z, pages, role, CM_ROLE_FREE);
	if (held)
		release_normal(z, z->normal_end);
	free(pages);
	if (rc)
		cm_zone_depopulate(z, ow);
	return rc;
}

void cm_zone_depopulate(struct cm_zone *z, struct cm_owners *ow)
{
	for (int r = 0; r < CM_ROLE_NR; r++)
		if (ow->live[r]) {
			if (role_owner[r].release)
				role_owner[r].release(&ow->owner[r]);
			pin_owner_fini(&ow->owner[r], z->mem);
			ow->live[r] = false;
		}
}

void cm_layout_fragment(unsigned char *role, unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		role[i] = i % 2 ? CM_ROLE_FREE : CM_ROLE_USED;
}

int cm_layout_place(unsigned char *role, unsigned long nr_pages, enum cm_role r,
		    unsigned nr_buffers, unsigned buf_pages, struct gsl_rng *rng)
{
	for (unsigned b = 0; b < nr_buffers; b++) {
		unsigned long i = gsl_rng_uniform_int((gsl_rng *)rng, nr_pages), seen = 0;
		unsigned left = buf_pages;

		for (; left && seen < nr_pages; seen++, i = (i + 1) % nr_pages)
			if (role[i] == CM_ROLE_USED) {
				role[i] = r;
				left--;
			}
		if (left)
			return -ENOSPC;
	}
	return 0;
}

/* A random pageblock with no page of another buffer in it; -ENOSPC if none. */
static long free_of_buffers(const unsigned char *role, unsigned long nr_pages,
			    unsigned long pb_pages, struct gsl_rng *rng)
{
	unsigned long nr_blocks = nr_pages / pb_pages;
	unsigned long b = gsl_rng_uniform_int((gsl_rng *)rng, nr_blocks);

	for (unsigned long seen = 0; seen < nr_blocks; seen++, b = (b + 1) % nr_blocks) {
		unsigned long i = b * pb_pages;

		while (i < (b + 1) * pb_pages && role[i] <= CM_ROLE_USED)
			i++;
		if (i == (b + 1) * pb_pages)
			return (long)b;
	}
	return -ENOSPC;
}

int cm_layout_place_thp(unsigned char *role, unsigned long nr_pages, enum cm_role r,
			unsigned long pages, unsigned long pb_pages, struct gsl_rng *rng)
{
	for (unsigned long done = 0; done < pages; done += pb_pages) {
		long b = free_of_buffers(role, nr_pages, pb_pages, rng);

		if (b < 0)
			return (int)b;
		for (unsigned long i = 0; i < pb_pages; i++)
			role[(unsigned long)b * pb_pages + i] = r;
	}
	return 0;
}
