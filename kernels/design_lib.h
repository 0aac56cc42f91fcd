/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/design_lib.h - what several designs share: the kernel's LRU
 * migration path, the non-LRU movable path, and one macro that builds the
 * batch ops of the table from a design's own static inline helpers (so the
 * loops inline that design's page_to_pfn, not an indirect call).
 *
 * For designs in kernels/ only; knows nothing of benchmarks.
 */
#ifndef PINBENCH_DESIGN_LIB_H
#define PINBENCH_DESIGN_LIB_H

#include "kernels/model.h"
#include "kernels/pin_design.h"

/*
 * Called by design_migrate_lru() while src is frozen and already copied,
 * before the owner's slot maps dst: the design moves its own state.
 */
typedef void (*design_moved_fn)(struct pin_mem *mem, struct page *src,
				struct page *dst, void *arg);

/*
 * migrate_pages() for one isolated, mapped, small LRU page (mm/migrate.c,
 * v6.12): try_to_migrate() turns the owner's slot into a migration entry
 * and drops the mapping's reference; folio_ref_freeze() at the isolation
 * reference plus extra_refs (references the design accounts for itself and
 * hands to dst); -EAGAIN (MIGRATE_RETRY) with the slot restored when the
 * count differs; else copy the frame, map dst, free src.  A large folio is
 * MIGRATE_FAIL: the model only migrates order-0 pages.
 */
int design_migrate_lru(struct pin_mem *mem, struct page *src, struct page *dst,
		       int extra_refs, design_moved_fn moved, void *arg);

/*
 * move_to_new_folio() for a non-LRU movable page: the owner's
 * ops->migrate() (with PG_isolated held), src freed on success.
 * MIGRATE_RETRY when the owner says -EAGAIN, MIGRATE_FAIL otherwise.
 */
int design_migrate_movable(struct pin_mem *mem, struct page *src, struct page *dst);

/* Is src a page whose owner moves it (PAGE_MAPPING_MOVABLE with hooks)? */
bool design_page_movable(const struct page *page);

/*
 * The batch ops, instantiated once per design from its static inline
 * NAME_pfn_of(mem, page), NAME_page_of(mem, pfn), NAME_get(mem, page) and
 * NAME_put(mem, page) (returns true on the last reference).  Also the
 * single-page ops as thin wrappers.  Use DESIGN_HOT_OPS(NAME) in the table.
 *
 * get_put_batch takes a reference on every page, then drops them all: a
 * folio_batch filled and then handed to release_pages().
 */
#define DEFINE_DESIGN_HOT_OPS(NAME)						\
static unsigned long NAME##_op_page_to_pfn(const struct pin_mem *mem,		\
					   const struct page *page)		\
{										\
	return NAME##_pfn_of(mem, page);					\
}										\
static struct page *NAME##_op_pfn_to_page(const struct pin_mem *mem,		\
					  unsigned long pfn)			\
{										\
	return NAME##_page_of(mem, pfn);					\
}										\
static void NAME##_op_get_page(struct pin_mem *mem, struct page *page)		\
{										\
	NAME##_get(mem, page);							\
}										\
static bool NAME##_op_put_page(struct pin_mem *mem, struct page *page)		\
{										\
	return NAME##_put(mem, page);						\
}										\
static uint64_t NAME##_page_to_pfn_batch(const struct pin_mem *mem,		\
					 struct page *const *pages, size_t n)	\
{										\
	uint64_t sum = 0;							\
										\
	for (size_t i = 0; i < n; i++)						\
		sum += NAME##_pfn_of(mem, pages[i]);				\
	return sum;								\
}										\
static uint64_t NAME##_pfn_to_page_batch(const struct pin_mem *mem,		\
					 const unsigned long *pfns, size_t n)	\
{										\
	uint64_t acc = 0;							\
										\
	for (size_t i = 0; i < n; i++)						\
		acc ^= (uint64_t)(uintptr_t)NAME##_page_of(mem, pfns[i]);	\
	return acc;								\
}										\
static void NAME##_get_put_batch(struct pin_mem *mem,				\
				 struct page *const *pages, size_t n)		\
{										\
	for (size_t i = 0; i < n; i++)						\
		NAME##_get(mem, pages[i]);					\
	for (size_t i = 0; i < n; i++)						\
		NAME##_put(mem, pages[i]);					\
}

#define DESIGN_HOT_OPS(NAME)							\
	.page_to_pfn = NAME##_op_page_to_pfn,					\
	.pfn_to_page = NAME##_op_pfn_to_page,					\
	.get_page = NAME##_op_get_page,						\
	.put_page = NAME##_op_put_page,						\
	.page_to_pfn_batch = NAME##_page_to_pfn_batch,				\
	.pfn_to_page_batch = NAME##_pfn_to_page_batch,				\
	.get_put_batch = NAME##_get_put_batch

/*
 * READ_ONCE() as the kernel has it (include/asm-generic/rwonce.h, v6.12):
 * one volatile load of a TYPE, which orders no other access.  gcc 12 keeps
 * a loop-invariant load (the vmemmap base, mem->memmap) hoisted across a
 * volatile load but reloads it after any __atomic load, even a relaxed one,
 * so a hot path that only reads a value (nothing loaded through it) uses
 * this, as the kernel's would.  TYPE is the field's type without _Atomic.
 */
#define READ_ONCE_AS(type, lvalue) (*(type const volatile *)&(lvalue))

/* SPARSEMEM_VMEMMAP (include/asm-generic/memory_model.h): subtract, shift. */
static inline unsigned long vmemmap_page_to_pfn(const struct pin_mem *mem,
						const struct page *page)
{
	return (unsigned long)(page - (const struct page *)mem->memmap);
}

static inline struct page *vmemmap_pfn_to_page(const struct pin_mem *mem,
					       unsigned long pfn)
{
	return (struct page *)mem->memmap + pfn;
}

/* folio_get / folio_put on the folio of page (include/linux/mm.h). */
static inline void folio_get_page(struct page *page)
{
	atomic_fetch_add_explicit(&page_folio_head(page)->_refcount, 1,
				  memory_order_relaxed);
}

static inline bool folio_put_page(struct pin_mem *mem, struct page *page)
{
	struct page *folio = page_folio_head(page);
	int old = atomic_fetch_sub_explicit(&folio->_refcount, 1, memory_order_acq_rel);

	if (__builtin_expect(old > 1, 1))
		return false;
	if (old < 1)
		__builtin_trap();	/* put of a free page: a refcount bug */
	pin_mem_free_folio(mem, folio);
	return true;
}

/* The kernel's own hot path: vmemmap arithmetic and folio_get/folio_put. */
#define DEFINE_VMEMMAP_HOT_OPS(NAME)						\
static inline unsigned long NAME##_pfn_of(const struct pin_mem *mem,		\
					  const struct page *page)		\
{										\
	return vmemmap_page_to_pfn(mem, page);					\
}										\
static inline struct page *NAME##_page_of(const struct pin_mem *mem,		\
					  unsigned long pfn)			\
{										\
	return vmemmap_pfn_to_page(mem, pfn);					\
}										\
static inline void NAME##_get(struct pin_mem *mem, struct page *page)		\
{										\
	(void)mem;								\
	folio_get_page(page);							\
}										\
static inline bool NAME##_put(struct pin_mem *mem, struct page *page)		\
{										\
	return folio_put_page(mem, page);					\
}										\
DEFINE_DESIGN_HOT_OPS(NAME)

/* pin_range()'s argument check: 0, or -EINVAL past the owner's end. */
static inline int design_check_range(const struct pin_owner *o, size_t first, size_t nr)
{
	return first > o->nr_slots || nr > o->nr_slots - first ? -EINVAL : 0;
}

/*
 * pin_user_pages() over nr slots: each page grabbed with one reference
 * (pin_owner_grab_slot), then account(mem, folio) adds the rest of the
 * design's pin, if it has one.  Inline, so a constant account is inlined.
 */
static inline long design_gup_range(struct pin_mem *mem, struct pin_owner *o,
				    size_t first, size_t nr, struct page **handles,
				    void (*account)(struct pin_mem *, struct page *))
{
	size_t i;

	if (design_check_range(o, first, nr))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		handles[i] = pin_owner_grab_slot(o, first + i, 1);
		if (!handles[i])
			break;
		if (account)
			account(mem, page_folio_head(handles[i]));
	}
	return (long)i;
}

/*
 * ---- pins the owner keeps track of ("noted" pins) ----
 * Designs in which migration asks the pinner to give up and re-take its
 * pins (page-callbacks, page-ext, movable-ops) need the pinner to know
 * where its pins are: each pin is one reference plus one handle noted by
 * the owner (pin_owner_note_handle), all under the owner's lock, which is
 * also what migration holds while it moves them.
 */
struct noted_hooks {
	/* Under o->lock, after the handle was noted / before it is forgotten. */
	void (*pinned)(struct pin_mem *mem, struct pin_owner *o, struct page *page);
	void (*unpinned)(struct pin_mem *mem, struct pin_owner *o, struct page *page,
			 bool last);
	/* Under o->lock: how many pins the pinner hands to migration (NULL:
	 * every noted handle), and the move of the design's state to dst. */
	int (*migrate_unpin)(struct pin_mem *mem, struct pin_owner *o, struct page *src);
	void (*migrate_pin)(struct pin_mem *mem, struct page *src, struct page *dst);
};

long design_pin_noted(struct pin_mem *mem, struct pin_owner *o, size_t first,
		      size_t nr, struct page **handles, const struct noted_hooks *hooks);
/* Unpin one handle (it may have been retargeted by a migration meanwhile). */
void design_unpin_noted(struct pin_mem *mem, struct page **handle,
			const struct noted_hooks *hooks);
/* design_migrate_lru() under the owner's lock, moving the noted pins. */
int design_migrate_noted(struct pin_mem *mem, struct page *src, struct page *dst,
			 const struct noted_hooks *hooks);
/* Handles noted for the slot of page, read under its owner's lock. */
long design_noted_count(const struct page *page);

/* pin_range, unpin_range and migrate of a design whose pins are all noted. */
#define DEFINE_NOTED_PIN_OPS(NAME, HOOKS)					\
static long NAME##_pin_range(struct pin_mem *mem, struct pin_owner *owner,	\
			     size_t first, size_t nr, struct page **handles)	\
{										\
	return design_pin_noted(mem, owner, first, nr, handles, HOOKS);		\
}										\
static void NAME##_unpin_range(struct pin_mem *mem, struct page **handles,	\
			       size_t nr)					\
{										\
	for (size_t i = 0; i < nr; i++)						\
		design_unpin_noted(mem, &handles[i], HOOKS);			\
}										\
static int NAME##_migrate(struct pin_mem *mem, struct page *src,		\
			  struct page *dst)					\
{										\
	return design_migrate_noted(mem, src, dst, HOOKS);			\
}

#define NOTED_PIN_OPS(NAME)							\
	.pin_range = NAME##_pin_range,						\
	.unpin_range = NAME##_unpin_range,					\
	.migrate = NAME##_migrate

/*
 * ---- objects handed out in place of the struct page (proxy, dynamic) ----
 * One object per pinned page, allocated from a pool on the page's node.
 * It has its own count (every pin and every get through it) and holds one
 * reference on the memmap page while it lives; when its count drops to
 * zero the last holder detaches it under the owner's lock and frees it.
 * Migration (under the owner's lock) freezes the page at that one
 * reference and retargets the object to the new page.
 */
struct obj_pool {
	pthread_mutex_t lock;
	void *free;		/* free objects, linked through link_offset */
	void **chunks;		/* what to give back at fini */
	size_t nr_chunks;
	size_t obj_size, link_offset;
	int node;
};

int obj_pool_init(struct obj_pool *pool, size_t obj_size, size_t link_offset, int node);
void obj_pool_fini(struct obj_pool *pool);
void *obj_pool_alloc(struct obj_pool *pool);	/* not zeroed: the caller sets it up */
void obj_pool_free(struct obj_pool *pool, void *obj);

struct indirect_hooks {
	/* Under the owner's lock: the object attached to a memmap page. */
	void *(*lookup)(struct pin_mem *mem, struct page *page);
	/* Allocate one with count 1, attached to page; NULL when out of memory. */
	void *(*create)(struct pin_mem *mem, struct page *page);
	void (*detach)(struct pin_mem *mem, void *obj, struct page *page);
	void (*destroy)(struct pin_mem *mem, void *obj);
	atomic_int *(*count)(void *obj);
	struct page *(*page)(struct pin_mem *mem, void *obj);	/* the memmap page it stands for */
	/* With src frozen: point the object (and its lookups) at dst. */
	void (*retarget)(struct pin_mem *mem, void *obj, struct page *src, struct page *dst);
	struct page *(*handle)(void *obj);	/* what GUP hands out */
};

long design_pin_indirect(struct pin_mem *mem, struct pin_owner *o, size_t first,
			 size_t nr, struct page **handles, const struct indirect_hooks *hooks);
/* The count of obj dropped to zero: detach, drop its page reference, free. */
void design_release_indirect(struct pin_mem *mem, void *obj, const struct indirect_hooks *hooks);
int design_migrate_indirect(struct pin_mem *mem, struct page *src, struct page *dst,
			    const struct indirect_hooks *hooks);
/* The count of the object attached to page (0 if none), under the owner's lock. */
long design_indirect_count(struct pin_mem *mem, const struct page *page,
			   const struct indirect_hooks *hooks);

/*
 * pin_range, unpin_range (NAME_put on each handle), pin_count and migrate
 * of a design that hands out objects; MAYBE_FLAG marks a memmap page that
 * has one.
 */
#define DEFINE_INDIRECT_PIN_OPS(NAME, HOOKS, MAYBE_FLAG)			\
static long NAME##_pin_range(struct pin_mem *mem, struct pin_owner *owner,	\
			     size_t first, size_t nr, struct page **handles)	\
{										\
	return design_pin_indirect(mem, owner, first, nr, handles, HOOKS);	\
}										\
static void NAME##_unpin_range(struct pin_mem *mem, struct page **handles,	\
			       size_t nr)					\
{										\
	for (size_t i = 0; i < nr; i++)						\
		NAME##_put(mem, handles[i]);					\
}										\
static bool NAME##_maybe_pinned(const struct pin_mem *mem,			\
				const struct page *page)			\
{										\
	(void)mem;								\
	return page_test_flag(page, MAYBE_FLAG);				\
}										\
static long NAME##_pin_count(const struct pin_mem *mem, const struct page *page) \
{										\
	return design_indirect_count((struct pin_mem *)mem, page, HOOKS);	\
}										\
static int NAME##_migrate(struct pin_mem *mem, struct page *src,		\
			  struct page *dst)					\
{										\
	return design_migrate_indirect(mem, src, dst, HOOKS);			\
}

#define INDIRECT_PIN_OPS(NAME)							\
	.pin_range = NAME##_pin_range,						\
	.unpin_range = NAME##_unpin_range,					\
	.maybe_pinned = NAME##_maybe_pinned,					\
	.pin_count = NAME##_pin_count,						\
	.migrate = NAME##_migrate

/* References beyond the mappings' (_mapcount + 1): what FOLL_GET pins are. */
static inline long design_extra_refs(const struct page *page)
{
	const struct page *folio = page_folio_head((struct page *)page);

	return page_ref_count(folio) - (atomic_load(&folio->_mapcount) + 1);
}

/* What the kernel does with an isolated page: the owner's hook or LRU. */
int design_migrate_default(struct pin_mem *mem, struct page *src, struct page *dst);

/* memory_cost() of a design that adds nothing to the 64-byte struct page. */
void design_memory_cost_none(const char *params, uint64_t ram_bytes,
			     uint64_t nr_pinned, struct mem_cost *out);

#endif
