// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/folio.c - large folios (mm/page_alloc.c
 * prep_compound_page, v6.12) and the put that frees a folio.
 */
#include "kernels/model/folio.h"
#include "kernels/model/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* free_frozen_pages of a folio: the tails go back with the head. */
void pin_mem_free_folio(struct pin_mem *mem, struct page *head)
{
	unsigned long pfn = pin_mem_memmap_pfn(mem, head);
	unsigned long nr = 1ul << page_folio_order(mem, head);	/* before page[1] goes */

	for (unsigned long i = 1; i < nr; i++)
		pin_mem_free_page(mem, pin_mem_memmap_page(mem, pfn + i));
	pin_mem_free_page(mem, head);
}

bool pin_mem_put_refs(struct pin_mem *mem, struct page *page, int nr)
{
	int old = atomic_fetch_sub_explicit(&page->_refcount, nr, memory_order_acq_rel);

	if (old - nr < 0) {
		fprintf(stderr, "model: refcount underflow on pfn %lu\n",
			pin_mem_memmap_pfn(mem, page));
		abort();
	}
	if (old != nr)
		return false;
	pin_mem_free_folio(mem, page);
	return true;
}

int pin_mem_prep_folio(struct pin_mem *mem, struct page *head, unsigned int order)
{
	unsigned long pfn = pin_mem_memmap_pfn(mem, head), nr = 1ul << order;
	int refs = 0;

	if (order == 0 || pfn + nr > mem->nr_pages)
		return -EINVAL;
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = pin_mem_memmap_page(mem, pfn + i);

		if (page_ref_count(p) < 1 || page_test_flag(p, PG_head) ||
		    (p->compound_head & 1))
			return -EINVAL;
	}
	for (unsigned long i = 1; i < nr; i++) {
		struct page *p = pin_mem_memmap_page(mem, pfn + i);

		refs += atomic_exchange(&p->_refcount, 0);
		__atomic_store_n(&p->compound_head, (unsigned long)head | 1, __ATOMIC_RELEASE);
	}
	pin_mem_memmap_page(mem, pfn + 1)->compound_order = (unsigned char)order;
	atomic_store(&pin_mem_memmap_page(mem, pfn + 1)->_pincount, 0);
	atomic_fetch_add(&head->_refcount, refs);
	page_set_flag(head, PG_head);
	return 0;
}
