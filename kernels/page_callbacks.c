// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/page_callbacks.c - pin callbacks in struct page (Tang Chen, May
 * 2013, after Mel Gorman's migrate_unpin()/migrate_pin() suggestion; see
 * struct cb_page in design_structs.h).
 *
 * Every struct page grows by two function pointers to 80 bytes, so the
 * memmap stride is no longer a power of two: page_to_pfn() divides by 80
 * instead of shifting, and pfn_to_page() multiplies by 80.  A pinner sets the callbacks when it pins; migration, under
 * the pinner's lock, calls migrate_unpin() to learn the pins it may move,
 * moves the page as mm/migrate.c does, and calls migrate_pin() so the
 * pinner re-takes its pins (retargets its handles) on the new page.
 */
#include "kernels/design_lib.h"
#include "kernels/design_structs.h"

static inline struct cb_page *cb_of(const struct page *page)
{
	return (struct cb_page *)page;
}

/*
 * __page_to_pfn() for SPARSEMEM_VMEMMAP (include/asm-generic/memory_model.h,
 * v6.12) is "(unsigned long)((page) - vmemmap)": a difference of struct page
 * pointers, which C defines only for a whole number of elements, so gcc
 * divides by 80 as an exact division: the byte difference shifted right
 * arithmetically by 4 (the power of two in 80 = 16 * 5), then multiplied
 * by the inverse of 5 modulo 2^64 (0xcccccccccccccccd).  gcc 12 -O2 makes
 * of the batch loop "mov (%rsi),%rax; sub %r8,%rax; sar $0x4,%rax; imul
 * %rcx,%rax" per page, %rcx the inverse (objdump -d page_callbacks.o), where
 * a byte offset divided by 80 was "mul %rdi; shr $0x6,%rdx", the high half
 * of a 128-bit product (tests/kernels/test_hotpath_asm.c checks it).
 */
static inline unsigned long page_callbacks_pfn_of(const struct pin_mem *mem,
						  const struct page *page)
{
	return (unsigned long)((const struct cb_page *)page -
			       (const struct cb_page *)mem->memmap);
}

static inline struct page *page_callbacks_page_of(const struct pin_mem *mem,
						  unsigned long pfn)
{
	return (struct page *)(mem->memmap + pfn * sizeof(struct cb_page));
}

static inline void page_callbacks_get(struct pin_mem *mem, struct page *page)
{
	(void)mem;
	folio_get_page(page);
}

static inline bool page_callbacks_put(struct pin_mem *mem, struct page *page)
{
	return folio_put_page(mem, page);
}

DEFINE_DESIGN_HOT_OPS(page_callbacks)

static void page_callbacks_memory_cost(const char *params, uint64_t ram_bytes,
				       uint64_t nr_pinned, struct mem_cost *out)
{
	double extra = sizeof(struct cb_page) - sizeof(struct page);

	(void)params;
	(void)nr_pinned;
	*out = (struct mem_cost){
		.page_struct_bytes = sizeof(struct cb_page),
		.extra_per_page = extra,
		.total_extra_bytes = extra * (double)(ram_bytes >> MODEL_PAGE_SHIFT),
	};
}

/* ---- the pinner's callbacks (what a driver would register) ---------------- */

static int pinner_migrate_unpin(struct pin_mem *mem, struct pin_owner *o, struct page *page)
{
	(void)mem;
	return pin_owner_nr_handles(o, page->index);
}

static void set_callbacks(struct cb_page *cb, bool on);

static void pinner_migrate_pin(struct pin_mem *mem, struct page *old, struct page *new)
{
	(void)mem;
	set_callbacks(cb_of(new), true);
	set_callbacks(cb_of(old), false);	/* old goes back to the allocator */
}

static void set_callbacks(struct cb_page *cb, bool on)
{
	__atomic_store_n(&cb->migrate_unpin, on ? pinner_migrate_unpin : NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&cb->migrate_pin, on ? pinner_migrate_pin : NULL, __ATOMIC_RELEASE);
}

/* ---- pins, through the owner's lock ---------------------------------------- */

static void cb_pinned(struct pin_mem *mem, struct pin_owner *o, struct page *page)
{
	(void)mem;
	(void)o;
	set_callbacks(cb_of(page), true);
}

static void cb_unpinned(struct pin_mem *mem, struct pin_owner *o, struct page *page, bool last)
{
	(void)mem;
	(void)o;
	if (last)
		set_callbacks(cb_of(page), false);
}

/* Migration reaches the pinner only through the pointers in struct page. */
static int cb_call_migrate_unpin(struct pin_mem *mem, struct pin_owner *o, struct page *src)
{
	int (*fn)(struct pin_mem *, struct pin_owner *, struct page *) =
		__atomic_load_n(&cb_of(src)->migrate_unpin, __ATOMIC_ACQUIRE);

	return fn ? fn(mem, o, src) : 0;
}

static void cb_call_migrate_pin(struct pin_mem *mem, struct page *src, struct page *dst)
{
	void (*fn)(struct pin_mem *, struct page *, struct page *) =
		__atomic_load_n(&cb_of(src)->migrate_pin, __ATOMIC_ACQUIRE);

	if (fn)
		fn(mem, src, dst);
}

static const struct noted_hooks cb_hooks = {
	.pinned = cb_pinned,
	.unpinned = cb_unpinned,
	.migrate_unpin = cb_call_migrate_unpin,
	.migrate_pin = cb_call_migrate_pin,
};

DEFINE_NOTED_PIN_OPS(page_callbacks, &cb_hooks)

static bool page_callbacks_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	return __atomic_load_n(&cb_of(page)->migrate_unpin, __ATOMIC_ACQUIRE) != NULL;
}

static long page_callbacks_pin_count(const struct pin_mem *mem, const struct page *page)
{
	(void)mem;
	return design_noted_count(page);
}

const struct pin_design_ops page_callbacks_design = {
	.name = "page-callbacks",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE | PIN_DESIGN_MOVES_PINNED,
	.summary = "migrate_unpin/migrate_pin pointers in struct page: 80-byte pages, pinned pages move",
	.page_struct_size = sizeof(struct cb_page),
	.memory_cost = page_callbacks_memory_cost,
	DESIGN_HOT_OPS(page_callbacks),
	NOTED_PIN_OPS(page_callbacks),
	.maybe_pinned = page_callbacks_maybe_pinned,
	.pin_count = page_callbacks_pin_count,
};
