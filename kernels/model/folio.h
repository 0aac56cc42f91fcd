/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/folio.h - large folios and the last reference: a folio's
 * order and _pincount in page[1] as the kernel keeps them, and the put
 * that gives a folio back to the allocator.
 */
#ifndef PINBENCH_MODEL_FOLIO_H
#define PINBENCH_MODEL_FOLIO_H

#include "kernels/model/memmap.h"

/*
 * Make the 2^order allocated, physically consecutive pages from head one
 * large folio (prep_compound_page): tails point at head, their references
 * move to the head, _pincount (in page[1]) starts at 0.  0 or -EINVAL.
 */
int pin_mem_prep_folio(struct pin_mem *mem, struct page *head, unsigned int order);

/* folio_order(): kept in page[1] (the next memmap entry) as the kernel does. */
static inline unsigned int page_folio_order(const struct pin_mem *mem,
					    const struct page *head)
{
	const struct page *second = (const struct page *)((const char *)head + mem->stride);

	return page_test_flag(head, PG_head) ? second->compound_order : 0;
}

/* The _pincount of a large folio (in page[1]); NULL for a small page. */
static inline atomic_int *page_folio_pincount(const struct pin_mem *mem,
					      const struct page *head)
{
	struct page *second = (struct page *)((const char *)head + mem->stride);

	return page_test_flag(head, PG_head) ? &second->_pincount : NULL;
}

/* Give a folio whose refcount reached zero back to the allocator. */
void pin_mem_free_folio(struct pin_mem *mem, struct page *head);

/* Drop nr references; frees the page (its folio) to the allocator at zero. */
bool pin_mem_put_refs(struct pin_mem *mem, struct page *page, int nr);

#endif
