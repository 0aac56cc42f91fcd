// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/design_lib.c - the migration paths several designs share.
 * Follows mm/migrate.c (v6.12): migrate_folio_unmap(), folio_migrate_mapping(),
 * migrate_folio_move(), move_to_new_folio().
 */
#include "design_lib.h"

bool design_page_movable(const struct page *page)
{
	struct pin_owner *o = page_owner_of(page);
	uintptr_t m = (uintptr_t)__atomic_load_n(&page->mapping, __ATOMIC_ACQUIRE);

	return o && o->ops && o->ops->migrate && (m & PAGE_MAPPING_MOVABLE);
}

/* try_to_migrate(): the slot becomes a migration entry; false if it moved. */
static bool unmap_to_migration_entry(struct pin_owner *o, struct page *src)
{
	uintptr_t expect = (uintptr_t)src;

	if (src->index >= o->nr_slots ||
	    !atomic_compare_exchange_strong(&o->slots[src->index], &expect,
					    (uintptr_t)src | SLOT_MIGRATION_ENTRY))
		return false;
	atomic_store(&src->_mapcount, -1);
	/* The mapping's reference; the isolation reference keeps src alive. */
	atomic_fetch_sub_explicit(&src->_refcount, 1, memory_order_release);
	return true;
}

/* remove_migration_ptes(src, src): the failed migration maps src back. */
static void remap_source(struct pin_owner *o, struct page *src)
{
	atomic_fetch_add_explicit(&src->_refcount, 1, memory_order_relaxed);
	atomic_store(&src->_mapcount, 0);
	atomic_store_explicit(&o->slots[src->index], (uintptr_t)src, memory_order_release);
}

int design_migrate_lru(struct pin_mem *mem, struct page *src, struct page *dst,
		       int extra_refs, design_moved_fn moved, void *arg)
{
	struct pin_owner *o = page_owner_of(src);

	if (!o || page_test_flag(src, PG_head) || (src->compound_head & 1))
		return MIGRATE_FAIL;
	if (!unmap_to_migration_entry(o, src))
		return MIGRATE_RETRY;
	/* folio_migrate_mapping(): expected = 1 (isolation) for an anon page. */
	if (!page_ref_freeze(src, 1 + extra_refs)) {
		remap_source(o, src);
		return MIGRATE_RETRY;
	}
	pin_mem_copy_frame(mem, dst, src);
	atomic_fetch_add_explicit(&dst->_refcount, extra_refs, memory_order_relaxed);
	if (moved)
		moved(mem, src, dst, arg);
	/* remove_migration_ptes(src, dst): dst's allocation ref is the mapping's. */
	pin_owner_map_page(o, dst, src->index);
	pin_mem_free_page(mem, src);
	return MIGRATE_OK;
}

int design_migrate_movable(struct pin_mem *mem, struct page *src, struct page *dst)
{
	struct pin_owner *o = page_owner_of(src);
	int rc;

	if (!design_page_movable(src) || !page_test_flag(src, PG_isolated))
		return MIGRATE_FAIL;
	rc = o->ops->migrate(o, dst, src);
	if (rc == -EAGAIN)
		return MIGRATE_RETRY;
	if (rc)
		return MIGRATE_FAIL;
	/* The owner froze src at zero and moved every reference to dst. */
	pin_mem_free_page(mem, src);
	return MIGRATE_OK;
}

int design_migrate_default(struct pin_mem *mem, struct page *src, struct page *dst)
{
	if (design_page_movable(src))
		return design_migrate_movable(mem, src, dst);
	return design_migrate_lru(mem, src, dst, 0, NULL, NULL);
}

void design_memory_cost_none(const char *params, uint64_t ram_bytes,
			     uint64_t nr_pinned, struct mem_cost *out)
{
	(void)params;
	(void)ram_bytes;
	(void)nr_pinned;
	*out = (struct mem_cost){ .page_struct_bytes = sizeof(struct page) };
}

/* ---- noted pins ---------------------------------------------------------- */

long design_pin_noted(struct pin_mem *mem, struct pin_owner *o, size_t first,
		      size_t nr, struct page **handles, const struct noted_hooks *hooks)
{
	size_t i;

	if (design_check_range(o, first, nr))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		/* Our reference makes a racing migration fail its freeze. */
		struct page *page = pin_owner_grab_slot(o, first + i, 1);
		int rc;

		if (!page)
			break;
		pthread_mutex_lock(&o->lock);
		__atomic_store_n(&handles[i], page, __ATOMIC_RELEASE);
		rc = pin_owner_note_handle(o, first + i, &handles[i]);
		if (!rc && hooks->pinned)
			hooks->pinned(mem, o, page);
		pthread_mutex_unlock(&o->lock);
		if (rc) {
			folio_put_page(mem, page);
			return i ? (long)i : rc;
		}
	}
	return (long)i;
}

void design_unpin_noted(struct pin_mem *mem, struct page **handle,
			const struct noted_hooks *hooks)
{
	for (;;) {
		struct page *page = __atomic_load_n(handle, __ATOMIC_ACQUIRE);
		struct pin_owner *o = page_owner_of(page);

		if (!o) {
			/* Unmapped by its owner, or freed after a move: look again. */
			if (__atomic_load_n(handle, __ATOMIC_ACQUIRE) != page)
				continue;
			folio_put_page(mem, page);
			return;
		}
		pthread_mutex_lock(&o->lock);
		if (__atomic_load_n(handle, __ATOMIC_ACQUIRE) == page) {
			pin_owner_forget_handle(o, page->index, handle);
			if (hooks->unpinned)
				hooks->unpinned(mem, o, page,
						pin_owner_nr_handles(o, page->index) == 0);
			folio_put_page(mem, page);
			pthread_mutex_unlock(&o->lock);
			return;
		}
		pthread_mutex_unlock(&o->lock);
	}
}

struct noted_move {
	struct pin_owner *owner;
	const struct noted_hooks *hooks;
};

static void noted_moved(struct pin_mem *mem, struct page *src, struct page *dst, void *arg)
{
	struct noted_move *m = arg;

	pin_owner_retarget_handles(m->owner, src->index, dst);
	if (m->hooks->migrate_pin)
		m->hooks->migrate_pin(mem, src, dst);
}

int design_migrate_noted(struct pin_mem *mem, struct page *src, struct page *dst,
			 const struct noted_hooks *hooks)
{
	struct noted_move m = { page_owner_of(src), hooks };
	int pins, rc = MIGRATE_FAIL;

	if (!m.owner)
		return MIGRATE_FAIL;
	pthread_mutex_lock(&m.owner->lock);
	pins = hooks->migrate_unpin ? hooks->migrate_unpin(mem, m.owner, src)
				    : pin_owner_nr_handles(m.owner, src->index);
	if (pins >= 0)
		rc = design_migrate_lru(mem, src, dst, pins, noted_moved, &m);
	pthread_mutex_unlock(&m.owner->lock);
	return rc;
}

long design_noted_count(const struct page *page)
{
	struct pin_owner *o = page_owner_of(page);
	long n;

	if (!o)
		return 0;
	pthread_mutex_lock(&o->lock);
	n = o->nr_slots > page->index ? pin_owner_nr_handles(o, page->index) : 0;
	pthread_mutex_unlock(&o->lock);
	return n;
}
