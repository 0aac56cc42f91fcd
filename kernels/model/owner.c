// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/owner.c - owners: their slots mapped to pages, and GUP's
 * walk of a slot.
 */
#include "kernels/model/owner.h"
#include "kernels/model/alloc.h"
#include "kernels/model/folio.h"
#include "kernels/model/handles.h"
#include "kernels/pin_design.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

struct pin_owner *page_owner_of(const struct page *page)
{
	uintptr_t m = (uintptr_t)__atomic_load_n(&page->mapping, __ATOMIC_ACQUIRE);

	return (struct pin_owner *)(m & ~PAGE_MAPPING_FLAGS);
}

struct page *pin_owner_page(const struct pin_owner *o, size_t slot)
{
	uintptr_t v = atomic_load_explicit(&o->slots[slot], memory_order_acquire);

	return (v & SLOT_MIGRATION_ENTRY) ? NULL : (struct page *)v;
}

void pin_owner_adopt_page(struct pin_owner *o, struct page *page, size_t slot)
{
	uintptr_t kind = o->ops ? PAGE_MAPPING_MOVABLE : PAGE_MAPPING_ANON;

	page->index = slot;
	__atomic_store_n(&page->mapping, (void *)((uintptr_t)o | kind), __ATOMIC_RELEASE);
}

void pin_owner_map_page(struct pin_owner *o, struct page *page, size_t slot)
{
	pin_owner_adopt_page(o, page, slot);
	atomic_store(&page->_mapcount, 0);
	if (!o->ops)
		page_set_flag(page, PG_lru);
	atomic_store_explicit(&o->slots[slot], (uintptr_t)page, memory_order_release);
}

int pin_owner_init(struct pin_owner *o, struct pin_mem *mem,
		   enum pin_owner_kind kind, const struct pin_owner_ops *ops,
		   size_t nr_slots, int range)
{
	memset(o, 0, sizeof(*o));
	o->mem = mem;
	o->ops = ops;
	o->kind = kind;
	o->node = range >= 0 && range < mem->nr_ranges ? mem->range[range].node : 0;
	o->nr_slots = nr_slots;
	o->slots = calloc(nr_slots ? nr_slots : 1, sizeof(*o->slots));
	if (!o->slots)
		return -ENOMEM;
	pthread_mutex_init(&o->lock, NULL);
	for (size_t i = 0; i < nr_slots; i++) {
		struct page *page = pin_mem_alloc_page(mem, range);

		if (!page) {
			o->nr_slots = i;
			pin_owner_fini(o, mem);
			return -ENOMEM;
		}
		pin_owner_map_page(o, page, i);
	}
	return 0;
}

/* Unmap: the mapping's reference goes; pins keep the page alive. */
void pin_owner_fini(struct pin_owner *o, struct pin_mem *mem)
{
	for (size_t i = 0; i < o->nr_slots; i++) {
		struct page *page = pin_owner_page(o, i);

		if (!page)
			continue;
		atomic_store(&o->slots[i], 0);
		atomic_store(&page->_mapcount, -1);
		__atomic_store_n(&page->mapping, NULL, __ATOMIC_RELEASE);
		page_clear_flag(page, PG_lru);
		mem->ops->put_page(mem, page);
	}
	pin_owner_free_handles(o);
	free(o->slots);
	pthread_mutex_destroy(&o->lock);
	memset(o, 0, sizeof(*o));
}

/*
 * mm/gup.c (v6.12) gup_fast_pte_range(): read the pte, try_grab_folio()
 * (which fails on a frozen refcount), then re-read the pte and back off
 * when it changed.  A migration entry makes GUP wait and retry, as
 * migration_entry_wait() does on the slow path.
 */
struct page *pin_owner_grab_slot(struct pin_owner *o, size_t slot, int nr)
{
	for (;;) {
		uintptr_t v = atomic_load_explicit(&o->slots[slot], memory_order_acquire);
		struct page *page = (struct page *)v, *folio;

		if (!v)
			return NULL;
		if (v & SLOT_MIGRATION_ENTRY) {
			sched_yield();
			continue;
		}
		folio = page_folio_head(page);
		if (!page_ref_try_add(folio, nr))
			continue;
		if (atomic_load_explicit(&o->slots[slot], memory_order_acquire) == v)
			return page;
		/* The page may have been freed and reused meanwhile: a full put. */
		pin_mem_put_refs(o->mem, folio, nr);
	}
}
