// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/design_lib.c - the migration paths several designs share.
 * Follows mm/migrate.c (v6.12): migrate_folio_unmap(), folio_migrate_mapping(),
 * migrate_folio_move(), move_to_new_folio().
 */
#include "kernels/design_lib.h"

#include <numa.h>
#include <stdlib.h>

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
	/*
	 * dst is the owner's before a pin handle points at it: an unpin that
	 * reads a retargeted handle (without the owner's lock) must find the
	 * owner, or it drops the reference without its bookkeeping.  (Found by
	 * the conformance race test under TSan: a pin count left at 1.)
	 */
	pin_owner_adopt_page(o, dst, src->index);
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
	/*
	 * An owner that moves its own page counts every reference it noted,
	 * its own included (fs/aio.c aio_migrate_folio(), 6.12.118: the ring's
	 * reference as extra_count), and retargets them all.
	 */
	if (design_page_movable(src))
		pins = pin_owner_nr_handles(m.owner, src->index);
	else
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

/* ---- per-node object pools ------------------------------------------------- */

#define POOL_CHUNK_OBJS 1024

int obj_pool_init(struct obj_pool *pool, size_t obj_size, size_t link_offset, int node)
{
	*pool = (struct obj_pool){ .obj_size = obj_size, .link_offset = link_offset,
				   .node = node };
	return pthread_mutex_init(&pool->lock, NULL) ? -ENOMEM : 0;
}

void obj_pool_fini(struct obj_pool *pool)
{
	for (size_t i = 0; i < pool->nr_chunks; i++)
		if (numa_available() < 0)
			free(pool->chunks[i]);
		else
			numa_free(pool->chunks[i], POOL_CHUNK_OBJS * pool->obj_size);
	free(pool->chunks);
	pthread_mutex_destroy(&pool->lock);
}

static void **link_of(struct obj_pool *pool, void *obj)
{
	return (void **)((char *)obj + pool->link_offset);
}

/* Link with an atomic store: lock-free readers may still look at the object. */
static void push_free(struct obj_pool *pool, void *obj)
{
	__atomic_store_n(link_of(pool, obj), pool->free, __ATOMIC_RELAXED);
	pool->free = obj;
}

/* A chunk on the pool's node (kmem_cache_alloc_node), carved into objects. */
static int grow(struct obj_pool *pool)
{
	size_t bytes = POOL_CHUNK_OBJS * pool->obj_size;
	void **chunks = realloc(pool->chunks, (pool->nr_chunks + 1) * sizeof(*chunks));
	char *chunk;

	if (!chunks)
		return -ENOMEM;
	pool->chunks = chunks;
	chunk = numa_available() < 0 ? calloc(1, bytes) : numa_alloc_onnode(bytes, pool->node);
	if (!chunk)
		return -ENOMEM;
	pool->chunks[pool->nr_chunks++] = chunk;
	for (size_t i = 0; i < POOL_CHUNK_OBJS; i++)
		push_free(pool, chunk + i * pool->obj_size);
	return 0;
}

void *obj_pool_alloc(struct obj_pool *pool)
{
	void *obj = NULL;

	pthread_mutex_lock(&pool->lock);
	if (pool->free || !grow(pool)) {
		obj = pool->free;
		pool->free = __atomic_load_n(link_of(pool, obj), __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&pool->lock);
	return obj;
}

void obj_pool_free(struct obj_pool *pool, void *obj)
{
	pthread_mutex_lock(&pool->lock);
	push_free(pool, obj);
	pthread_mutex_unlock(&pool->lock);
}

/* ---- objects in place of the struct page ------------------------------------ */

/* Under o->lock: the live object of page, or a new one holding our reference. */
static void *attach_indirect(struct pin_mem *mem, struct page *page,
			     const struct indirect_hooks *hooks)
{
	void *obj = hooks->lookup(mem, page);

	if (obj) {
		atomic_int *count = hooks->count(obj);
		int old = atomic_load(count);

		while (old > 0 && !atomic_compare_exchange_weak(count, &old, old + 1))
			;
		if (old > 0) {
			folio_put_page(mem, page);	/* the object holds one already */
			return obj;
		}
		/* Dying: its releaser frees it; this page gets a fresh one. */
		hooks->detach(mem, obj, page);
	}
	return hooks->create(mem, page);
}

long design_pin_indirect(struct pin_mem *mem, struct pin_owner *o, size_t first,
			 size_t nr, struct page **handles, const struct indirect_hooks *hooks)
{
	size_t i;

	if (design_check_range(o, first, nr))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		struct page *page = pin_owner_grab_slot(o, first + i, 1);
		void *obj;

		if (!page)
			break;
		if (page != page_folio_head(page)) {	/* the model proxies small pages */
			folio_put_page(mem, page);
			return i ? (long)i : -EINVAL;
		}
		pthread_mutex_lock(&o->lock);
		obj = attach_indirect(mem, page, hooks);
		pthread_mutex_unlock(&o->lock);
		if (!obj) {
			folio_put_page(mem, page);
			return i ? (long)i : -ENOMEM;
		}
		handles[i] = hooks->handle(obj);
	}
	return (long)i;
}

void design_release_indirect(struct pin_mem *mem, void *obj, const struct indirect_hooks *hooks)
{
	for (;;) {
		struct page *page = hooks->page(mem, obj);
		struct pin_owner *o = page_owner_of(page);

		if (o)
			pthread_mutex_lock(&o->lock);
		/* A migration may have moved it before we got the lock. */
		if (hooks->page(mem, obj) == page) {
			if (hooks->lookup(mem, page) == obj)
				hooks->detach(mem, obj, page);
			if (o)
				pthread_mutex_unlock(&o->lock);
			folio_put_page(mem, page);
			hooks->destroy(mem, obj);
			return;
		}
		if (o)
			pthread_mutex_unlock(&o->lock);
	}
}

struct indirect_move {
	void *obj;
	const struct indirect_hooks *hooks;
};

static void indirect_moved(struct pin_mem *mem, struct page *src, struct page *dst, void *arg)
{
	struct indirect_move *m = arg;

	m->hooks->retarget(mem, m->obj, src, dst);
}

int design_migrate_indirect(struct pin_mem *mem, struct page *src, struct page *dst,
			    const struct indirect_hooks *hooks)
{
	struct pin_owner *o = page_owner_of(src);
	struct indirect_move m = { NULL, hooks };
	int rc = MIGRATE_FAIL;

	if (!o)
		return MIGRATE_FAIL;
	pthread_mutex_lock(&o->lock);
	m.obj = hooks->lookup(mem, src);
	if (m.obj)	/* the object's one reference moves with it */
		rc = design_migrate_lru(mem, src, dst, 1, indirect_moved, &m);
	pthread_mutex_unlock(&o->lock);
	return m.obj ? rc : design_migrate_default(mem, src, dst);
}

long design_indirect_count(struct pin_mem *mem, const struct page *page,
			   const struct indirect_hooks *hooks)
{
	struct pin_owner *o = page_owner_of(page);
	void *obj;
	long n;

	if (o)
		pthread_mutex_lock(&o->lock);
	obj = hooks->lookup(mem, (struct page *)page);
	n = obj ? atomic_load(hooks->count(obj)) : 0;
	if (o)
		pthread_mutex_unlock(&o->lock);
	return n;
}
